package dev.recoup.dunning;

import dev.recoup.accounts.AccountId;
import java.time.LocalDate;
import java.util.List;

/**
 * What a run of a date would do, computed exactly as the run does and persisted nowhere: totals per
 * step (items, accounts, amounts per currency, split by the contact rules' outcome) and the
 * accounts, largest first.
 */
public record Preview(
    LocalDate date,
    int itemsDue,
    int accountsDue,
    int issued,
    int skipped,
    int deferred,
    List<StepTotal> steps,
    List<Row> accounts) {

  /** One step of one strategy: how many items reach it and for how much. */
  public record StepTotal(
      String strategy,
      int daysFromDue,
      StepAction action,
      StepChannel channel,
      boolean needsApproval,
      int items,
      int accounts,
      int itemsIssued,
      int itemsHeldBack,
      String amounts) {

    public String day() {
      return daysFromDue > 0 ? "+" + daysFromDue : String.valueOf(daysFromDue);
    }
  }

  /** One account: its outcome, its highest step and its items. */
  public record Row(
      AccountId accountId,
      String name,
      String owner,
      String channel,
      String outcome,
      String reason,
      StepAction topAction,
      int items,
      String amounts) {}
}
