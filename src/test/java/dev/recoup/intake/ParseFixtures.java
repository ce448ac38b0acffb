package dev.recoup.intake;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reading test files in one line. */
final class ParseFixtures {

  private ParseFixtures() {}

  static List<ParsedRow> read(byte[] bytes, String fileName, ColumnMapping mapping) {
    List<ParsedRow> rows = new ArrayList<>();
    try (ParsedRows parsed = IntakeFiles.open(new ByteArrayInputStream(bytes), fileName, mapping)) {
      parsed.forEachRemaining(rows::add);
    }
    return rows;
  }

  static List<ParsedRow> readCsv(String text, ColumnMapping mapping) {
    return read(text.getBytes(StandardCharsets.UTF_8), "file.csv", mapping);
  }

  static ColumnMapping recoup(ImportKind kind) {
    return Presets.named("recoup", kind);
  }

  static ColumnMapping withDecimalComma(ColumnMapping m) {
    return new ColumnMapping(
        m.name(), m.kind(), m.sourceSystem(), m.columns(), m.constants(), m.dateOrder(), ',');
  }

  /** A Recoup-shape invoices header and one row per given line (after the header). */
  static String invoices(String... lines) {
    return "external_id,number,account_external_id,currency,issue_date,due_date,amount,memo\n"
        + String.join("\n", lines)
        + "\n";
  }

  static ParsedRow row(List<ParsedRow> rows, long number) {
    return rows.stream()
        .filter(r -> r.row() == number)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + number + " in " + rows));
  }
}
