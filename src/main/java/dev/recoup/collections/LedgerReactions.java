package dev.recoup.collections;

import dev.recoup.ledger.Aging;
import dev.recoup.ledger.CreditApplied;
import dev.recoup.ledger.DisputedAmountChanged;
import dev.recoup.ledger.PaymentApplied;
import dev.recoup.ledger.PaymentsApplied;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What is collectible on an account changes with cash, credits and disputes: re-rank the account at
 * once, in the posting's transaction, rather than at the nightly ranking.
 */
@Component
class LedgerReactions {

  private final Worklists worklists;
  private final Aging aging;

  LedgerReactions(Worklists worklists, Aging aging) {
    this.worklists = worklists;
    this.aging = aging;
  }

  @EventListener
  void on(PaymentApplied applied) {
    worklists.refresh(applied.account(), aging.today());
  }

  @EventListener
  void on(PaymentsApplied applied) {
    worklists.refresh(applied.accounts(), aging.today());
  }

  @EventListener
  void on(CreditApplied applied) {
    worklists.refresh(applied.account(), aging.today());
  }

  @EventListener
  void on(DisputedAmountChanged changed) {
    worklists.refresh(changed.account(), aging.today());
  }
}
