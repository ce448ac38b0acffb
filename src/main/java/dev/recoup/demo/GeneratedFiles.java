package dev.recoup.demo;

import dev.recoup.intake.ImportKind;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generated portfolio written to Recoup-shape CSV files rather than loaded: the same generator as
 * the database load, with the demo team's collectors as owners (by username, dealt by region as the
 * load deals them), so the files match a database loaded with the same tier, seed and date.
 */
final class GeneratedFiles {

  private GeneratedFiles() {}

  /** What was written: the directory and the rows per file. */
  record Written(Path dir, Map<ImportKind, Long> rows) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      rows.forEach(
          (k, n) ->
              s.append(s.isEmpty() ? "" : ", ")
                  .append(CsvPortfolio.fileName(k))
                  .append(" ")
                  .append(String.format("%,d", n)));
      return s + " in " + dir.toAbsolutePath();
    }
  }

  /** Writes the tier's files into {@code dir}; without {@code owners} the owner column is blank. */
  static Written write(Tier tier, long seed, LocalDate asOf, Path dir, boolean owners) {
    Map<String, List<Long>> ownersByRegion = new LinkedHashMap<>();
    Map<Long, String> usernames = new HashMap<>();
    if (owners) {
      long id = 0;
      for (var region : new TreeMap<>(DemoTeam.COLLECTORS_BY_REGION).entrySet()) {
        List<Long> ids = new ArrayList<>();
        for (String username : region.getValue()) {
          ids.add(++id);
          usernames.put(id, username);
        }
        ownersByRegion.put(region.getKey(), ids);
      }
    }
    try (CsvPortfolio files = new CsvPortfolio(dir, usernames)) {
      new PortfolioGenerator(tier, seed, asOf, ownersByRegion).generate(files);
      Map<ImportKind, Long> rows = new LinkedHashMap<>();
      for (ImportKind k : CsvPortfolio.KINDS) {
        rows.put(k, files.counts().get(k));
      }
      return new Written(dir, rows);
    }
  }
}
