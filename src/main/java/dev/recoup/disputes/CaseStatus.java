package dev.recoup.disputes;

/**
 * Where a case stands. While it waits on the customer its SLA is paused; a resolved case carries
 * the note that says how it was resolved.
 */
public enum CaseStatus {
  OPEN,
  WAITING_ON_CUSTOMER,
  RESOLVED;

  public boolean isClosed() {
    return this == RESOLVED;
  }
}
