package dev.recoup.disputes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditEvent;
import dev.recoup.audit.AuditTrail;
import dev.recoup.collections.WorklistRow;
import dev.recoup.collections.Worklists;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * A customer of Chloe's contests invoices; the dispute goes to whoever can fix its cause outside
 * collections, takes its disputed amount out of what collections chases, and ends in a credit, a
 * partial credit or a rejection that the ledger and the audit trail both tell.
 */
@RecoupTest
@RecordApplicationEvents
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisputeJourneyTests {

  @Autowired Disputes disputes;
  @Autowired Worklists worklists;
  @Autowired AuditTrail audit;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @Autowired ApplicationEvents events;

  final LocalDate today = LocalDate.parse(RecoupTest.TODAY);

  /** Chloe's accounts this class works on, each with a past-due invoice nobody has disputed. */
  List<Long> accounts;

  @BeforeAll
  void pickAccounts() {
    accounts =
        jdbc.sql(
                """
                select a.id from customer_account a join app_user u on u.id = a.owner_id
                where u.username = 'chloe' and a.channel = 'DIRECT' and a.currency = 'USD'
                  and a.status = 'ACTIVE' and not a.legal_hold
                  and a.id > (select min(id) from customer_account where owner_id = u.id)
                  and not exists (select 1 from dispute d where d.account_id = a.id)
                  and (select count(*) from invoice i where i.account_id = a.id
                         and i.open_amount = i.amount and i.due_date < ?) >= 2
                order by a.id limit 4""")
            .param(today.minusDays(10))
            .query(Long.class)
            .list();
    assertThat(accounts).hasSize(4);
  }

  @AfterEach
  void reset() {
    SignedIn.out();
    clock.setDate(RecoupTest.TODAY);
  }

  @Test
  void pricingDisputeGoesToBillingLeavesCollectibleAndEndsInACreditMemo() {
    AccountId account = new AccountId(accounts.get(0));
    long invoice = pastDueInvoices(account).get(0);
    BigDecimal invoiceOpen = openOf(invoice);
    BigDecimal disputed =
        invoiceOpen.multiply(new BigDecimal("0.40")).setScale(2, RoundingMode.DOWN);
    BigDecimal pastDueBefore = summary(account, "past_due_rc");
    BigDecimal onWorklistBefore = pastDueOnChloesWorklist(account);
    assertThat(onWorklistBefore).isEqualByComparingTo(pastDueBefore);

    // 20 November: the customer calls Chloe: 40 % of the invoice is priced above the order form.
    SignedIn.as(access, "chloe");
    Dispute d =
        disputes
            .raise(
                account,
                new NewDispute(
                    "PRICING",
                    "Customer says the renewal price is above the order form.",
                    List.of(new NewDispute.Item(invoice, disputed)),
                    null),
                null)
            .dispute();

    int sla =
        disputes.reasons().stream()
            .filter(r -> r.code().equals("PRICING"))
            .findFirst()
            .orElseThrow()
            .slaDays();
    assertThat(d.status()).isEqualTo(DisputeStatus.OPEN);
    assertThat(d.team()).isEqualTo(DisputeTeam.BILLING);
    assertThat(d.ownerUsername()).isEqualTo("bianca");
    assertThat(d.slaDueOn()).isEqualTo(today.plusDays(sla));
    assertThat(d.amount().amount()).isEqualByComparingTo(disputed);
    assertThat(events.stream(DisputeOpened.class).filter(e -> e.dispute().equals(d.id())))
        .singleElement()
        .satisfies(e -> assertThat(e.owner()).isEqualTo("bianca"));

    // The disputed part is out of the collectible past due: on the account and on the worklist.
    assertThat(invoiceStatus(invoice)).isEqualTo("DISPUTED");
    assertThat(disputedOf(invoice)).isEqualByComparingTo(disputed);
    assertThat(summary(account, "disputed_past_due_rc")).isEqualByComparingTo(disputed);
    AccountDisputes onAccount = disputes.onAccount(account);
    assertThat(onAccount.collectiblePastDue().amount())
        .isEqualByComparingTo(pastDueBefore.subtract(disputed));
    assertThat(onAccount.disputes()).extracting(Dispute::id).containsExactly(d.id());
    assertThat(pastDueOnChloesWorklist(account))
        .isEqualByComparingTo(onWorklistBefore.subtract(disputed));

    // Bianca finds it in her queue; it is not Chloe's to resolve.
    assertThatThrownBy(
            () ->
                disputes.resolve(
                    d.id(),
                    new ResolutionRequest(Resolution.CREDIT_MEMO, null, null, "mine", null)))
        .isInstanceOf(AccessDeniedException.class);
    SignedIn.as(access, "bianca");
    assertThat(
            disputes
                .find(
                    new DisputeQuery(
                        "mine", "open", null, null, false, account.value(), null, null, 0, 50))
                .rows())
        .extracting(Dispute::id)
        .containsExactly(d.id());

    // 2 December: past its SLA and still open, it shows as breached.
    clock.setDate(today.plusDays(sla + 2).toString());
    assertThat(disputes.get(d.id()).isBreached(disputes.today())).isTrue();
    assertThat(
            disputes
                .find(
                    new DisputeQuery(
                        null, "open", null, null, true, account.value(), null, null, 0, 50))
                .rows())
        .extracting(Dispute::id)
        .containsExactly(d.id());
    clock.setDate(RecoupTest.TODAY);

    // Bianca reviews it and agrees: the price list was not updated. A credit memo for exactly
    // the disputed amount is applied to the invoice.
    disputes.changeStatus(d.id(), DisputeStatus.IN_REVIEW, "checking the order form");
    Dispute resolved =
        disputes.resolve(
            d.id(),
            new ResolutionRequest(
                Resolution.CREDIT_MEMO,
                null,
                null,
                "Renewal price not updated in billing",
                "https://tickets.example.com/BILL-4711"));

    assertThat(resolved.status()).isEqualTo(DisputeStatus.RESOLVED);
    assertThat(resolved.outcome().resolution()).isEqualTo(Resolution.CREDIT_MEMO);
    assertThat(resolved.outcome().credited().amount()).isEqualByComparingTo(disputed);
    assertThat(resolved.outcome().creditMemoNumber()).isEqualTo("DSP-" + d.id().value());
    assertThat(resolved.outcome().ticketUrl()).isEqualTo("https://tickets.example.com/BILL-4711");
    assertThat(openOf(invoice)).isEqualByComparingTo(invoiceOpen.subtract(disputed));
    assertThat(disputedOf(invoice)).isZero();
    assertThat(invoiceStatus(invoice)).isEqualTo("PARTIALLY_PAID");
    assertThat(
            jdbc.sql(
                    """
                    select a.amount from application a join credit_memo m on m.id = a.credit_memo_id
                    where m.number = ? and a.invoice_id = ?""")
                .params("DSP-" + d.id().value(), invoice)
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo(disputed);
    assertThat(summary(account, "disputed_past_due_rc")).isZero();
    assertThat(summary(account, "past_due_rc"))
        .isEqualByComparingTo(pastDueBefore.subtract(disputed));
    assertThat(events.stream(DisputeResolved.class).filter(e -> e.dispute().equals(d.id())))
        .singleElement()
        .satisfies(e -> assertThat(e.credited().amount()).isEqualByComparingTo(disputed));

    // The trail tells the story, on the dispute and on the invoice.
    List<AuditEvent> story = oldestFirst(audit.historyOf("dispute", d.id().value(), 10));
    assertThat(story)
        .extracting(AuditEvent::action, AuditEvent::actor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dispute.opened", "chloe"),
            org.assertj.core.groups.Tuple.tuple("dispute.status-changed", "bianca"),
            org.assertj.core.groups.Tuple.tuple("dispute.resolved", "bianca"));
    assertThat(story.get(2).reason()).isEqualTo("Renewal price not updated in billing");
    assertThat(oldestFirst(audit.historyOf("invoice", invoice, 10)))
        .extracting(AuditEvent::action)
        .containsSubsequence("invoice.disputed-amount", "invoice.disputed-amount");
    ledgerStatusesHold();
  }

  @Test
  void aRejectedDisputeMakesTheWholeAmountCollectibleAgain() {
    AccountId account = new AccountId(accounts.get(1));
    long invoice = pastDueInvoices(account).get(0);
    BigDecimal open = openOf(invoice);
    BigDecimal pastDueBefore = summary(account, "past_due_rc");
    BigDecimal onWorklistBefore = pastDueOnChloesWorklist(account);

    SignedIn.as(access, "chloe");
    Dispute d =
        disputes
            .raise(
                account,
                new NewDispute(
                    "QUANTITY",
                    "Customer says 40 seats were billed, 30 were ordered.",
                    List.of(new NewDispute.Item(invoice, null)), // all of it
                    null),
                null)
            .dispute();
    assertThat(d.ownerUsername()).isEqualTo("sam");
    assertThat(d.team()).isEqualTo(DisputeTeam.SALES);
    assertThat(d.amount().amount()).isEqualByComparingTo(open);
    assertThat(summary(account, "disputed_past_due_rc")).isEqualByComparingTo(open);
    assertThat(pastDueOnChloesWorklist(account))
        .isEqualByComparingTo(onWorklistBefore.subtract(open));

    SignedIn.as(access, "sam");
    disputes.changeStatus(d.id(), DisputeStatus.WAITING_ON_CUSTOMER, "asked for the order form");
    Dispute rejected =
        disputes.resolve(
            d.id(),
            new ResolutionRequest(
                Resolution.REJECTED, null, null, "Seat count matches provisioning", null));

    assertThat(rejected.status()).isEqualTo(DisputeStatus.REJECTED);
    assertThat(rejected.outcome().credited().isZero()).isTrue();
    assertThat(rejected.outcome().creditMemoNumber()).isNull();
    assertThat(openOf(invoice)).isEqualByComparingTo(open);
    assertThat(disputedOf(invoice)).isZero();
    assertThat(invoiceStatus(invoice)).isEqualTo("OPEN");
    assertThat(summary(account, "disputed_past_due_rc")).isZero();
    assertThat(summary(account, "past_due_rc")).isEqualByComparingTo(pastDueBefore);
    assertThat(pastDueOnChloesWorklist(account)).isEqualByComparingTo(onWorklistBefore);
    assertThatThrownBy(() -> disputes.changeStatus(d.id(), DisputeStatus.IN_REVIEW, "reopen?"))
        .hasMessageStartingWith("status: dispute #" + d.id().value() + " is already rejected");
    ledgerStatusesHold();
  }

  @Test
  void aPartialResolutionCreditsPartAndTheRestIsCollectibleAgain() {
    AccountId account = new AccountId(accounts.get(2));
    List<Long> invoices = pastDueInvoices(account);
    long first = invoices.get(0);
    long second = invoices.get(1);
    BigDecimal firstOpen = openOf(first);
    BigDecimal secondOpen = openOf(second);

    SignedIn.as(access, "liam"); // the lead raises it for Chloe's customer, on two invoices
    Dispute d =
        disputes
            .raise(
                account,
                new NewDispute(
                    "SERVICE_NOT_DELIVERED",
                    "Onboarding workshops not held in October.",
                    List.of(new NewDispute.Item(first, null), new NewDispute.Item(second, null)),
                    null),
                null)
            .dispute();
    assertThat(d.ownerUsername()).isEqualTo("sunny");
    assertThat(d.amount().amount()).isEqualByComparingTo(firstOpen.add(secondOpen));

    // Sunny agrees to credit part: more than the first invoice's share, so both get some.
    SignedIn.as(access, "sunny");
    BigDecimal credit = firstOpen.add(secondOpen.divide(new BigDecimal("2"), 2, RoundingMode.DOWN));
    Dispute partial =
        disputes.resolve(
            d.id(),
            new ResolutionRequest(
                Resolution.PARTIAL, credit, null, "Two of four workshops were not held", null));

    assertThat(partial.outcome().credited().amount()).isEqualByComparingTo(credit);
    // The credit goes to the invoices in due-date order, each up to its disputed part.
    Dispute.DisputedInvoice a = partial.invoices().get(0);
    Dispute.DisputedInvoice b = partial.invoices().get(1);
    assertThat(a.credited().amount().add(b.credited().amount())).isEqualByComparingTo(credit);
    assertThat(openOf(first).add(openOf(second)))
        .isEqualByComparingTo(firstOpen.add(secondOpen).subtract(credit));
    assertThat(disputedOf(first)).isZero();
    assertThat(disputedOf(second)).isZero();
    assertThat(summary(account, "disputed_past_due_rc")).isZero();
    ledgerStatusesHold();
  }

  @Test
  void aResolverCannotSeeOrWorkAnotherResolversDispute() {
    AccountId account = new AccountId(accounts.get(3));
    long invoice = pastDueInvoices(account).get(0);
    SignedIn.as(access, "chloe");
    Dispute forSales =
        disputes
            .raise(
                account,
                new NewDispute(
                    "CANCELLED_CONTRACT", null, List.of(new NewDispute.Item(invoice, null)), null),
                null)
            .dispute();
    assertThat(forSales.ownerUsername()).isEqualTo("sam");

    SignedIn.as(access, "bianca");
    assertThatThrownBy(() -> disputes.get(forSales.id())).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () -> disputes.changeStatus(forSales.id(), DisputeStatus.IN_REVIEW, "mine now"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                disputes.resolve(
                    forSales.id(),
                    new ResolutionRequest(
                        Resolution.CREDIT_MEMO, null, null, "just credit it", null)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> disputes.reassign(forSales.id(), "bianca", "mine now"))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(disputes.find(DisputeQuery.of("all", "all")).rows())
        .isNotEmpty()
        .allMatch(x -> "bianca".equals(x.ownerUsername()));
    assertThat(disputes.trends().byReasonAndMonth()).isNotEmpty();

    SignedIn.as(access, "sam");
    assertThat(disputes.get(forSales.id()).status()).isEqualTo(DisputeStatus.OPEN);
    assertThat(disputedOf(invoice)).isEqualByComparingTo(openOf(invoice));
  }

  // ---- helpers ----

  static List<AuditEvent> oldestFirst(List<AuditEvent> newestFirst) {
    List<AuditEvent> l = new java.util.ArrayList<>(newestFirst);
    java.util.Collections.reverse(l);
    return l;
  }

  /** The account's fully open past-due invoices, oldest due first. */
  List<Long> pastDueInvoices(AccountId account) {
    return jdbc.sql(
            """
            select id from invoice where account_id = ? and open_amount = amount
              and disputed_amount = 0 and due_date < ? order by due_date, id""")
        .params(account.value(), today.minusDays(10))
        .query(Long.class)
        .list();
  }

  BigDecimal openOf(long invoice) {
    return jdbc.sql("select open_amount from invoice where id = ?")
        .param(invoice)
        .query(BigDecimal.class)
        .single();
  }

  BigDecimal disputedOf(long invoice) {
    return jdbc.sql("select disputed_amount from invoice where id = ?")
        .param(invoice)
        .query(BigDecimal.class)
        .single();
  }

  String invoiceStatus(long invoice) {
    return jdbc.sql("select status from invoice where id = ?")
        .param(invoice)
        .query(String.class)
        .single();
  }

  BigDecimal summary(AccountId account, String column) {
    return jdbc.sql("select " + column + " from account_summary where account_id = ?")
        .param(account.value())
        .query(BigDecimal.class)
        .single();
  }

  /** What Chloe's worklist chases on the account after a re-rank (zero when it is not on it). */
  BigDecimal pastDueOnChloesWorklist(AccountId account) {
    worklists.refresh(account, today);
    return worklists.of(access.user("chloe").orElseThrow(), today, 100_000).stream()
        .filter(r -> r.accountId() == account.value())
        .map(WorklistRow::pastDue)
        .map(m -> m.amount())
        .findFirst()
        .orElse(BigDecimal.ZERO);
  }

  /** I1's status rule: disputed iff part of an open invoice is disputed, never above open. */
  void ledgerStatusesHold() {
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from invoice i where
                      (i.open_amount > 0 and (i.disputed_amount > 0) <> (i.status = 'DISPUTED'))
                      or i.disputed_amount > i.open_amount
                      or (i.open_amount = i.amount and i.disputed_amount = 0 and i.status <> 'OPEN')
                      or (i.open_amount = 0 and i.status not in ('PAID', 'CREDITED'))""")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from invoice i
                    left join (select invoice_id, sum(amount) as applied from application group by invoice_id) a
                      on a.invoice_id = i.id
                    where i.amount - i.open_amount <> coalesce(a.applied, 0)""")
                .query(Long.class)
                .single())
        .isZero();
    // Every invoice's disputed amount is what its open disputes contest (capped at its open).
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from invoice i
                    left join (select di.invoice_id, sum(di.amount) as amount from dispute_invoice di
                               join dispute d on d.id = di.dispute_id where d.resolution is null
                               group by di.invoice_id) o on o.invoice_id = i.id
                    where i.account_id = any(?)
                      and i.disputed_amount <> least(coalesce(o.amount, 0), i.open_amount)""")
                .param(accounts.toArray(Long[]::new))
                .query(Long.class)
                .single())
        .isZero();
  }
}
