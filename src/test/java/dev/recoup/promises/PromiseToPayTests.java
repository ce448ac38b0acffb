package dev.recoup.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import dev.recoup.ledger.LedgerInvariants;
import dev.recoup.ledger.Postings;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Promises to pay on elena's (an EMEA collector's) accounts: kept, partly kept and broken are
 * decided from payments after the promised date plus the tolerance (3 days); a broken promise puts
 * the account at the top of the worklist; kept rates count them.
 */
@RecoupTest
class PromiseToPayTests {

  @Autowired Promises promises;
  @Autowired Postings postings;
  @Autowired Ledger ledger;
  @Autowired Access access;
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
  void aPromisePaidInFullByItsDateIsKeptAndOneNotPaidIsBrokenOnlyAfterTheTolerance() {
    AccountId keeps = accountOf("elena", 0);
    AccountId breaks = accountOf("elena", 1);
    Invoice kept = pastDue(keeps);
    Invoice broken = pastDue(breaks);
    LocalDate by = LocalDate.parse("2026-11-25");

    Promise p1 =
        as("elena", () -> promises.make(keeps, promiseOf(kept, by), "p-" + UUID.randomUUID()));
    Promise p2 =
        as("elena", () -> promises.make(breaks, promiseOf(broken, by), "p-" + UUID.randomUUID()));
    assertThat(p1.status()).isEqualTo(PromiseStatus.OPEN);
    assertThat(p1.deadline()).isEqualTo(LocalDate.parse("2026-11-28"));

    // The first customer pays on the 24th.
    pay(keeps, kept, kept.collectible(), "2026-11-24");
    assertThat(promises.evaluate(LocalDate.parse("2026-11-24")))
        .filteredOn(p -> p.id() == p1.id() || p.id() == p2.id())
        .extracting(Promise::id, Promise::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(p1.id(), PromiseStatus.KEPT));

    // The second pays nothing: open through the tolerance, broken the day after it.
    clock.setDate("2026-11-28");
    assertThat(promises.evaluate(LocalDate.parse("2026-11-28")))
        .extracting(Promise::id)
        .doesNotContain(p2.id());
    assertThat(promises.find(p2.id()).orElseThrow().status()).isEqualTo(PromiseStatus.OPEN);
    clock.setDate("2026-11-29");
    assertThat(promises.evaluate(LocalDate.parse("2026-11-29")))
        .filteredOn(p -> p.id() == p1.id() || p.id() == p2.id())
        .extracting(Promise::id, Promise::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(p2.id(), PromiseStatus.BROKEN));

    // The broken promise puts the account at the top of elena's list, with the reason.
    var row =
        jdbc.sql(
                "select next_action, next_action_on, f_follow_up from worklist_item where account_id = ?")
            .param(breaks.value())
            .query((rs, n) -> rs.getString(1) + "|" + rs.getObject(2) + "|" + rs.getInt(3))
            .single();
    assertThat(row).isEqualTo("Call about the broken promise to pay|2026-11-29|100");
    assertThat(audit.historyOf("account", breaks.value(), 10).stream().map(e -> e.action()))
        .contains("promise.made", "promise.broken", "activity.note");

    // Judging again changes nothing.
    assertThat(promises.evaluate(LocalDate.parse("2026-11-29")))
        .extracting(Promise::id)
        .doesNotContain(p1.id(), p2.id());

    // Kept rates: per customer, and per collector.
    assertThat(promises.keptRateOf(keeps).kept()).isEqualTo(1);
    assertThat(promises.keptRateOf(breaks).broken()).isEqualTo(1);
    var elena =
        promises
            .keptRateByCollector(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"))
            .stream()
            .filter(r -> r.who().equals("Elena Collector"))
            .findFirst()
            .orElseThrow();
    assertThat(elena.cameDue()).isGreaterThanOrEqualTo(2);
    assertThat(elena.kept()).isGreaterThanOrEqualTo(1);
    // As of the suite's today: the balance summary other tests read stays on that date.
    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse(RecoupTest.TODAY));
  }

  @Test
  void aPromisePaidInPartByTheDeadlineIsPartlyKeptAndCountsAsNotKept() {
    AccountId account = accountOf("elena", 2);
    Invoice invoice = pastDue(account);
    Money promised = invoice.collectible();
    Promise p =
        as(
            "elena",
            () -> promises.make(account, promiseOf(invoice, LocalDate.parse("2026-11-23")), null));
    Money part =
        Money.rounded(
            promised.amount().divide(BigDecimal.valueOf(2)),
            promised.currencyCode(),
            java.math.RoundingMode.DOWN);
    pay(account, invoice, part, "2026-11-26");
    clock.setDate("2026-11-27");
    var judged = promises.evaluate(LocalDate.parse("2026-11-27"));
    assertThat(judged).extracting(Promise::id).contains(p.id());
    Promise after = promises.find(p.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(PromiseStatus.PARTIALLY_KEPT);
    assertThat(after.paid()).isEqualTo(part);
  }

  @Test
  void badPromisesAreRefusedFieldByFieldAndARetriedRequestReturnsTheSamePromise() {
    AccountId account = accountOf("elena", 3);
    Invoice invoice = pastDue(account);
    String key = "promise-" + UUID.randomUUID();
    long before = jdbc.sql("select count(*) from promise_to_pay").query(Long.class).single();

    assertThatThrownBy(
            () ->
                as(
                    "elena",
                    () ->
                        promises.make(
                            account,
                            new NewPromise(
                                invoice.collectible().amount().add(BigDecimal.ONE),
                                null,
                                LocalDate.parse("2026-11-25"),
                                List.of(invoice.id().value()),
                                "CALL",
                                null,
                                null),
                            null)))
        .hasMessageStartingWith("amount: more than the");
    assertThatThrownBy(
            () ->
                as(
                    "elena",
                    () ->
                        promises.make(
                            account, promiseOf(invoice, LocalDate.parse("2026-11-01")), null)))
        .hasMessageStartingWith("promisedOn: cannot be in the past");
    assertThatThrownBy(
            () ->
                as(
                    "elena",
                    () ->
                        promises.make(
                            account,
                            new NewPromise(
                                new BigDecimal("10.001"),
                                null,
                                LocalDate.parse("2026-11-25"),
                                List.of(invoice.id().value()),
                                "CALL",
                                null,
                                null),
                            null)))
        .hasMessageStartingWith("amount: ");
    assertThatThrownBy(
            () ->
                as(
                    "erik",
                    () ->
                        promises.make(
                            account, promiseOf(invoice, LocalDate.parse("2026-11-25")), null)))
        .as("another collector's account")
        .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    assertThat(jdbc.sql("select count(*) from promise_to_pay").query(Long.class).single())
        .isEqualTo(before);

    Promise first =
        as(
            "elena",
            () -> promises.make(account, promiseOf(invoice, LocalDate.parse("2026-11-25")), key));
    Promise again =
        as(
            "elena",
            () -> promises.make(account, promiseOf(invoice, LocalDate.parse("2026-11-25")), key));
    assertThat(again.id()).isEqualTo(first.id());
    assertThatThrownBy(
            () ->
                as(
                    "elena",
                    () ->
                        promises.make(
                            account, promiseOf(invoice, LocalDate.parse("2026-11-26")), key)))
        .hasMessageStartingWith("Idempotency-Key:");
    as("elena", () -> promises.cancel(first.id(), "test done"));
  }

  private static NewPromise promiseOf(Invoice invoice, LocalDate by) {
    return new NewPromise(
        invoice.collectible().amount(),
        null,
        by,
        List.of(invoice.id().value()),
        "CALL",
        "AP manager",
        "promised on the phone");
  }

  private void pay(AccountId account, Invoice invoice, Money amount, String on) {
    clock.setDate(on);
    LocalDate date = LocalDate.parse(on);
    tx.executeWithoutResult(
        s -> {
          var payment =
              postings.recordPayment(
                  new Postings.NewPayment(
                      account,
                      amount,
                      date,
                      "WIRE",
                      "promise",
                      invoice.number(),
                      "promise-test-" + UUID.randomUUID()));
          postings.apply(payment, invoice.id(), amount, date);
        });
  }

  private Invoice pastDue(AccountId account) {
    return ledger.invoices(account, true, 10_000).stream()
        .filter(i -> i.daysPastDue(aging.today()) > 0 && i.collectible().isPositive())
        .max(Comparator.comparing(Invoice::dueDate))
        .orElseThrow();
  }

  /** The n-th of a collector's accounts with past-due items and no promise yet, from the top. */
  private AccountId accountOf(String collector, int n) {
    long owner = access.user(collector).orElseThrow().id().value();
    return new AccountId(
        jdbc.sql(
                """
                select a.id from customer_account a
                where a.owner_id = ? and a.status = 'ACTIVE' and not a.legal_hold
                  and exists (select 1 from invoice i where i.account_id = a.id
                                and i.due_date < date '2026-11-20' and i.open_amount > i.disputed_amount)
                  and not exists (select 1 from promise_to_pay p where p.account_id = a.id)
                  and not exists (select 1 from payment_plan p where p.account_id = a.id)
                order by a.id desc offset ? limit 1""")
            .params(owner, n)
            .query(Long.class)
            .single());
  }

  private <T> T as(String user, Supplier<T> action) {
    return SignedIn.as(access, user, action);
  }
}
