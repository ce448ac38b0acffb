package dev.recoup.intake;

import java.time.Instant;

/**
 * One reconciliation of an ERP file with Recoup's invoices of a source system: what was read, what
 * was rejected, how many invoices agree, and how many differences of each kind were found.
 */
public record ReconciliationRun(
    long id,
    String sourceSystem,
    String fileName,
    String mappingName,
    String runBy,
    Instant runAt,
    long fileRows,
    long comparedRows,
    long rejectedRows,
    long agreeing,
    long missingInRecoup,
    long missingInErp,
    long differentOpenAmount,
    long differentStatus) {

  public long differences() {
    return missingInRecoup + missingInErp + differentOpenAmount + differentStatus;
  }

  public long count(DifferenceKind kind) {
    return switch (kind) {
      case MISSING_IN_RECOUP -> missingInRecoup;
      case MISSING_IN_ERP -> missingInErp;
      case DIFFERENT_OPEN_AMOUNT -> differentOpenAmount;
      case DIFFERENT_STATUS -> differentStatus;
    };
  }
}
