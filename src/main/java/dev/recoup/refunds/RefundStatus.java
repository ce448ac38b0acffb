package dev.recoup.refunds;

/**
 * Where a refund is on its way: requested → approved (by someone other than the requester) →
 * verified (bank details checked) → paid (posted in the ledger, then exported for the ERP). A
 * requested refund may be rejected; any refund not yet paid may be cancelled.
 */
public enum RefundStatus {
  REQUESTED,
  APPROVED,
  VERIFIED,
  PAID,
  REJECTED,
  CANCELLED;

  /** Still on its way to payment: its amount is reserved out of the credit it comes from. */
  public boolean pending() {
    return this == REQUESTED || this == APPROVED || this == VERIFIED;
  }

  /** The SQL list of the pending statuses. */
  static final String PENDING_SQL = "('REQUESTED','APPROVED','VERIFIED')";
}
