package dev.recoup.intake;

/**
 * Why one row of a file was rejected: its row number as a spreadsheet shows it (the header is row
 * 1, the first data row is row 2), the canonical field at fault (or {@code "row"}), and a plain
 * reason a person can act on.
 */
public record RowError(long row, String field, String message) {}
