package dev.recoup.intake;

import java.util.List;

/**
 * The cells of a file, row by row, before any mapping: what {@link IntakeFiles} reads from CSV or
 * Excel. The header is the first row with a non-blank cell.
 */
interface CellSource extends AutoCloseable {

  /** "csv" or "xlsx". */
  String format();

  /** The CSV delimiter, or null for a workbook. */
  Character delimiter();

  /** The charset a CSV file was read in ("UTF-8", "windows-1252", ...), or null for a workbook. */
  String charset();

  /** The header cells as the file has them (BOM removed). */
  List<String> header();

  /** The header's row number (1 unless blank rows come first). */
  long headerRow();

  /**
   * The next row, or null at the end. A row whose {@code fault} is set could not be read as a whole
   * (a quote left open at the end of the file, a record far too long); it is the last one.
   */
  SourceRow next();

  @Override
  void close();

  /**
   * One row of cells with its row number as a spreadsheet shows it. {@code numbers} marks the cells
   * a workbook stores as numbers (written as plain decimals with a '.', whatever the mapping's
   * decimal separator); null for CSV.
   */
  record SourceRow(long row, List<String> cells, String fault, java.util.BitSet numbers) {

    SourceRow(long row, List<String> cells, String fault) {
      this(row, cells, fault, null);
    }
  }
}
