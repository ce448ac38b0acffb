package dev.recoup.intake;

import java.util.List;
import java.util.Map;

/**
 * One data row of a file after its column mapping: canonical field → normalised text. Amounts are
 * plain decimals with a dot ({@code 1234.5}, sign kept so validation can refuse negatives), dates
 * ISO ({@code 2026-11-03}), currencies upper case; blank cells are absent. {@code raw} is the row
 * as the file had it, header → cell, for quarantine. A row with errors is rejected as a whole.
 */
public record ParsedRow(
    long row, Map<String, String> values, Map<String, String> raw, List<RowError> errors) {

  public boolean ok() {
    return errors.isEmpty();
  }
}
