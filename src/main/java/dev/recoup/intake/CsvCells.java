package dev.recoup.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file's cells through commons-csv, streamed. The caller has looked at the first bytes
 * (charset, delimiter); this reads records one at a time. A record is a row: a quoted cell may hold
 * delimiters and line breaks, so row numbers count records, not physical lines (blank lines count
 * as rows, as a spreadsheet shows them). A quote left open at the end of the file makes the last
 * row a fault; earlier rows stand. A record longer than {@link #MAX_RECORD_CHARS} (what an unclosed
 * quote in the middle of a file produces) stops reading with a fault on that row rather than
 * filling memory.
 */
final class CsvCells implements CellSource {

  static final int MAX_RECORD_CHARS = 1_000_000;
  static final char[] DELIMITERS = {',', ';', '\t', '|'};

  private final String charset;
  private final char delimiter;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final RecordLimit limit;
  private final List<String> header;
  private final long headerRow;
  private long rowsRead;
  private boolean done;

  private CsvCells(String charset, char delimiter, Reader reader, boolean sepLine) {
    this.charset = charset;
    this.delimiter = delimiter;
    this.limit = new RecordLimit(reader);
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setDelimiter(delimiter)
            .setQuote('"')
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(false)
            .setTrailingData(true)
            .setLenientEof(false)
            .get();
    try {
      this.parser = CSVParser.builder().setReader(limit).setFormat(format).get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.records = parser.iterator();
    if (sepLine) {
      read(); // Excel's "sep=;" line names the delimiter; it is not a row.
      rowsRead = 0;
    }
    SourceRow first;
    do {
      first = read();
      if (first == null) {
        close();
        throw new IllegalArgumentException("file: the file is empty");
      }
      if (first.fault() != null) {
        close();
        throw new IllegalArgumentException("file: the header row cannot be read: " + first.fault());
      }
    } while (allBlank(first.cells()));
    this.header = first.cells();
    this.headerRow = first.row();
  }

  /**
   * Opens a CSV file. {@code in} is positioned at the start; {@code prefix} holds its first bytes
   * ({@code wholeFile} when that is all of it).
   */
  static CsvCells open(InputStream in, byte[] prefix, boolean wholeFile) {
    TextDecoding.Detected detected = TextDecoding.detect(prefix, wholeFile);
    try {
      in.skipNBytes(detected.bomLength());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text =
        TextDecoding.decodePrefix(
            Arrays.copyOfRange(prefix, detected.bomLength(), prefix.length), detected);
    if (wholeFile && text.isBlank()) {
      throw new IllegalArgumentException("file: the file is empty");
    }
    Character sep = sepLine(text);
    char delimiter = sep != null ? sep : sniff(text);
    return new CsvCells(
        detected.charset(), delimiter, TextDecoding.reader(in, detected), sep != null);
  }

  /** Excel's optional first line {@code sep=;}. */
  static Character sepLine(String text) {
    if (text.length() >= 5 && text.regionMatches(true, 0, "sep=", 0, 4)) {
      char c = text.charAt(4);
      boolean lineEnds = text.length() == 5 || text.charAt(5) == '\r' || text.charAt(5) == '\n';
      if (lineEnds && new String(DELIMITERS).indexOf(c) >= 0) {
        return c;
      }
    }
    return null;
  }

  /**
   * The delimiter of the header line: the most frequent of , ; TAB | outside quotes (ties in that
   * order; a single-column file gets ',').
   */
  static char sniff(String text) {
    int i = 0;
    int n = text.length();
    // Skip blank lines before the header.
    while (i < n) {
      int lineEnd = i;
      while (lineEnd < n && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
        lineEnd++;
      }
      if (!text.substring(i, lineEnd).isBlank() || lineEnd >= n) {
        break;
      }
      i = lineEnd + 1;
    }
    int[] counts = new int[DELIMITERS.length];
    boolean quoted = false;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        break;
      } else if (!quoted) {
        for (int d = 0; d < DELIMITERS.length; d++) {
          if (c == DELIMITERS[d]) {
            counts[d]++;
          }
        }
      }
    }
    int best = 0;
    for (int d = 1; d < DELIMITERS.length; d++) {
      if (counts[d] > counts[best]) {
        best = d;
      }
    }
    return DELIMITERS[best];
  }

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public Character delimiter() {
    return delimiter;
  }

  @Override
  public String charset() {
    return charset;
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
    return read();
  }

  private SourceRow read() {
    if (done) {
      return null;
    }
    limit.startRecord();
    try {
      if (!records.hasNext()) {
        done = true;
        return null;
      }
      CSVRecord record = records.next();
      rowsRead++;
      return new SourceRow(rowsRead, record.toList(), null);
    } catch (UncheckedIOException | IllegalStateException e) {
      done = true;
      rowsRead++;
      return new SourceRow(rowsRead, List.of(), faultOf(e));
    }
  }

  private static String faultOf(RuntimeException e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
      if (cause instanceof RecordTooLong) {
        return "the row is longer than "
            + String.format(Locale.ROOT, "%,d", MAX_RECORD_CHARS)
            + " characters (a quote that is never closed?); reading stopped here";
      }
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("EOF")) {
      return "the file ends inside a quoted cell that is never closed (cut off?)";
    }
    return "cannot be read as CSV (" + Texts.shorten(message, 160) + ")";
  }

  static boolean allBlank(List<String> cells) {
    for (String c : cells) {
      if (!Texts.isBlank(c)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // closing a reader over an upload: nothing to recover
    }
  }

  /** Thrown inside the reader when one record runs past the limit. */
  static final class RecordTooLong extends IOException {
    RecordTooLong() {
      super("record too long");
    }
  }

  /** Counts characters since the current record began and refuses to go past the limit. */
  private static final class RecordLimit extends Reader {
    private final Reader in;
    private long count;
    private long recordStart;

    RecordLimit(Reader in) {
      this.in = in;
    }

    void startRecord() {
      recordStart = count;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      if (count - recordStart > MAX_RECORD_CHARS) {
        throw new RecordTooLong();
      }
      int k = in.read(cbuf, off, len);
      if (k > 0) {
        count += k;
      }
      return k;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
