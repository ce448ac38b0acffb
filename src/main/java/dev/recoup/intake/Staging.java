package dev.recoup.intake;

import dev.recoup.shared.CopyWriter;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The staging table of each kind (one column per canonical field, plus the run, the row number and
 * the row as the file had it) and the checks a row gets on its way there beyond the parser's: what
 * the ledger's and accounts' columns would refuse later (a NUL character, an unknown time zone,
 * payment-run days that are no weekdays, an application naming both or neither of a payment and a
 * credit memo), so that it is a row error now rather than a failed merge.
 */
final class Staging {

  static final String QUARANTINE = "import_rejected_row";

  private static final List<String> WEEKDAYS =
      List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

  private Staging() {}

  static String table(ImportKind kind) {
    return switch (kind) {
      case ACCOUNTS -> "staging_account";
      case CONTACTS -> "staging_contact";
      case INVOICES -> "staging_invoice";
      case CREDIT_MEMOS -> "staging_credit_memo";
      case PAYMENTS -> "staging_payment";
      case APPLICATIONS -> "staging_application";
    };
  }

  /** The staging column of a canonical field. */
  static String column(String field) {
    return field.equals("owner") ? "owner_username" : field;
  }

  /** The COPY column list: run, row, the kind's fields in canonical order, the raw row. */
  static String copyColumns(ImportKind kind) {
    List<String> cols = new ArrayList<>();
    cols.add("run_id");
    cols.add("row_no");
    for (String f : kind.fields()) {
      cols.add(column(f));
    }
    cols.add("raw");
    return String.join(", ", cols);
  }

  /** Writes one good row in COPY format, in the order of {@link #copyColumns}. */
  static void write(
      CopyWriter w, ImportKind kind, long runId, ParsedRow row, List<String> fields, String raw)
      throws IOException {
    w.add(runId).add(row.row());
    Map<String, String> values = row.values();
    for (String f : fields) {
      w.add(values.get(f));
    }
    w.add(raw);
    w.endRow();
  }

  /**
   * Checks beyond the parser's, normalising where the stored form is fixed (payment-run days as
   * {@code MON,WED}). Returns the row as it goes to staging, with its errors.
   */
  static ParsedRow check(ImportKind kind, ParsedRow row) {
    if (!row.ok()) {
      return row;
    }
    List<RowError> errors = new ArrayList<>(0);
    Map<String, String> values = row.values();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getValue().indexOf('\u0000') >= 0) {
        errors.add(new RowError(row.row(), e.getKey(), "contains a NUL character"));
      }
    }
    String zone = values.get("time_zone");
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        errors.add(
            new RowError(
                row.row(),
                "time_zone",
                "'" + Texts.shorten(zone) + "' is not a time zone (like Europe/Dublin)"));
      }
    }
    String days = values.get("payment_run_days");
    if (days != null) {
      String normal = weekdays(days);
      if (normal == null) {
        errors.add(
            new RowError(
                row.row(),
                "payment_run_days",
                "'" + Texts.shorten(days) + "' is not a list of weekdays (like MON,THU)"));
      } else if (!normal.equals(days)) {
        values = new java.util.LinkedHashMap<>(values);
        values.put("payment_run_days", normal);
      }
    }
    if (kind == ImportKind.APPLICATIONS) {
      boolean payment = values.containsKey("payment_external_id");
      boolean memo = values.containsKey("credit_memo_external_id");
      if (payment == memo) {
        errors.add(
            new RowError(
                row.row(),
                payment ? "credit_memo_external_id" : "payment_external_id",
                payment
                    ? "an application comes from a payment or a credit memo, not both"
                    : "is blank; an application needs a payment or a credit memo"));
      }
    }
    if (errors.isEmpty() && values == row.values()) {
      return row;
    }
    return new ParsedRow(row.row(), values, row.raw(), errors);
  }

  /** "Mon, Thursday" → "MON,THU" in week order; null when a part is no weekday. */
  static String weekdays(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.split("[,;/ ]+")) {
      String p = part.strip().toUpperCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      DayOfWeek found = null;
      for (DayOfWeek d : DayOfWeek.values()) {
        if (p.length() >= 2 && d.name().startsWith(p)) {
          found = d;
        }
      }
      if (found == null) {
        return null;
      }
      days.add(found);
    }
    TreeSet<DayOfWeek> sorted = new TreeSet<>(days);
    List<String> names = new ArrayList<>();
    sorted.forEach(d -> names.add(WEEKDAYS.get(d.ordinal())));
    return String.join(",", names);
  }

  /** The row's cells as a JSON array, in the file's order (what quarantine keeps). */
  static String rawJson(Map<String, String> raw) {
    StringBuilder b = new StringBuilder(128).append('[');
    int n = 0;
    for (String cell : raw.values()) {
      if (n++ > 0) {
        b.append(',');
      }
      json(b, cell);
    }
    return b.append(']').toString();
  }

  /** A list of texts as a JSON array. */
  static String jsonArray(List<String> texts) {
    StringBuilder b = new StringBuilder(128).append('[');
    int n = 0;
    for (String t : texts) {
      if (n++ > 0) {
        b.append(',');
      }
      json(b, t);
    }
    return b.append(']').toString();
  }

  private static void json(StringBuilder b, String s) {
    if (s == null) {
      b.append("\"\"");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            // NUL cannot be stored in PostgreSQL text, not even escaped in jsonb.
            b.append(c == 0 ? "\\ufffd" : String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
