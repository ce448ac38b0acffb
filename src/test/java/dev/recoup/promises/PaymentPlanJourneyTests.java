package dev.recoup.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import dev.recoup.ledger.LedgerInvariants;
import dev.recoup.ledger.Postings;
import dev.recoup.notifications.Outbox;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A payment plan from proposal to breach, on one of erik's (an EMEA collector's) accounts, with a
 * settable clock: the policy sends a 5-month plan to the lead, the lead approves, the schedule adds
 * up to the cent, instalments are paid and one is missed, and the account is dunned again.
 */
@RecoupTest
class PaymentPlanJourneyTests {

  @Autowired PaymentPlans plans;
  @Autowired Pauses pauses;
  @Autowired Postings postings;
  @Autowired Ledger ledger;
  @Autowired Access access;
  @Autowired Outbox outbox;
  @Autowired Aging aging;
  @Autowired AuditTrail audit;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @Autowired TransactionTemplate tx;

  Instant clockAtStart;

  @BeforeEach
  void remember() {
    clockAtStart = clock.instant();
  }

  @AfterEach
  void restore() {
    SignedIn.out();
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void aFiveMonthPlanNeedsTheLeadIsTrackedFromPaymentsAndAMissedInstalmentDunsTheAccountAgain() {
    AccountId account = accountOf("erik");
    List<Invoice> invoices = plannable(account);
    Money financed = invoices.stream().map(Invoice::collectible).reduce(Money::plus).orElseThrow();
    String currency = financed.currencyCode();
    Money down = tenPercentRoundedUp(financed);
    var proposal =
        new NewPlan(
            invoices.stream().map(i -> i.id().value()).toList(),
            5,
            down.amount(),
            LocalDate.parse("2026-12-21"),
            "Customer asked for five months after a cash squeeze");

    // erik proposes: 5 months is beyond a collector's 3, so the lead must approve.
    PaymentPlan proposed =
        as("erik", () -> plans.propose(account, proposal, "plan-" + UUID.randomUUID()));
    assertThat(proposed.status()).isEqualTo(PlanStatus.PROPOSED);
    assertThat(proposed.requiredRole()).isEqualTo(Role.LEAD);
    assertThat(proposed.approvalRule()).contains("5 months is beyond a collector's 3");

    // The schedule: the down payment today, then five instalments that add up to the cent.
    assertThat(proposed.instalments()).hasSize(6);
    assertThat(proposed.instalments().get(0).amount()).isEqualTo(down);
    assertThat(
            proposed.instalments().stream()
                .map(PaymentPlan.Instalment::amount)
                .reduce(Money::plus)
                .orElseThrow())
        .isEqualTo(financed);
    var amounts =
        proposed.instalments().subList(1, 6).stream().map(PaymentPlan.Instalment::amount).toList();
    assertThat(amounts.get(0).compareTo(amounts.get(4)))
        .as("remainder cents go first")
        .isGreaterThanOrEqualTo(0);
    assertThat(amounts.get(0).minus(amounts.get(4)).amount())
        .isLessThanOrEqualTo(new BigDecimal("0.01"));

    // Not the proposer, not a fellow collector: the lead approves.
    assertThatThrownBy(() -> as("erik", () -> plans.decide(proposed.id(), true, "mine")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> as("elena", () -> plans.decide(proposed.id(), true, "colleague")))
        .isInstanceOf(AccessDeniedException.class);
    PaymentPlan active = as("lena", () -> plans.decide(proposed.id(), true, "Good payer until Q3"));
    assertThat(active.status()).isEqualTo(PlanStatus.ACTIVE);
    assertThat(active.decidedBy()).isEqualTo("lena");
    assertThat(pauses.forAccount(account).keySet())
        .as("the plan's items are paused for dunning")
        .containsAll(invoices.stream().map(i -> i.id().value()).toList());

    // The customer pays the down payment today and the first instalment on time.
    pay(account, invoices, down, "2026-11-20");
    pay(account, invoices, active.instalments().get(1).amount(), "2026-12-19");
    clock.setDate("2026-12-28");
    assertThat(plans.evaluate(LocalDate.parse("2026-12-28")))
        .extracting(PaymentPlanBroken::planId)
        .doesNotContain(active.id());
    PaymentPlan onTrack = plans.find(active.id()).orElseThrow();
    assertThat(onTrack.status()).isEqualTo(PlanStatus.ACTIVE);
    assertThat(onTrack.instalments().subList(0, 2))
        .allSatisfy(i -> assertThat(i.status()).isEqualTo("PAID"));

    // The second instalment (due 2027-01-21) is not paid: 5 days of tolerance, then the plan
    // breaks.
    clock.setDate("2027-01-26");
    assertThat(plans.evaluate(LocalDate.parse("2027-01-26")))
        .extracting(PaymentPlanBroken::planId)
        .doesNotContain(active.id());
    clock.setDate("2027-01-27");
    var broken =
        plans.evaluate(LocalDate.parse("2027-01-27")).stream()
            .filter(b -> b.planId() == active.id())
            .toList();
    assertThat(broken).hasSize(1);
    assertThat(broken.get(0).instalment()).isEqualTo(2);
    assertThat(broken.get(0).missed()).isEqualTo(active.instalments().get(2).amount());
    assertThat(plans.find(active.id()).orElseThrow().status()).isEqualTo(PlanStatus.BROKEN);

    // Dunned again: nothing paused, the customer is told the whole balance is due, and the
    // account is back at the top of erik's worklist with a follow-up due today.
    assertThat(pauses.forAccount(account)).isEmpty();
    var notices =
        outbox.forAccount(account.value(), 20).stream()
            .filter(m -> m.subject().startsWith("Payment plan ended"))
            .toList();
    assertThat(notices).hasSize(1);
    assertThat(outbox.attachmentsOf(notices.get(0).id())).hasSize(1);
    var worklist =
        jdbc.sql("select next_action, f_follow_up from worklist_item where account_id = ?")
            .param(account.value())
            .query((rs, n) -> rs.getString(1) + "|" + rs.getInt(2))
            .single();
    assertThat(worklist).isEqualTo("Call: payment plan broken, full balance due|100");

    // Judging the same day again changes nothing and sends nothing twice.
    assertThat(plans.evaluate(LocalDate.parse("2027-01-27")))
        .extracting(PaymentPlanBroken::planId)
        .doesNotContain(active.id());
    assertThat(
            outbox.forAccount(account.value(), 20).stream()
                .filter(m -> m.subject().startsWith("Payment plan ended")))
        .hasSize(1);

    // The audit trail tells the story.
    assertThat(audit.historyOf("payment-plan", active.id(), 20).stream().map(e -> e.action()))
        .contains("plan.proposed", "plan.approved", "plan.broken");
    // As of the suite's today: the balance summary other tests read stays on that date.
    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse(RecoupTest.TODAY));
    assertThat(currency).isNotBlank();
  }

  @Test
  void thePolicyRefusesTooLongATermOrTooSmallADownPaymentAndStoresNothing() {
    AccountId account = accountOf("erik");
    List<Invoice> invoices = plannable(account).subList(0, 1);
    List<Long> ids = invoices.stream().map(i -> i.id().value()).toList();
    long before = jdbc.sql("select count(*) from payment_plan").query(Long.class).single();

    assertThatThrownBy(
            () ->
                as(
                    "erik",
                    () ->
                        plans.propose(
                            account,
                            new NewPlan(
                                ids, 13, new BigDecimal("0"), LocalDate.parse("2026-12-21"), null),
                            null)))
        .hasMessageStartingWith("months: the policy allows at most 12 months");
    assertThatThrownBy(
            () ->
                as(
                    "erik",
                    () ->
                        plans.propose(
                            account,
                            new NewPlan(
                                ids,
                                2,
                                new BigDecimal("0.01"),
                                LocalDate.parse("2026-12-21"),
                                null),
                            null)))
        .hasMessageStartingWith("downPayment: the policy requires at least");
    assertThatThrownBy(
            () ->
                as(
                    "erik",
                    () ->
                        plans.propose(
                            account,
                            new NewPlan(
                                List.of(-1L),
                                2,
                                BigDecimal.ZERO,
                                LocalDate.parse("2026-12-21"),
                                null),
                            null)))
        .hasMessageStartingWith("invoiceIds:");
    assertThat(jdbc.sql("select count(*) from payment_plan").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void aShortSmallPlanIsWithinTheCollectorsOwnAuthorityAndStandsAtOnce() {
    AccountId account = accountOf("elena");
    Invoice one = plannable(account).get(0);
    Money down = tenPercentRoundedUp(one.collectible());
    PaymentPlan plan =
        as(
            "elena",
            () ->
                plans.propose(
                    account,
                    new NewPlan(
                        List.of(one.id().value()),
                        2,
                        down.amount(),
                        LocalDate.parse("2026-12-15"),
                        null),
                    null));
    assertThat(plan.status()).isEqualTo(PlanStatus.ACTIVE);
    assertThat(plan.requiredRole()).isEqualTo(Role.COLLECTOR);
    assertThat(plan.decidedBy()).isEqualTo("elena");
    as("elena", () -> plans.cancel(plan.id(), "test done"));
  }

  /** Records a payment on a date and applies it to the plan's invoices, oldest due first. */
  private void pay(AccountId account, List<Invoice> invoices, Money amount, String on) {
    clock.setDate(on);
    LocalDate date = LocalDate.parse(on);
    as(
        "erik",
        () ->
            tx.execute(
                s -> {
                  var payment =
                      postings.recordPayment(
                          new Postings.NewPayment(
                              account,
                              amount,
                              date,
                              "WIRE",
                              "plan",
                              "plan instalment",
                              "plan-test-" + UUID.randomUUID()));
                  Money left = amount;
                  for (Invoice i : invoices) {
                    Money open =
                        ledger.invoices(account, true, 10_000).stream()
                            .filter(x -> x.id().equals(i.id()))
                            .findFirst()
                            .map(Invoice::collectible)
                            .orElse(Money.zero(amount.currencyCode()));
                    if (!left.isPositive() || !open.isPositive()) {
                      continue;
                    }
                    Money part = left.compareTo(open) <= 0 ? left : open;
                    postings.apply(payment, i.id(), part, date);
                    left = left.minus(part);
                  }
                  return null;
                }));
  }

  /**
   * Up to three past-due invoices of one currency, not disputed nor already in a plan or promise,
   * worth less than the lead's limit; from an account with an e-mail contact that may be dunned.
   */
  private List<Invoice> plannable(AccountId account) {
    List<Invoice> open =
        ledger.invoices(account, true, 10_000).stream()
            .filter(i -> i.daysPastDue(aging.today()) > 0 && i.disputed().isZero())
            .filter(i -> pauses.forAccount(account).get(i.id().value()) == null)
            .sorted(Comparator.comparing(Invoice::dueDate))
            .toList();
    String currency = open.get(0).open().currencyCode();
    return open.stream().filter(i -> i.open().currencyCode().equals(currency)).limit(3).toList();
  }

  private AccountId accountOf(String collector) {
    long owner = access.user(collector).orElseThrow().id().value();
    // An account with past-due items in its own currency below ~100k, an e-mail contact, and free
    // to be dunned; the highest id such that other tests (which take the lowest) leave it alone.
    return new AccountId(
        jdbc.sql(
                """
                select a.id from customer_account a
                where a.owner_id = ? and not a.do_not_contact and not a.legal_hold
                  and a.status = 'ACTIVE'
                  and (select sum(i.open_amount - i.disputed_amount) from invoice i
                       where i.account_id = a.id and i.currency = a.currency
                         and i.due_date < date '2026-11-20') between 5000 and 100000
                  and exists (select 1 from contact c where c.account_id = a.id and c.email is not null)
                  and not exists (select 1 from payment_plan p where p.account_id = a.id)
                order by a.id desc limit 1""")
            .param(owner)
            .query(Long.class)
            .single());
  }

  private static Money tenPercentRoundedUp(Money m) {
    return Money.rounded(
        m.amount().multiply(new BigDecimal("0.10")), m.currencyCode(), java.math.RoundingMode.UP);
  }

  private <T> T as(String user, Supplier<T> action) {
    return SignedIn.as(access, user, action);
  }
}
