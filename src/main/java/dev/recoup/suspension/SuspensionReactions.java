package dev.recoup.suspension;

import dev.recoup.dunning.SuspensionStepReached;
import dev.recoup.ledger.PaymentApplied;
import dev.recoup.ledger.PaymentsApplied;
import dev.recoup.promises.PaymentPlanAgreed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What other modules' events mean for suspensions. Automatic reinstatement: once a payment applied
 * to an account has committed, or a payment plan for it was agreed, its open suspensions are
 * checked; a cleared scope (or an agreed plan) is reinstated, or called off before its date. After
 * the commit and in transactions of its own, so that a failure here never undoes the payment; the
 * periodic check catches up whatever a crash in between left over. And the dunning engine's
 * suspension step becomes a proposal.
 */
@Component
class SuspensionReactions {

  private static final Logger log = LoggerFactory.getLogger(SuspensionReactions.class);

  private final Suspensions suspensions;

  SuspensionReactions(Suspensions suspensions) {
    this.suspensions = suspensions;
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(PaymentApplied applied) {
    relieve(
        applied,
        applied.account(),
        "payment " + applied.payment().value() + " applied on " + applied.appliedOn());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(PaymentsApplied applied) {
    try {
      suspensions.relieve(
          applied.accounts(),
          applied.applications() + " applications posted on " + applied.appliedOn());
    } catch (RuntimeException e) {
      log.warn("Suspensions not checked after {}", applied, e);
    }
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(PaymentPlanAgreed agreed) {
    relieve(agreed, agreed.account(), "payment plan #" + agreed.planId() + " agreed");
  }

  /**
   * The dunning run reached a suspension step: propose one, in the run's transaction (so that the
   * referral and the proposal commit together), for the manager to approve.
   */
  @EventListener
  void on(SuspensionStepReached reached) {
    try {
      suspensions
          .proposeForDunning(reached.account(), reached.runDate(), reached.items())
          .ifPresent(
              s ->
                  log.info(
                      "Suspension #{} proposed for account {} by the dunning run of {}",
                      s.id(),
                      reached.account().value(),
                      reached.runDate()));
    } catch (RuntimeException e) {
      log.warn("No suspension proposed for {}", reached, e);
    }
  }

  private void relieve(Object event, dev.recoup.accounts.AccountId account, String trigger) {
    try {
      suspensions.relieve(account, trigger);
    } catch (RuntimeException e) {
      log.warn("Suspensions of account {} not checked after {}", account.value(), event, e);
    }
  }
}
