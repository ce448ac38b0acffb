package dev.recoup.dunning;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One run: a business date and a scope. {@code DISPATCHING} once its actions are persisted, until
 * every account's part has been sent; then {@code DONE}. Counts are of accounts unless named items;
 * {@code failed} accounts could not be sent to (their reason is on the run's report) and are tried
 * again when the date is run again.
 */
public record DunningRun(
    long id,
    LocalDate runDate,
    String scope,
    String status,
    String startedBy,
    Instant startedAt,
    Instant finishedAt,
    int itemsDue,
    int accountsDue,
    int issued,
    int skipped,
    int deferred,
    int approvals,
    int letters,
    int failed,
    boolean alreadyRan) {

  public boolean done() {
    return "DONE".equals(status);
  }
}
