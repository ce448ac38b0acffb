package dev.recoup.promises;

import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** An instalment schedule for some of an account's invoices, agreed under a policy. */
public record PaymentPlan(
    long id,
    AccountId accountId,
    long policyId,
    Money financed,
    Money downPayment,
    Money fee,
    int months,
    LocalDate firstDueOn,
    PlanStatus status,
    Role requiredRole,
    String approvalRule,
    String proposedBy,
    Instant proposedAt,
    String decidedBy,
    Instant decidedAt,
    String decisionNote,
    LocalDate activeFrom,
    LocalDate endedOn,
    Long agreementMessageId,
    List<InvoiceId> invoices,
    List<Instalment> instalments) {

  /** What the customer pays in all: financed amount plus fee. */
  public Money total() {
    return financed.plus(fee);
  }

  /** What has been paid toward the schedule so far. */
  public Money paid() {
    Money paid = Money.zero(financed.currencyCode());
    for (Instalment i : instalments) {
      paid = paid.plus(i.paid());
    }
    return paid;
  }

  /** One instalment; seq 0 is the down payment. */
  public record Instalment(int seq, LocalDate dueOn, Money amount, Money paid, String status) {}
}
