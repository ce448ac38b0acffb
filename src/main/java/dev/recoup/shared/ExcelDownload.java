package dev.recoup.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Every list's Excel export: an .xlsx written row by row straight to the response, so memory stays
 * flat however long the list (rows are flushed to the stream every {@value #FLUSH_EVERY}; text is
 * written inline, not into a shared-strings table that would grow with the file). A bold, frozen
 * header row with filters; text goes through {@link SpreadsheetText#safe}; amounts are numbers at
 * their currency's decimals (the currency belongs in a column of its own), dates are dates. A list
 * longer than a worksheet holds continues on a second sheet under the same header.
 */
public final class ExcelDownload implements Closeable {

  public static final String CONTENT_TYPE =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  static final int FLUSH_EVERY = 1_000;
  private static final String DATE = "yyyy-mm-dd";
  private static final String DATE_TIME = "yyyy-mm-dd hh:mm:ss";

  private final OutputStream out;
  private final Workbook workbook;
  private final String sheetName;
  private List<String> header = List.of();
  private Worksheet sheet;
  private int sheets;
  private int row;
  private boolean widthsSet;
  private long rows;
  private String[] formats = new String[0];

  private ExcelDownload(OutputStream out, String sheetName) {
    this.out = out;
    this.sheetName = sheetName(sheetName);
    this.workbook = new Workbook(out, "Recoup", "1.0");
    // Speed over the last few percent of size: exports are large and read once.
    workbook.setCompressionLevel(1);
  }

  /**
   * Sets the response up as an .xlsx attachment named {@code filename} whose one worksheet is named
   * {@code sheetName}, and returns the writer of its rows.
   */
  public static ExcelDownload open(HttpServletResponse response, String filename, String sheetName)
      throws IOException {
    response.setContentType(CONTENT_TYPE);
    response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    return new ExcelDownload(response.getOutputStream(), sheetName);
  }

  /** Writes the workbook to any stream (a file, a test's buffer, a benchmark's counter). */
  public static ExcelDownload to(OutputStream out, String sheetName) {
    return new ExcelDownload(out, sheetName);
  }

  /** The header row (bold, frozen, with filters); call it once, before the first row. */
  public ExcelDownload header(List<String> names) {
    if (sheet != null) {
      throw new IllegalStateException("The header comes before the rows");
    }
    header = List.copyOf(names);
    newSheet();
    return this;
  }

  /** Appends one row; see the class comment for how each kind of value is written. */
  public void row(List<?> values) {
    if (sheet == null) {
      newSheet();
    }
    if (row >= Worksheet.MAX_ROWS) {
      finishSheet();
      newSheet();
    }
    if (!widthsSet) {
      widths(values);
    }
    int n = values.size();
    if (formats.length < n) {
      formats = new String[n];
    }
    java.util.Arrays.fill(formats, null);
    for (int c = 0; c < n; c++) {
      cell(c, values.get(c));
    }
    applyFormats(n);
    row++;
    rows++;
    if (row % FLUSH_EVERY == 0) {
      try {
        sheet.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Data rows written so far (without headers). */
  public long rows() {
    return rows;
  }

  private void cell(int c, Object v) {
    if (v == null) {
      return;
    }
    if (v instanceof String s) {
      sheet.inlineString(row, c, SpreadsheetText.safe(s));
    } else if (v instanceof Money m) {
      number(c, m.amount(), m.amount().scale());
    } else if (v instanceof BigDecimal d) {
      number(c, d, Math.max(0, d.scale()));
    } else if (v instanceof Number n) {
      sheet.value(row, c, n);
    } else if (v instanceof LocalDate d) {
      sheet.value(row, c, d);
      formats[c] = DATE;
    } else if (v instanceof Instant i) {
      dateTime(c, LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    } else if (v instanceof OffsetDateTime t) {
      dateTime(c, t.atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
    } else if (v instanceof ZonedDateTime t) {
      dateTime(c, t.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
    } else if (v instanceof LocalDateTime t) {
      dateTime(c, t);
    } else if (v instanceof Boolean b) {
      sheet.value(row, c, b);
    } else if (v instanceof Enum<?> e) {
      sheet.inlineString(row, c, e.name());
    } else {
      sheet.inlineString(row, c, SpreadsheetText.safe(v.toString()));
    }
  }

  private void number(int c, BigDecimal amount, int decimals) {
    sheet.value(row, c, amount);
    formats[c] = numberFormat(decimals);
  }

  private void dateTime(int c, LocalDateTime t) {
    sheet.value(row, c, t);
    formats[c] = DATE_TIME;
  }

  /**
   * Sets the row's number and date formats, one style per run of neighbouring cells with the same
   * format (setting a style cell by cell costs more than writing the cells).
   */
  private void applyFormats(int n) {
    int c = 0;
    while (c < n) {
      String f = formats[c];
      if (f == null) {
        c++;
        continue;
      }
      int end = c;
      while (end + 1 < n && f.equals(formats[end + 1])) {
        end++;
      }
      sheet.range(row, c, row, end).style().format(f).set();
      c = end + 1;
    }
  }

  /** Thousands separators and exactly the currency's (or the value's) decimals. */
  static String numberFormat(int decimals) {
    return NUMBER_FORMATS[Math.max(0, Math.min(decimals, NUMBER_FORMATS.length - 1))];
  }

  private static final String[] NUMBER_FORMATS = new String[11];

  static {
    NUMBER_FORMATS[0] = "#,##0";
    for (int d = 1; d < NUMBER_FORMATS.length; d++) {
      NUMBER_FORMATS[d] = "#,##0." + "0".repeat(d);
    }
  }

  /**
   * Column widths come before the first rows reach the stream: sized from the header and the first
   * row's values.
   */
  private void widths(List<?> first) {
    int n = Math.max(first.size(), header.size());
    for (int c = 0; c < n; c++) {
      int h = c < header.size() ? header.get(c).length() : 0;
      Object v = c < first.size() ? first.get(c) : null;
      int w;
      if (v == null) {
        w = 10;
      } else if (v instanceof LocalDate) {
        w = 11;
      } else if (v instanceof Instant
          || v instanceof OffsetDateTime
          || v instanceof ZonedDateTime
          || v instanceof LocalDateTime) {
        w = 19;
      } else if (v instanceof Money || v instanceof BigDecimal) {
        w = 14;
      } else if (v instanceof Number) {
        w = 10;
      } else {
        w = Math.min(40, v.toString().length() + 2);
      }
      sheet.width(c, Math.min(60, Math.max(Math.max(w, h + 2), 8)));
    }
    widthsSet = true;
  }

  private void newSheet() {
    sheets++;
    sheet = workbook.newWorksheet(sheets == 1 ? sheetName : sheetName(sheetName + " " + sheets));
    row = 0;
    if (!header.isEmpty()) {
      for (int c = 0; c < header.size(); c++) {
        sheet.inlineString(0, c, header.get(c));
      }
      sheet.range(0, 0, 0, header.size() - 1).style().bold().fillColor("DDE1E8").set();
      sheet.freezePane(0, 1);
      row = 1;
    }
    widthsSet = false;
  }

  /** Filters over the header and every row written: set last, it closes the sheet's XML. */
  private void filters() {
    if (!header.isEmpty()) {
      sheet.setAutoFilter(0, 0, Math.max(0, row - 1), header.size() - 1);
    }
  }

  private void finishSheet() {
    filters();
    try {
      sheet.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Excel's rules: at most 31 characters, none of : \ / ? * [ ]. */
  private static String sheetName(String name) {
    String clean =
        name == null || name.isBlank() ? "Export" : name.replaceAll("[:\\\\/?*\\[\\]]", " ");
    return clean.length() > 31 ? clean.substring(0, 31) : clean;
  }

  /** Ends the workbook; the stream itself stays open (the servlet container closes it). */
  @Override
  public void close() throws IOException {
    if (sheet == null) {
      newSheet();
    }
    filters();
    workbook.finish();
    out.flush();
  }
}
