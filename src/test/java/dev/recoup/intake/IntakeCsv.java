package dev.recoup.intake;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file in Recoup's CSV shape for a test, written row by row in domain words: {@code
 * IntakeCsv.of(INVOICES).row("external_id", "INV-1", "amount", "100.00", ...)}. Columns are the
 * kind's canonical fields; cells not given are blank.
 */
final class IntakeCsv {

  private final ImportKind kind;
  private final List<String> header;
  private final List<Map<String, String>> rows = new ArrayList<>();

  private IntakeCsv(ImportKind kind, List<String> header) {
    this.kind = kind;
    this.header = header;
  }

  static IntakeCsv of(ImportKind kind) {
    return new IntakeCsv(kind, kind.fields());
  }

  /** A file with only some of the kind's columns. */
  static IntakeCsv of(ImportKind kind, String... columns) {
    return new IntakeCsv(kind, List.of(columns));
  }

  ImportKind kind() {
    return kind;
  }

  /** Adds a row: field, value, field, value, ... */
  IntakeCsv row(String... fieldsAndValues) {
    Map<String, String> r = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      if (!header.contains(fieldsAndValues[i])) {
        throw new IllegalArgumentException("no column " + fieldsAndValues[i]);
      }
      r.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    rows.add(r);
    return this;
  }

  /** The same file with one cell of the row whose external id is given changed. */
  IntakeCsv with(String externalId, String field, String value) {
    IntakeCsv copy = new IntakeCsv(kind, header);
    for (Map<String, String> r : rows) {
      Map<String, String> c = new LinkedHashMap<>(r);
      if (externalId.equals(r.get("external_id"))) {
        c.put(field, value);
      }
      copy.rows.add(c);
    }
    return copy;
  }

  int size() {
    return rows.size();
  }

  String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.join(",", header)).append("\r\n");
    for (Map<String, String> r : rows) {
      List<String> cells = new ArrayList<>();
      for (String h : header) {
        cells.add(quote(r.getOrDefault(h, "")));
      }
      b.append(String.join(",", cells)).append("\r\n");
    }
    return b.toString();
  }

  byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  InputStream stream() {
    return new ByteArrayInputStream(bytes());
  }

  String fileName() {
    return kind.slug() + ".csv";
  }

  static String quote(String cell) {
    if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }
}
