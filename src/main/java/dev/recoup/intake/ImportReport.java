package dev.recoup.intake;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What an import did: records created, updated (something changed), unchanged and rejected; the
 * rejected rows' reasons (the first {@link #MAX_ERRORS}; all of them are in quarantine); and the
 * control totals: rows and amount per currency as the file has them beside what was loaded.
 */
public record ImportReport(
    long runId,
    ImportKind kind,
    String fileName,
    ImportStatus status,
    long created,
    long updated,
    long unchanged,
    long rejected,
    List<RowError> errors,
    long fileRows,
    Map<String, BigDecimal> fileTotals,
    long loadedRows,
    Map<String, BigDecimal> loadedTotals) {

  public static final int MAX_ERRORS = 1000;
}
