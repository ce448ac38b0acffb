package dev.recoup.promises;

import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.ledger.Ledger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the customer has committed to, for the Account 360: promises, plans, paused items. */
@Service
public class Commitments {

  private final Promises promises;
  private final PaymentPlans plans;
  private final Pauses pauses;
  private final Accounts accounts;
  private final Ledger ledger;
  private final dev.recoup.ledger.FxRates fx;

  Commitments(
      Promises promises,
      PaymentPlans plans,
      Pauses pauses,
      Accounts accounts,
      Ledger ledger,
      dev.recoup.ledger.FxRates fx) {
    this.fx = fx;
    this.promises = promises;
    this.plans = plans;
    this.pauses = pauses;
    this.accounts = accounts;
    this.ledger = ledger;
  }

  /** An account's commitments; {@code numbers} names the paused invoices. */
  public record OfAccount(
      List<Promise> promises,
      Promises.KeptRate keptRate,
      List<PaymentPlan> plans,
      Map<Long, String> paused,
      Map<Long, String> numbers,
      PlanPolicy policy,
      String policyInWords) {}

  @Transactional(readOnly = true)
  public OfAccount of(AccountId id) {
    var account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    PlanPolicy policy = plans.policyFor(account);
    Map<Long, String> paused = pauses.forAccount(id);
    Map<Long, String> numbers = new HashMap<>();
    if (!paused.isEmpty()) {
      ledger.invoices(id, true, 10_000).stream()
          .filter(i -> paused.containsKey(i.id().value()))
          .forEach(i -> numbers.put(i.id().value(), i.number()));
    }
    return new OfAccount(
        promises.forAccount(id),
        promises.keptRateOf(id),
        plans.forAccount(id),
        paused,
        numbers,
        policy,
        policy.describe(fx.reportingCurrency()));
  }
}
