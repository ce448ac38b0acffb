package dev.recoup.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Opens an ERP or bank file, CSV or Excel, for reading row by row through a column mapping.
 *
 * <p>The format is decided by content: a file starting with the ZIP signature "PK" is read as an
 * Excel workbook (.xlsx, streamed with fastexcel-reader, first sheet); anything else as CSV. A file
 * named .xlsx that is not a ZIP, and an old binary .xls, are refused. CSV: a byte-order mark is
 * dropped; the first 64 KB decide the charset (valid UTF-8 → UTF-8, otherwise Windows-1252, the
 * superset of Latin-1) and the delimiter (the most frequent of , ; TAB | outside quotes in the
 * header line, or Excel's {@code sep=} line). Structural faults of a file are thrown as {@link
 * IllegalArgumentException} "file: reason" when it is opened; faults of a row come back as that
 * row's errors (see {@link ParsedRows}).
 *
 * <p>Row numbers are those a spreadsheet shows: the header is row 1 (unless blank rows precede it),
 * a CSV record with line breaks inside quotes is one row, blank rows are skipped but counted. Each
 * data row is mapped through the {@link ColumnMapping}: headers match ignoring case and surrounding
 * spaces; a mapping's column may list alternatives separated by '|' ({@code Customer|Name}, the
 * first present wins); constants fill fields the file lacks or leaves blank; values are normalised
 * as {@link ParsedRow} says (amounts, dates, ISO currency codes checked against {@link
 * java.util.Currency} and its decimals, enumerations upper-cased, a due date before the issue date
 * refused, cells over 10,000 characters refused); invoices without a kind are SUBSCRIPTION; {@code
 * source_system} is the row's column if mapped, else the mapping's.
 *
 * <p>Three mapping keys are not canonical fields and never reach the values: column {@code
 * document_type} (the ERP's document type: a row of another kind, e.g. a payment in an invoice
 * export, is refused with a reason), column {@code clearing_document} (SAP: an invoice with a
 * clearing document is CLEARED with nothing open, one without is OPEN for its amount, unless status
 * or open amount are mapped) and constant {@code amount_sign}: {@code positive} (default), {@code
 * negative} (the ERP writes these credits negative, like SAP FBL5N payments: a negative amount is
 * taken as its magnitude, a positive one refused) or {@code any} (either sign, the magnitude).
 */
public final class IntakeFiles {

  /** How many bytes decide format, charset and delimiter. */
  static final int PREFIX_BYTES = 64 * 1024;

  private IntakeFiles() {}

  /**
   * Opens {@code in} (which the returned rows close) as a file of {@code mapping.kind()}. The file
   * name only serves messages and the .xlsx check.
   */
  public static ParsedRows open(InputStream in, String fileName, ColumnMapping mapping) {
    if (mapping == null) {
      throw new IllegalArgumentException("mapping: no mapping");
    }
    CellSource source = cells(in, fileName);
    try {
      RowMapper mapper = new RowMapper(mapping, source.header(), source.delimiter());
      return new MappedRows(source, mapper);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** The header and the first {@code maxRows} data rows of a file, unmapped. Closes {@code in}. */
  public static FilePreview preview(InputStream in, String fileName, int maxRows) {
    try (CellSource source = cells(in, fileName)) {
      List<List<String>> rows = new ArrayList<>();
      int width = source.header().size();
      while (rows.size() < maxRows) {
        CellSource.SourceRow row = source.next();
        if (row == null || row.fault() != null) {
          break;
        }
        if (CsvCells.allBlank(row.cells())) {
          continue;
        }
        List<String> cells = new ArrayList<>(row.cells());
        while (cells.size() < width) {
          cells.add("");
        }
        rows.add(cells);
      }
      return new FilePreview(
          source.format(),
          source.delimiter() == null ? "" : String.valueOf(source.delimiter()),
          source.charset() == null ? "" : source.charset(),
          source.header(),
          rows);
    }
  }

  /** The cells of a file, CSV or Excel by content. */
  static CellSource cells(InputStream in, String fileName) {
    if (in == null) {
      throw new IllegalArgumentException("file: no file");
    }
    String name = fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
    BufferedInputStream buffered = new BufferedInputStream(in, PREFIX_BYTES + 1);
    byte[] prefix;
    try {
      buffered.mark(PREFIX_BYTES + 1);
      prefix = buffered.readNBytes(PREFIX_BYTES);
      buffered.reset();
    } catch (IOException e) {
      closeQuietly(buffered);
      throw new UncheckedIOException(e);
    }
    try {
      if (prefix.length == 0) {
        throw new IllegalArgumentException("file: the file is empty");
      }
      if (isZip(prefix)) {
        return XlsxCells.open(buffered);
      }
      if (isOle2(prefix)) {
        throw new IllegalArgumentException(
            "file: this is an old Excel .xls file; save it as .xlsx or CSV");
      }
      if (name.endsWith(".xlsx") || name.endsWith(".xlsm")) {
        throw new IllegalArgumentException(
            "file: '" + Texts.shorten(fileName) + "' is named like a workbook but is not one");
      }
      return CsvCells.open(buffered, prefix, prefix.length < PREFIX_BYTES);
    } catch (RuntimeException e) {
      closeQuietly(buffered);
      throw e;
    }
  }

  static boolean isZip(byte[] prefix) {
    return prefix.length >= 4
        && prefix[0] == 'P'
        && prefix[1] == 'K'
        && (prefix[2] == 3 || prefix[2] == 5 || prefix[2] == 7)
        && (prefix[3] == 4 || prefix[3] == 6 || prefix[3] == 8);
  }

  private static boolean isOle2(byte[] prefix) {
    return prefix.length >= 4
        && (prefix[0] & 0xff) == 0xD0
        && (prefix[1] & 0xff) == 0xCF
        && (prefix[2] & 0xff) == 0x11
        && (prefix[3] & 0xff) == 0xE0;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing to recover when closing an upload
    }
  }

  /** The rows of a file through its mapping, one at a time. */
  private static final class MappedRows implements ParsedRows {
    private final CellSource source;
    private final RowMapper mapper;
    private ParsedRow pending;
    private boolean done;

    MappedRows(CellSource source, RowMapper mapper) {
      this.source = source;
      this.mapper = mapper;
    }

    @Override
    public List<String> header() {
      return source.header();
    }

    @Override
    public boolean hasNext() {
      while (pending == null && !done) {
        CellSource.SourceRow row = source.next();
        if (row == null) {
          done = true;
          source.close();
        } else if (row.fault() != null) {
          pending = mapper.fault(row.row(), row.cells(), row.fault());
        } else if (!CsvCells.allBlank(row.cells())) {
          pending = mapper.map(row.row(), row.cells(), row.numbers());
        }
      }
      return pending != null;
    }

    @Override
    public ParsedRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ParsedRow row = pending;
      pending = null;
      return row;
    }

    @Override
    public void close() {
      done = true;
      source.close();
    }
  }
}
