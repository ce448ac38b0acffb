package dev.recoup.promises;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.disputes.Dispute;
import dev.recoup.disputes.DisputeStatus;
import dev.recoup.disputes.DisputeTeam;
import dev.recoup.disputes.Disputes;
import dev.recoup.disputes.NewDispute;
import dev.recoup.disputes.Resolution;
import dev.recoup.disputes.ResolutionRequest;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.InvoiceStatus;
import dev.recoup.ledger.Ledger;
import dev.recoup.ledger.LedgerInvariants;
import dev.recoup.ledger.Postings;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * One invoice's story, day by day: the customer disputes part of it for pricing (routed to
 * billing), promises to pay the rest by the 25th and pays a week late (the promise is broken and
 * the account rises in aiko's worklist), billing resolves the dispute with a credit memo, the
 * invoice closes, and the audit trail tells it in order.
 */
@RecoupTest
class DisputedInvoiceJourneyTests {

  @Autowired Disputes disputes;
  @Autowired Promises promises;
  @Autowired Postings postings;
  @Autowired Ledger ledger;
  @Autowired Aging aging;
  @Autowired Access access;
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
  void aPartlyDisputedInvoiceWithABrokenPromiseIsCreditedAndClosed() {
    AccountId account = accountOf("aiko");
    Invoice invoice = largestPastDue(account);
    Money open = invoice.open();
    // 30% of it is contested; the rest is what the customer promises to pay.
    Money contested =
        Money.rounded(
            open.amount().multiply(new BigDecimal("0.30")), open.currencyCode(), RoundingMode.DOWN);
    Money rest = open.minus(contested);
    long auditFrom = lastAuditId();

    // 2026-11-20: aiko logs the dispute from the call; pricing goes to billing (bianca).
    Dispute dispute =
        as(
            "aiko",
            () ->
                disputes
                    .raise(
                        account,
                        new NewDispute(
                            "PRICING",
                            "Charged list price instead of the contract price",
                            List.of(new NewDispute.Item(invoice.id().value(), contested.amount())),
                            null),
                        "journey-" + UUID.randomUUID())
                    .dispute());
    assertThat(dispute.team()).isEqualTo(DisputeTeam.BILLING);
    assertThat(dispute.ownerUsername()).isEqualTo("bianca");
    Invoice disputed = reload(account, invoice);
    assertThat(disputed.status()).isEqualTo(InvoiceStatus.DISPUTED);
    assertThat(disputed.collectible()).as("collectible excludes the disputed part").isEqualTo(rest);

    // The customer promises the undisputed rest by the 25th.
    Promise promise =
        as(
            "aiko",
            () ->
                promises.make(
                    account,
                    new NewPromise(
                        rest.amount(),
                        null,
                        LocalDate.parse("2026-11-25"),
                        List.of(invoice.id().value()),
                        "CALL",
                        "AP lead",
                        "pays the undisputed part"),
                    null));
    double scoreBefore = score(account);

    // Each business day the promises that came due are judged; nothing arrives by the 28th.
    for (String day :
        List.of("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27")) {
      clock.setDate(day);
      assertThat(promises.evaluate(LocalDate.parse(day)))
          .extracting(Promise::id)
          .doesNotContain(promise.id());
    }
    clock.setDate("2026-11-30");
    assertThat(promises.evaluate(LocalDate.parse("2026-11-30")))
        .filteredOn(p -> p.accountId().equals(account))
        .extracting(Promise::id, Promise::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(promise.id(), PromiseStatus.BROKEN));
    assertThat(score(account))
        .as("the broken promise raises the account")
        .isGreaterThan(scoreBefore);
    assertThat(nextAction(account)).isEqualTo("Call about the broken promise to pay");

    // The money arrives on 1 December, a week late, and is applied to the invoice.
    clock.setDate("2026-12-01");
    tx.executeWithoutResult(
        s -> {
          var payment =
              postings.recordPayment(
                  new Postings.NewPayment(
                      account,
                      rest,
                      LocalDate.parse("2026-12-01"),
                      "WIRE",
                      "late",
                      invoice.number(),
                      "journey-" + UUID.randomUUID()));
          postings.apply(payment, invoice.id(), rest, LocalDate.parse("2026-12-01"));
        });
    assertThat(promises.find(promise.id()).orElseThrow().status())
        .as("paid after the tolerance: still broken")
        .isEqualTo(PromiseStatus.BROKEN);
    assertThat(reload(account, invoice).open()).isEqualTo(contested);

    // Billing reviews and agrees: a credit memo for the contested amount closes the invoice.
    clock.setDate("2026-12-02");
    as(
        "bianca",
        () ->
            disputes.changeStatus(dispute.id(), DisputeStatus.IN_REVIEW, "checking the contract"));
    Dispute resolved =
        as(
            "bianca",
            () ->
                disputes.resolve(
                    dispute.id(),
                    new ResolutionRequest(
                        Resolution.CREDIT_MEMO,
                        null,
                        null,
                        "Price book not updated after the renewal",
                        "https://tickets.example/BILL-4711")));
    assertThat(resolved.status()).isEqualTo(DisputeStatus.RESOLVED);
    Invoice closed =
        ledger.invoices(account, false, 10_000).stream()
            .filter(i -> i.id().equals(invoice.id()))
            .findFirst()
            .orElseThrow();
    assertThat(closed.open().isZero()).isTrue();
    assertThat(closed.closedOn()).isEqualTo(LocalDate.parse("2026-12-02"));
    assertThat(closed.status()).isEqualTo(InvoiceStatus.CREDITED);
    assertThat(
            ledger.creditMemos(account).stream()
                .filter(
                    m ->
                        m.applications().stream().anyMatch(a -> a.invoiceId().equals(invoice.id())))
                .map(m -> m.amount()))
        .containsExactly(contested);

    // The audit trail tells the story, in order.
    List<String> story =
        jdbc.sql(
                """
                select action from audit_event where id > ?
                  and ((subject_type = 'invoice' and subject_id = ?)
                       or (subject_type = 'dispute' and subject_id = ?)
                       or (subject_type = 'account' and subject_id = ? and action like 'promise.%')
                       or (subject_type = 'credit-memo'))
                order by id""")
            .params(
                auditFrom,
                String.valueOf(invoice.id().value()),
                String.valueOf(dispute.id().value()),
                String.valueOf(account.value()))
            .query(String.class)
            .list();
    assertThat(story)
        .containsSubsequence(
            "invoice.disputed-amount",
            "dispute.opened",
            "promise.made",
            "promise.broken",
            "payment.applied",
            "dispute.status-changed",
            "credit-memo.issued",
            "dispute.resolved");
    assertThat(audit.verify().valid()).isTrue();
    // As of the suite's today: the balance summary other tests read stays on that date.
    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse(RecoupTest.TODAY));
  }

  private long lastAuditId() {
    return jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
  }

  private double score(AccountId account) {
    return jdbc.sql("select score from worklist_item where account_id = ?")
        .param(account.value())
        .query(BigDecimal.class)
        .optional()
        .map(BigDecimal::doubleValue)
        .orElse(0.0);
  }

  private String nextAction(AccountId account) {
    return jdbc.sql("select next_action from worklist_item where account_id = ?")
        .param(account.value())
        .query(String.class)
        .single();
  }

  private Invoice reload(AccountId account, Invoice invoice) {
    return ledger.invoices(account, true, 10_000).stream()
        .filter(i -> i.id().equals(invoice.id()))
        .findFirst()
        .orElseThrow();
  }

  private Invoice largestPastDue(AccountId account) {
    return ledger.invoices(account, true, 10_000).stream()
        .filter(
            i ->
                i.daysPastDue(aging.today()) > 0
                    && i.disputed().isZero()
                    && i.open().equals(i.amount()))
        .max(java.util.Comparator.comparing(Invoice::open))
        .orElseThrow();
  }

  private AccountId accountOf(String collector) {
    long owner = access.user(collector).orElseThrow().id().value();
    return new AccountId(
        jdbc.sql(
                """
                select a.id from customer_account a
                where a.owner_id = ? and a.status = 'ACTIVE' and not a.legal_hold
                  and exists (select 1 from invoice i where i.account_id = a.id and i.due_date < '2026-11-01'
                                and i.open_amount = i.amount and i.disputed_amount = 0)
                  and not exists (select 1 from promise_to_pay p where p.account_id = a.id)
                  and not exists (select 1 from payment_plan p where p.account_id = a.id)
                order by a.id desc limit 1""")
            .param(owner)
            .query(Long.class)
            .single());
  }

  private <T> T as(String user, Supplier<T> action) {
    return SignedIn.as(access, user, action);
  }
}
