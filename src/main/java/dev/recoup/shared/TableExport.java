package dev.recoup.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One list export, CSV or Excel from the same rows: a list's controller names the columns once and
 * feeds rows one by one, whatever the format the person asked for ({@code .csv} or {@code .xlsx} at
 * the end of the path). Rows go straight to the response: nothing is held.
 *
 * <p>Values keep their type: text (neutralised against formulas in both formats, see {@link
 * SpreadsheetText}), {@link Money} and {@link BigDecimal} (plain digits with '.' in CSV, numbers at
 * the currency's decimals in Excel: put the currency in a column of its own), whole numbers, dates
 * and instants (ISO in CSV, dates in Excel), booleans and enums (by name); {@code null} is an empty
 * cell.
 */
public final class TableExport implements Closeable {

  /** The two formats of every list export, named by their file extension. */
  public enum Format {
    CSV,
    XLSX;

    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@code csv} or {@code xlsx}, any case; anything else is refused. */
    public static Format of(String extension) {
      String e = extension == null ? "" : extension.trim().toLowerCase(Locale.ROOT);
      return switch (e) {
        case "csv" -> CSV;
        case "xlsx" -> XLSX;
        default -> throw new IllegalArgumentException("format: csv or xlsx");
      };
    }

    /** The format a request's path ends in: {@code /plans/export.xlsx} is Excel. */
    public static Format of(HttpServletRequest request) {
      String path = request.getRequestURI();
      int dot = path.lastIndexOf('.');
      return of(dot < 0 ? "" : path.substring(dot + 1));
    }
  }

  private final CSVPrinter csv;
  private final ExcelDownload excel;
  private final int columns;

  private TableExport(CSVPrinter csv, ExcelDownload excel, int columns) {
    this.csv = csv;
    this.excel = excel;
    this.columns = columns;
  }

  /**
   * Starts the download of {@code baseName.csv} or {@code baseName.xlsx}, by the extension of the
   * request's path, with this header row.
   */
  public static TableExport open(
      HttpServletRequest request, HttpServletResponse response, String baseName, String... header)
      throws IOException {
    return open(Format.of(request), response, baseName, header);
  }

  /** Starts the download of {@code baseName} in the given format with this header row. */
  public static TableExport open(
      Format format, HttpServletResponse response, String baseName, String... header)
      throws IOException {
    String filename = baseName + "." + format.extension();
    if (format == Format.CSV) {
      return csv(CsvDownload.open(response, filename), header);
    }
    return excel(ExcelDownload.open(response, filename, sheetOf(baseName)), header);
  }

  /** Writes the export to a stream: a file, a test's buffer, a benchmark's counter. */
  public static TableExport to(Format format, OutputStream out, String name, String... header) {
    if (format == Format.CSV) {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      try {
        w.write('\ufeff');
        return csv(w, header);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return excel(ExcelDownload.to(out, sheetOf(name)), header);
  }

  private static TableExport csv(Writer w, String... header) {
    try {
      return new TableExport(
          CSVFormat.DEFAULT.builder().setHeader(header).get().print(w), null, header.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TableExport excel(ExcelDownload x, String... header) {
    x.header(Arrays.asList(header));
    return new TableExport(null, x, header.length);
  }

  /** A sheet is named after the list ("open-items-2026-11-20"), as far as Excel allows. */
  private static String sheetOf(String baseName) {
    return baseName;
  }

  /** Appends one row: one value per header column, in order. */
  public void row(Object... values) {
    if (values.length != columns) {
      throw new IllegalArgumentException(
          "A row of " + values.length + " values under " + columns + " columns");
    }
    if (excel != null) {
      excel.row(Arrays.asList(values));
      return;
    }
    try {
      for (Object v : values) {
        csv.print(csvText(v));
      }
      csv.println();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How a value reads in a CSV cell. */
  static String csvText(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return SpreadsheetText.safe(s);
    }
    if (v instanceof Money m) {
      return m.plain();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Number
        || v instanceof Boolean
        || v instanceof java.time.temporal.TemporalAccessor) {
      return v.toString();
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    return SpreadsheetText.safe(v.toString());
  }

  /** Ends the file (and, for Excel, the workbook); the response stream stays the container's. */
  @Override
  public void close() throws IOException {
    if (excel != null) {
      excel.close();
    } else {
      csv.flush();
    }
  }
}
