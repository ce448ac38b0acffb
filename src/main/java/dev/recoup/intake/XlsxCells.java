package dev.recoup.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * The first sheet of an Excel workbook (.xlsx), streamed with fastexcel-reader. The upload is
 * spooled to a temporary file (fastexcel would otherwise hold a stream's bytes in memory) and its
 * ZIP entries are inflated once through a counter before the workbook is opened: a workbook that
 * would inflate past {@link #MAX_UNCOMPRESSED_BYTES}, any entry that inflates more than {@link
 * #MAX_RATIO} times its compressed size once past {@link #RATIO_GRACE_BYTES}, or more than {@link
 * #MAX_ENTRIES} entries is refused as a zip bomb before anything is parsed. Numbers come back as
 * plain decimals (15 significant digits, as Excel shows them), cells formatted as dates as ISO
 * dates, booleans as TRUE/FALSE.
 */
final class XlsxCells implements CellSource {

  static final long MAX_FILE_BYTES = 512L * 1024 * 1024;
  static final long MAX_UNCOMPRESSED_BYTES = 1024L * 1024 * 1024;
  static final long MAX_RATIO = 200;
  static final long RATIO_GRACE_BYTES = 10L * 1024 * 1024;
  static final int MAX_ENTRIES = 10_000;
  static final int MAX_COLUMNS = 16_384;

  private static final MathContext EXCEL_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

  private final Path file;
  private final ReadableWorkbook workbook;
  private final Stream<Row> stream;
  private final Iterator<Row> rows;
  private final List<String> header;
  private long headerRow;
  private boolean done;
  private long lastRow;

  private XlsxCells(Path file) throws IOException {
    this.file = file;
    this.workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
    try {
      this.stream = workbook.getFirstSheet().openStream();
    } catch (IOException | RuntimeException e) {
      workbook.close();
      throw e;
    }
    this.rows = stream.iterator();
    try {
      this.header = readHeader();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private List<String> readHeader() {
    List<String> first = null;
    while (first == null) {
      SourceRow row = read(0);
      if (row == null) {
        throw new IllegalArgumentException("file: the workbook's first sheet is empty");
      }
      if (row.fault() != null) {
        throw new IllegalArgumentException("file: the header row cannot be read: " + row.fault());
      }
      if (!CsvCells.allBlank(row.cells())) {
        List<String> cells = new ArrayList<>(row.cells());
        while (!cells.isEmpty() && Texts.isBlank(cells.get(cells.size() - 1))) {
          cells.remove(cells.size() - 1);
        }
        first = List.copyOf(cells);
        headerRow = row.row();
      }
    }
    return first;
  }

  /** Spools, checks and opens a workbook; {@code in} is closed. */
  static XlsxCells open(InputStream in) {
    Path file = null;
    try (in) {
      file = Files.createTempFile("recoup-intake-", ".xlsx");
      long size = 0;
      try (OutputStream out = Files.newOutputStream(file)) {
        byte[] buf = new byte[65536];
        int k;
        while ((k = in.read(buf)) > 0) {
          size += k;
          if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(
                "file: the workbook is larger than " + (MAX_FILE_BYTES >> 20) + " MB");
          }
          out.write(buf, 0, k);
        }
      }
      checkNotABomb(file);
      return new XlsxCells(file);
    } catch (IllegalArgumentException e) {
      delete(file);
      throw e;
    } catch (IOException | RuntimeException e) {
      delete(file);
      throw new IllegalArgumentException(
          "file: not a readable Excel workbook (" + Texts.shorten(describe(e), 160) + ")");
    }
  }

  /** Inflates every entry through a counter; refuses what a zip bomb would be. */
  static void checkNotABomb(Path file) throws IOException {
    long total = 0;
    int entries = 0;
    byte[] buf = new byte[65536];
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        if (++entries > MAX_ENTRIES) {
          throw new IllegalArgumentException(
              "file: the workbook has more than " + MAX_ENTRIES + " parts (a zip bomb?)");
        }
        long compressed = Math.max(entry.getCompressedSize(), 1);
        long inflated = 0;
        try (InputStream part = zip.getInputStream(entry)) {
          int k;
          while ((k = part.read(buf)) > 0) {
            inflated += k;
            total += k;
            if (total > MAX_UNCOMPRESSED_BYTES) {
              throw new IllegalArgumentException(
                  "file: the workbook inflates to more than "
                      + (MAX_UNCOMPRESSED_BYTES >> 20)
                      + " MB (a zip bomb?)");
            }
            if (inflated > RATIO_GRACE_BYTES && inflated / compressed > MAX_RATIO) {
              throw new IllegalArgumentException(
                  "file: part '"
                      + Texts.shorten(entry.getName())
                      + "' inflates more than "
                      + MAX_RATIO
                      + " times its size (a zip bomb?)");
            }
          }
        }
      }
    }
  }

  @Override
  public String format() {
    return "xlsx";
  }

  @Override
  public Character delimiter() {
    return null;
  }

  @Override
  public String charset() {
    return null;
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public long headerRow() {
    return headerRow;
  }

  @Override
  public SourceRow next() {
    return read(header.size());
  }

  private SourceRow read(int width) {
    if (done) {
      return null;
    }
    try {
      if (!rows.hasNext()) {
        done = true;
        return null;
      }
      Row row = rows.next();
      int count = Math.min(Math.max(row.getCellCount(), width), MAX_COLUMNS);
      List<String> cells = new ArrayList<>(count);
      BitSet numbers = new BitSet();
      for (int i = 0; i < count; i++) {
        Cell cell = i < row.getCellCount() ? row.getCell(i) : null;
        String text = cell == null ? "" : text(cell);
        if (cell != null && cell.getValue() instanceof BigDecimal && isPlainDecimal(text)) {
          numbers.set(i);
        }
        cells.add(text);
      }
      lastRow = row.getRowNum();
      return new SourceRow(lastRow, cells, null, numbers);
    } catch (RuntimeException e) {
      done = true;
      return new SourceRow(
          lastRow + 1,
          List.of(),
          "the sheet cannot be read past here (" + Texts.shorten(describe(e), 160) + ")");
    }
  }

  private String text(Cell cell) {
    CellType type = cell.getType();
    Object value = cell.getValue();
    if (type == CellType.EMPTY || value == null) {
      return "";
    }
    if (type == CellType.BOOLEAN) {
      return Boolean.TRUE.equals(value) ? "TRUE" : "FALSE";
    }
    if (value instanceof BigDecimal number) {
      if (isDateFormat(cell)
          && number.signum() >= 0
          && number.compareTo(BigDecimal.valueOf(2_958_465)) <= 0) {
        return excelDate(number, workbook.isDate1904()).toString();
      }
      BigDecimal shown = number.round(EXCEL_DIGITS).stripTrailingZeros();
      return shown.scale() < 0 ? shown.setScale(0).toPlainString() : shown.toPlainString();
    }
    return value.toString();
  }

  /** "-1234.5": what {@link #text} writes for a number (and not for a date). */
  static boolean isPlainDecimal(String text) {
    int i = text.startsWith("-") ? 1 : 0;
    boolean digits = false;
    boolean point = false;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return false;
      }
    }
    return digits;
  }

  /** Built-in date formats (14-22, 27-36, 45-47, 50-58) or a custom one with y, d or a month. */
  static boolean isDateFormat(Cell cell) {
    Integer id = cell.getDataFormatId();
    if (id != null
        && ((id >= 14 && id <= 17)
            || id == 22
            || (id >= 27 && id <= 36)
            || (id >= 50 && id <= 58))) {
      return true;
    }
    String format = cell.getDataFormatString();
    if (format == null || format.isEmpty() || format.equalsIgnoreCase("general")) {
      return false;
    }
    StringBuilder plain = new StringBuilder();
    boolean quoted = false;
    boolean bracket = false;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '[') {
        bracket = true;
      } else if (bracket && c == ']') {
        bracket = false;
      } else if (!quoted && !bracket && c == '\\') {
        i++;
      } else if (!quoted && !bracket) {
        plain.append(Character.toLowerCase(c));
      }
    }
    String p = plain.toString();
    return p.indexOf('y') >= 0
        || p.indexOf('d') >= 0
        || (p.indexOf('m') >= 0 && p.indexOf('h') < 0 && p.indexOf('s') < 0);
  }

  /** An Excel serial day number (time of day dropped) → the date. */
  static LocalDate excelDate(BigDecimal serial, boolean date1904) {
    if (serial.signum() < 0 || serial.compareTo(BigDecimal.valueOf(2_958_465)) > 0) {
      throw new IllegalArgumentException("'" + serial.toPlainString() + "' is not a date");
    }
    long days = serial.setScale(0, RoundingMode.FLOOR).longValueExact();
    if (date1904) {
      return LocalDate.of(1904, 1, 1).plusDays(days);
    }
    // Excel counts a 29 February 1900 that never was: serials from 61 on are one day ahead.
    return days >= 61
        ? LocalDate.of(1899, 12, 30).plusDays(days)
        : LocalDate.of(1899, 12, 31).plusDays(days);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (RuntimeException e) {
      // closing after a read fault
    }
    try {
      workbook.close();
    } catch (IOException | RuntimeException e) {
      // nothing to recover
    } finally {
      delete(file);
    }
  }

  private static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }
}
