package dev.recoup.intake;

import java.util.List;

/**
 * The first rows of a file as it is, before any mapping, for the mapping editor: its format ({@code
 * csv} or {@code xlsx}), the CSV delimiter ({@code ","}, {@code ";"}, {@code "\t"} or {@code "|"};
 * empty for a workbook), the charset the CSV was read in ({@code UTF-8}, {@code windows-1252},
 * {@code UTF-16LE}...; empty for a workbook), the header row and up to the asked number of data
 * rows (blank rows skipped; a row the file cannot give whole is left out).
 */
public record FilePreview(
    String format, String delimiter, String charset, List<String> header, List<List<String>> rows) {

  public FilePreview {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
  }
}
