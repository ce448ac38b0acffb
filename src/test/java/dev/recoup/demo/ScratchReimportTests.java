package dev.recoup.demo;

import dev.recoup.access.Access;
import dev.recoup.intake.ImportKind;
import dev.recoup.intake.Imports;
import dev.recoup.intake.Presets;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

@RecoupTest
class ScratchReimportTests {
  @Autowired Imports imports;
  @Autowired Access access;
  @TempDir Path dir;

  @Test
  void reimport() throws Exception {
    GeneratedFiles.write(Tier.DEMO, 42, LocalDate.parse(RecoupTest.TODAY), dir, true);
    SignedIn.as(access, "maria");
    try {
      for (ImportKind k : CsvPortfolio.KINDS) {
        try (var in = Files.newInputStream(dir.resolve(k.slug() + ".csv"))) {
          long t0 = System.nanoTime();
          var r = imports.importFile(k, Presets.named("recoup", k), k.slug() + ".csv", in);
          System.out.println(
              "REIMPORT "
                  + k
                  + " created="
                  + r.created()
                  + " updated="
                  + r.updated()
                  + " unchanged="
                  + r.unchanged()
                  + " rejected="
                  + r.rejected()
                  + " errors="
                  + r.errors().stream().limit(5).toList()
                  + " in "
                  + (System.nanoTime() - t0) / 1_000_000
                  + " ms");
        }
      }
    } finally {
      SignedIn.out();
    }
  }
}
