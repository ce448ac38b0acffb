package dev.recoup.collections;

import dev.recoup.ledger.Aging;
import dev.recoup.promises.PaymentPlanBroken;
import dev.recoup.promises.PromiseBroken;
import dev.recoup.promises.PromiseStatus;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What collections does when a customer's commitment fails: a broken promise becomes a follow-up
 * due today, which puts the account at the top of its collector's worklist with the reason in
 * words; a broken payment plan does the same and sends the customer the notice that the whole
 * balance is due again (the plan's items are no longer paused). Runs in the transaction that judged
 * the commitment, so the verdict and its consequences commit together.
 */
@Component
class BrokenCommitments {

  private final Activities activities;
  private final CollectionEmails emails;
  private final Aging aging;

  BrokenCommitments(Activities activities, CollectionEmails emails, Aging aging) {
    this.activities = activities;
    this.emails = emails;
    this.aging = aging;
  }

  @EventListener
  void on(PromiseBroken broken) {
    String what =
        broken.status() == PromiseStatus.PARTIALLY_KEPT
            ? "Promise partly kept: " + broken.paid() + " of " + broken.promised()
            : "Promise broken: nothing of " + broken.promised();
    activities.record(
        broken.account(),
        ActivityKind.NOTE,
        null,
        null,
        what + " promised by " + broken.promisedOn(),
        "Judged from the payments received by the promised date plus the tolerance.",
        "Call about the broken promise to pay",
        aging.today(),
        null);
  }

  @EventListener
  void on(PaymentPlanBroken broken) {
    activities.record(
        broken.account(),
        ActivityKind.NOTE,
        null,
        null,
        "Payment plan #" + broken.planId() + " broken",
        "Instalment "
            + broken.instalment()
            + " due "
            + broken.dueOn()
            + " unpaid: "
            + broken.missed()
            + ". The whole balance is due again.",
        "Call: payment plan broken, full balance due",
        aging.today(),
        null);
    emails.sendNotice(broken.account(), "plan-broken", "plan-broken:" + broken.planId());
  }
}
