package dev.recoup.disputes;

/**
 * Where a dispute stands. While it is open (open, in review, waiting on the customer) its amount is
 * disputed in the ledger; resolved and rejected are final.
 */
public enum DisputeStatus {
  OPEN,
  IN_REVIEW,
  WAITING_ON_CUSTOMER,
  RESOLVED,
  REJECTED;

  public boolean isOpen() {
    return this != RESOLVED && this != REJECTED;
  }
}
