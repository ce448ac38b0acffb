package dev.recoup.ledger;

public enum InvoiceStatus {
  OPEN,
  PARTIALLY_PAID,
  PAID,
  DISPUTED,
  CREDITED,
  WRITTEN_OFF;

  /** The status an invoice has from its amounts alone (disputes and write-offs are decisions). */
  public static InvoiceStatus fromAmounts(
      java.math.BigDecimal amount, java.math.BigDecimal open, boolean settledByCreditOnly) {
    if (open.signum() == 0) {
      return settledByCreditOnly ? CREDITED : PAID;
    }
    return open.compareTo(amount) == 0 ? OPEN : PARTIALLY_PAID;
  }
}
