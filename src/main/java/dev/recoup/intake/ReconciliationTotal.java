package dev.recoup.intake;

import dev.recoup.shared.Money;

/**
 * Open totals of one currency: the ERP's (rows compared, items with an open amount) beside Recoup's
 * (open invoices of the source system); the difference is the ERP's less Recoup's, and {@code
 * explained} is the part the listed differences account for (any rest comes from the file's
 * rejected rows).
 */
public record ReconciliationTotal(
    String currency,
    long erpItems,
    Money erpOpen,
    long recoupItems,
    Money recoupOpen,
    Money explained) {

  public Money difference() {
    return erpOpen.minus(recoupOpen);
  }

  /** What the listed differences do not explain: rows of the file that could not be compared. */
  public Money unexplained() {
    return difference().minus(explained);
  }
}
