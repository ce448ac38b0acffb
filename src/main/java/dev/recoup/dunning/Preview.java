package dev.recoup.dunning;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a run of a date would do, computed exactly as the run does and persisted nowhere: totals per
 * step (items, accounts, amounts per currency and in the reporting currency at the date's rates,
 * split by the contact rules' outcome) and the accounts, largest past due first.
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
      List<Money> amounts,
      Money reporting) {

    /** "1200.00 EUR + 300.00 USD". */
    public String amountsText() {
      return text(amounts);
    }

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
      List<Money> amounts,
      Money reporting) {

    public String amountsText() {
      return text(amounts);
    }
  }

  static String text(List<Money> amounts) {
    return amounts.stream().map(Money::toString).collect(Collectors.joining(" + "));
  }
}
