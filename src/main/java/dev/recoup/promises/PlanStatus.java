package dev.recoup.promises;

/** Where a payment plan stands. */
public enum PlanStatus {
  /** Waiting for the approver the policy requires. */
  PROPOSED,
  /** Agreed: its items are paused for dunning while instalments are paid. */
  ACTIVE,
  COMPLETED,
  /** An instalment was missed beyond the tolerance: the whole balance is due again. */
  BROKEN,
  REJECTED,
  CANCELLED
}
