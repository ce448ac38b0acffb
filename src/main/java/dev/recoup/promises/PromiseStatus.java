package dev.recoup.promises;

/** Where a promise to pay stands; all but OPEN are final. */
public enum PromiseStatus {
  OPEN,
  /** Paid in full by its date plus the tolerance. */
  KEPT,
  /** Something, not all, was paid by its date plus the tolerance. */
  PARTIALLY_KEPT,
  /** Nothing was paid by its date plus the tolerance. */
  BROKEN,
  CANCELLED
}
