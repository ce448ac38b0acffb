package dev.recoup.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.collections.Worklists;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * Cash application as Cass (a collector) and Liam (her lead) work it: payments arrive with or
 * without a remittance text, Recoup suggests which open invoices they settle and why, a person
 * accepts, edits or rejects, and a lead auto-applies what is sure enough.
 */
@RecoupTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CashApplicationTests {

  @Autowired CashApplication cash;
  @Autowired UnappliedCash unapplied;
  @Autowired Postings postings;
  @Autowired Ledger ledger;
  @Autowired Access access;
  @Autowired AuditTrail audit;
  @Autowired Aging aging;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @Autowired Worklists worklists;

  CashFixtures fx;

  @BeforeEach
  void fixtures() {
    fx = new CashFixtures(jdbc, access, postings, clock);
    SignedIn.as(access, CashFixtures.COLLECTOR);
  }

  @AfterEach
  void signOut() {
    SignedIn.out();
    clock.setDate(RecoupTest.TODAY);
  }

  @AfterAll
  void ledgerStillHolds() {
    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse(RecoupTest.TODAY));
  }

  private List<CashSuggestion> suggestionsOf(PaymentId payment) {
    return cash.matching(payment).suggestions();
  }

  @Test
  void paymentNamingTwoInvoicesIsSuggestedAgainstThemAndAcceptingAppliesIt() {
    AccountId customer = fx.customer("Northwind Traders");
    InvoiceId inv1042 = fx.invoice(customer, "INV-1042", "2026-10-15", "600.00");
    InvoiceId inv1043 = fx.invoice(customer, "INV-1043", "2026-10-31", "400.00");
    InvoiceId other = fx.invoice(customer, "INV-1044", "2026-11-15", "1000.00");
    PaymentId payment = fx.pays(customer, "1000.00", "Payment for INV-1042 INV-1043, thank you");

    List<CashSuggestion> suggestions = suggestionsOf(payment);
    CashSuggestion best = suggestions.get(0);
    assertThat(best.basis()).isEqualTo(MatchBasis.NAMED_EXACT);
    assertThat(best.confidence()).isEqualTo(95);
    assertThat(best.reason())
        .isEqualTo(
            "INV-1042 and INV-1043 named in the remittance; their open amounts sum to the payment");
    assertThat(best.lines())
        .extracting(l -> l.number() + " " + l.amount())
        .containsExactly("INV-1042 600.00 USD", "INV-1043 400.00 USD");
    // The invoice whose amount equals the payment is a weaker second.
    assertThat(suggestions)
        .anySatisfy(
            s -> {
              assertThat(s.basis()).isEqualTo(MatchBasis.AMOUNT_EXACT);
              assertThat(s.reason()).isEqualTo("exact amount of INV-1044");
              assertThat(s.confidence()).isEqualTo(70);
            });

    CashApplication.Applied applied = cash.accept(payment, best.key());

    assertThat(applied.already()).isFalse();
    assertThat(applied.total()).hasToString("1000.00 USD");
    assertThat(fx.statusOf(inv1042)).isEqualTo("PAID");
    assertThat(fx.statusOf(inv1043)).isEqualTo("PAID");
    assertThat(fx.openOf(other)).isEqualByComparingTo("1000.00");
    assertThat(fx.unappliedOf(payment)).isEqualByComparingTo("0");
    // What the Account 360 lists: the payment with its applications.
    Payment onAccount =
        ledger.payments(customer, 50).stream()
            .filter(p -> p.id().equals(payment))
            .findFirst()
            .orElseThrow();
    assertThat(onAccount.applications())
        .extracting(a -> a.invoiceNumber() + " " + a.amount())
        .containsExactly("INV-1042 600.00 USD", "INV-1043 400.00 USD");
    assertThat(audit.historyOf("payment", payment.value(), 5))
        .extracting(e -> e.action())
        .contains("cash.match-applied");
  }

  @Test
  void acceptingTheSameSuggestionTwiceAppliesItOnce() {
    AccountId customer = fx.customer("Contoso");
    fx.invoice(customer, "INV-5001", "2026-10-01", "250.00");
    PaymentId payment = fx.pays(customer, "300.00", "INV-5001");
    CashSuggestion s = suggestionsOf(payment).get(0);
    assertThat(s.basis()).isEqualTo(MatchBasis.NAMED_OVER);

    cash.accept(payment, s.key());
    CashApplication.Applied again = cash.accept(payment, s.key());

    assertThat(again.already()).isTrue();
    assertThat(fx.applicationsOf(payment)).isEqualTo(1);
    assertThat(fx.unappliedOf(payment)).isEqualByComparingTo("50.00");
  }

  @Test
  void oneOpenInvoiceOfThePaymentsAmountIsSuggestedAsAnExactMatch() {
    AccountId customer = fx.customer("Fabrikam");
    fx.invoice(customer, "INV-6001", "2026-09-30", "300.00");
    InvoiceId match = fx.invoice(customer, "INV-6002", "2026-10-30", "750.00");
    fx.invoice(customer, "INV-6003", "2026-11-30", "450.00");
    PaymentId payment = fx.pays(customer, "750.00", null);

    CashSuggestion best = suggestionsOf(payment).get(0);

    assertThat(best.basis()).isEqualTo(MatchBasis.AMOUNT_EXACT);
    assertThat(best.reason()).isEqualTo("exact amount of INV-6002");
    assertThat(best.confidence()).isEqualTo(70);
    assertThat(best.lines()).extracting(CashSuggestion.Line::invoice).containsExactly(match);
  }

  @Test
  void openInvoicesThatSumToThePaymentAreSuggestedAsACombination() {
    AccountId customer = fx.customer("Tailspin Toys");
    InvoiceId a = fx.invoice(customer, "INV-7001", "2026-08-31", "120.00");
    InvoiceId b = fx.invoice(customer, "INV-7002", "2026-09-30", "380.50");
    InvoiceId c = fx.invoice(customer, "INV-7003", "2026-10-31", "99.50");
    fx.invoice(customer, "INV-7004", "2026-11-30", "1000.00");
    PaymentId payment = fx.pays(customer, "600.00", "ACH CREDIT 448812");

    List<CashSuggestion> suggestions = suggestionsOf(payment);

    assertThat(suggestions).hasSize(1);
    CashSuggestion s = suggestions.get(0);
    assertThat(s.basis()).isEqualTo(MatchBasis.COMBINATION);
    assertThat(s.reason()).isEqualTo("3 open invoices sum to the payment");
    assertThat(s.confidence()).isEqualTo(55);
    assertThat(s.lines()).extracting(CashSuggestion.Line::invoice).containsExactly(a, b, c);
  }

  @Test
  void severalCombinationsAreLessSureAndTheOldestComesFirst() {
    AccountId customer = fx.customer("Wide World Importers");
    InvoiceId oldest = fx.invoice(customer, "INV-7101", "2026-07-31", "100.00");
    InvoiceId older = fx.invoice(customer, "INV-7102", "2026-08-31", "550.00");
    fx.invoice(customer, "INV-7103", "2026-09-30", "250.00");
    fx.invoice(customer, "INV-7104", "2026-10-31", "400.00");
    PaymentId payment = fx.pays(customer, "650.00", null);

    List<CashSuggestion> suggestions = suggestionsOf(payment);

    assertThat(suggestions).hasSize(2).allSatisfy(s -> assertThat(s.confidence()).isEqualTo(25));
    assertThat(suggestions.get(0).lines())
        .extracting(CashSuggestion.Line::invoice)
        .containsExactly(oldest, older);
    assertThat(suggestions.get(0).reason())
        .isEqualTo("2 open invoices sum to the payment (one of several combinations)");
  }

  @Test
  void anOverPaymentLeavesTheRestAsUnappliedCash() {
    AccountId customer = fx.customer("Adventure Works");
    InvoiceId invoice = fx.invoice(customer, "INV-2001", "2026-10-10", "800.00");
    PaymentId payment = fx.pays(customer, "1000.00", "Remit: INV-2001");

    CashSuggestion s = suggestionsOf(payment).get(0);
    assertThat(s.basis()).isEqualTo(MatchBasis.NAMED_OVER);
    assertThat(s.confidence()).isEqualTo(80);
    assertThat(s.leftUnapplied()).hasToString("200.00 USD");
    assertThat(s.reason())
        .isEqualTo(
            "INV-2001 named in the remittance; the payment exceeds its open amount by 200.00 USD,"
                + " which stays unapplied cash");

    CashApplication.Applied applied = cash.accept(payment, s.key());

    assertThat(applied.unappliedAfter()).hasToString("200.00 USD");
    assertThat(fx.statusOf(invoice)).isEqualTo("PAID");
    // The rest stays on the unapplied-cash worklist.
    UnappliedPage page =
        unapplied.page(
            new UnappliedFilter(
                "mine", fx.nameOf(customer), null, null, null, null, null, null, null, 0, 25),
            2);
    assertThat(page.rows()).extracting(UnappliedPayment::id).containsExactly(payment);
    assertThat(page.rows().get(0).unapplied()).hasToString("200.00 USD");
  }

  @Test
  void aShortPaymentIsAppliedOldestFirstAndLeavesTheRestOpen() {
    AccountId customer = fx.customer("Litware");
    InvoiceId older = fx.invoice(customer, "INV-3001", "2026-09-15", "600.00");
    InvoiceId newer = fx.invoice(customer, "INV-3002", "2026-10-15", "400.00");
    PaymentId payment = fx.pays(customer, "700.00", "INV-3002 / INV-3001");

    CashSuggestion s = suggestionsOf(payment).get(0);
    assertThat(s.basis()).isEqualTo(MatchBasis.NAMED_SHORT);
    assertThat(s.confidence()).isEqualTo(70);
    assertThat(s.shortPayment()).isTrue();
    assertThat(s.leftOpen()).hasToString("300.00 USD");
    assertThat(s.lines())
        .extracting(l -> l.number() + " " + l.amount())
        .containsExactly("INV-3001 600.00 USD", "INV-3002 100.00 USD");

    cash.accept(payment, s.key());

    assertThat(fx.statusOf(older)).isEqualTo("PAID");
    assertThat(fx.statusOf(newer)).isEqualTo("PARTIALLY_PAID");
    assertThat(fx.openOf(newer)).isEqualByComparingTo("300.00");
    assertThat(fx.unappliedOf(payment)).isEqualByComparingTo("0");
  }

  @Test
  void aPersonEditsASuggestionAndSendingTheFormTwiceAppliesOnce() {
    AccountId customer = fx.customer("Proseware");
    InvoiceId a = fx.invoice(customer, "INV-8001", "2026-09-01", "500.00");
    InvoiceId b = fx.invoice(customer, "INV-8002", "2026-10-01", "500.00");
    PaymentId payment = fx.pays(customer, "600.00", "INV-8001 INV-8002");
    CashSuggestion s = suggestionsOf(payment).get(0);
    assertThat(s.basis()).isEqualTo(MatchBasis.NAMED_SHORT);

    // Cass applies 300 to each instead of oldest first.
    List<CashApplication.ManualLine> lines =
        List.of(
            new CashApplication.ManualLine(a, new BigDecimal("300.00")),
            new CashApplication.ManualLine(b, new BigDecimal("300")));
    cash.apply(payment, lines, s.key(), "page:edit-" + payment.value());
    CashApplication.Applied again =
        cash.apply(payment, lines, s.key(), "page:edit-" + payment.value());

    assertThat(again.already()).isTrue();
    assertThat(fx.openOf(a)).isEqualByComparingTo("200.00");
    assertThat(fx.openOf(b)).isEqualByComparingTo("200.00");
    assertThat(cash.matching(payment).matches())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.origin()).isEqualTo("EDITED");
              assertThat(m.basis()).isEqualTo(MatchBasis.NAMED_SHORT);
              assertThat(m.decidedBy()).isEqualTo(CashFixtures.COLLECTOR);
            });
  }

  @Test
  void aManualApplicationCannotTakeMoreThanThePaymentOrTheInvoice() {
    AccountId customer = fx.customer("Lucerne Publishing");
    InvoiceId a = fx.invoice(customer, "INV-8101", "2026-09-01", "100.00");
    PaymentId payment = fx.pays(customer, "150.00", null);

    assertThatThrownBy(
            () ->
                cash.apply(
                    payment,
                    List.of(new CashApplication.ManualLine(a, new BigDecimal("160.00"))),
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("lines: the amounts add up to 160.00 USD");
    assertThatThrownBy(
            () ->
                cash.apply(
                    payment,
                    List.of(new CashApplication.ManualLine(a, new BigDecimal("120.00"))),
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("amount: more than the invoice's open amount");
    assertThat(fx.unappliedOf(payment)).isEqualByComparingTo("150.00");
  }

  @Test
  void aRejectedSuggestionIsNotSuggestedAgain() {
    AccountId customer = fx.customer("Coho Winery");
    fx.invoice(customer, "INV-9001", "2026-09-01", "420.00");
    fx.invoice(customer, "INV-9002", "2026-10-01", "180.00");
    fx.invoice(customer, "INV-9003", "2026-10-15", "240.00");
    PaymentId payment = fx.pays(customer, "420.00", null);
    CashSuggestion exact = suggestionsOf(payment).get(0);
    assertThat(exact.basis()).isEqualTo(MatchBasis.AMOUNT_EXACT);

    cash.reject(payment, exact.key(), "INV-9001 is being credited");

    CashApplication.PaymentMatching after = cash.matching(payment);
    assertThat(after.suggestions()).extracting(CashSuggestion::key).doesNotContain(exact.key());
    // With the exact amount gone, the combination of the other two comes through.
    assertThat(after.suggestions())
        .singleElement()
        .satisfies(s -> assertThat(s.numbers()).containsExactly("INV-9002", "INV-9003"));
    assertThat(after.rejections())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.numbers()).containsExactly("INV-9001");
              assertThat(r.reason()).isEqualTo("INV-9001 is being credited");
              assertThat(r.rejectedBy()).isEqualTo(CashFixtures.COLLECTOR);
            });
    assertThat(audit.historyOf("payment", payment.value(), 5))
        .extracting(e -> e.action())
        .contains("cash.suggestion-rejected");
  }

  @Test
  void aParentsPaymentIsMatchedToItsChildsInvoiceNamedInTheRemittance() {
    AccountId parent = fx.customer("Trey Research Holdings");
    AccountId child = fx.customer("Trey Research EMEA desk", parent);
    InvoiceId invoice = fx.invoice(child, "INV-4001", "2026-10-20", "1250.00", "PO-77120");
    PaymentId payment = fx.pays(parent, "1250.00", "PO-77120");

    CashSuggestion s = suggestionsOf(payment).get(0);

    assertThat(s.basis()).isEqualTo(MatchBasis.PO_EXACT);
    assertThat(s.reason())
        .isEqualTo(
            "PO PO-77120 named in the remittance; its open invoice INV-4001 equals the payment");
    assertThat(s.lines().get(0).relatedAccount()).isTrue();
    cash.accept(payment, s.key());
    assertThat(fx.statusOf(invoice)).isEqualTo("PAID");
  }

  @Test
  void autoApplyAppliesOnlyWhatReachesTheThresholdAndRecordsTheRun() {
    AccountId customer = fx.customer("Blue Yonder Airlines");
    InvoiceId named = fx.invoice(customer, "INV-1201", "2026-09-30", "2000.00");
    InvoiceId byAmount = fx.invoice(customer, "INV-1202", "2026-10-30", "321.00");
    PaymentId sure = fx.pays(customer, "2000.00", "INV-1201");
    PaymentId unsure = fx.pays(customer, "321.00", "October");
    UnappliedFilter theirs =
        new UnappliedFilter(
            "all", fx.nameOf(customer), null, null, null, null, null, null, null, 0, 25);

    assertThatThrownBy(() -> cash.autoApply(theirs, null))
        .as("a collector does not run auto-apply")
        .isInstanceOf(AccessDeniedException.class);

    SignedIn.as(access, "liam");
    CashRun run = cash.autoApply(theirs, null);

    assertThat(run.threshold()).isEqualTo(90);
    assertThat(run.startedBy()).isEqualTo("liam");
    assertThat(run.status()).isEqualTo("DONE");
    assertThat(run.payments()).isEqualTo(2);
    assertThat(run.qualified()).isEqualTo(1);
    assertThat(run.appliedPayments()).isEqualTo(1);
    assertThat(fx.statusOf(named)).isEqualTo("PAID");
    assertThat(fx.statusOf(byAmount)).isEqualTo("OPEN");
    assertThat(fx.unappliedOf(unsure)).isEqualByComparingTo("321.00");
    assertThat(cash.matching(sure).matches())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.origin()).isEqualTo("AUTO");
              assertThat(m.runId()).isEqualTo(run.id());
              assertThat(m.decidedBy()).isEqualTo("cash-application");
            });
    assertThat(audit.historyOf("cash-run", run.id(), 10))
        .extracting(e -> e.action() + " by " + e.actor())
        .contains(
            "cash.run-started by liam",
            "payments.applied by cash-application",
            "cash.run-finished by cash-application");

    // A lower threshold, chosen for one run, takes the exact amount too.
    CashRun second = cash.autoApply(theirs, 70);
    assertThat(second.threshold()).isEqualTo(70);
    assertThat(second.appliedPayments()).isEqualTo(1);
    assertThat(fx.statusOf(byAmount)).isEqualTo("PAID");
    assertThatThrownBy(() -> cash.autoApply(theirs, 40))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("threshold:");
  }

  @Test
  void anAutoApplyRunReRanksTheWorklistOfTheAccountsItSettled() {
    AccountId customer = fx.customer("Coho Vineyard");
    fx.invoice(customer, "INV-1401", "2026-09-30", "4000.00");
    LocalDate today = LocalDate.now(clock);
    aging.refreshBalances(customer, today); // the fixture writes the invoice directly
    worklists.refresh(customer, today);
    assertThat(pastDueRanked(customer))
        .as("ranked for its past due")
        .isEqualByComparingTo("4000.00");

    fx.pays(customer, "4000.00", "INV-1401");
    SignedIn.as(access, "liam");
    cash.autoApply(
        new UnappliedFilter(
            "all", fx.nameOf(customer), null, null, null, null, null, null, null, 0, 25),
        90);

    // Nothing is past due any more: the collector's worklist no longer asks for it, at once.
    assertThat(pastDueRanked(customer)).isEqualByComparingTo("0");
  }

  private BigDecimal pastDueRanked(AccountId account) {
    return jdbc.sql("select coalesce(sum(past_due_rc), 0) from worklist_item where account_id = ?")
        .param(account.value())
        .query(BigDecimal.class)
        .single();
  }

  @Test
  void autoApplyLeavesAPaymentWhoseInvoiceWasPaidMeanwhileToPeople() {
    AccountId customer = fx.customer("Alpine Ski House");
    InvoiceId invoice = fx.invoice(customer, "INV-1301", "2026-09-30", "500.00");
    PaymentId first = fx.pays(customer, "500.00", "INV-1301");
    PaymentId second = fx.pays(customer, "500.00", "INV-1301 (duplicate remittance)");
    UnappliedFilter theirs =
        new UnappliedFilter(
            "all", fx.nameOf(customer), null, null, null, null, null, null, null, 0, 25);

    SignedIn.as(access, "liam");
    CashRun run = cash.autoApply(theirs, 90);

    // Both name the invoice; only one can settle it, the other stays for a person.
    assertThat(run.qualified()).isEqualTo(2);
    assertThat(run.appliedPayments()).isEqualTo(1);
    assertThat(run.skipped()).isEqualTo(1);
    assertThat(fx.statusOf(invoice)).isEqualTo("PAID");
    assertThat(fx.unappliedOf(first).add(fx.unappliedOf(second))).isEqualByComparingTo("500.00");
  }

  @Test
  void aCollectorCannotActOnAnotherCollectorsPayment() {
    AccountId customer = fx.customer("Graphic Design Institute");
    fx.invoice(customer, "INV-1401", "2026-09-30", "90.00");
    PaymentId payment = fx.pays(customer, "90.00", "INV-1401");
    CashSuggestion s = suggestionsOf(payment).get(0);

    SignedIn.as(access, "carlos");
    assertThatThrownBy(() -> cash.accept(payment, s.key()))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> cash.reject(payment, s.key(), "not mine"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                cash.apply(
                    payment,
                    List.of(
                        new CashApplication.ManualLine(s.lines().get(0).invoice(), BigDecimal.ONE)),
                    null,
                    null))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(cash.matching(payment).mayChange()).isFalse();
    assertThat(fx.applicationsOf(payment)).isZero();
  }

  @Test
  void theWorklistShowsEachPaymentWithItsBestSuggestionsAndTotalsPerCurrency() {
    AccountId customer = fx.customer("Margie's Travel");
    fx.invoice(customer, "INV-1501", "2026-09-30", "75.00");
    PaymentId payment = fx.pays(customer, "75.00", "INV-1501");
    fx.pays(customer, "10.00", null);

    UnappliedPage page =
        unapplied.page(
            new UnappliedFilter(
                null, fx.nameOf(customer), null, null, null, null, null, "amount", "desc", 0, 25),
            2);

    assertThat(page.filter().scope()).as("a collector sees its own by default").isEqualTo("mine");
    assertThat(page.total()).isEqualTo(2);
    assertThat(page.byCurrency())
        .singleElement()
        .satisfies(c -> assertThat(c.unapplied()).hasToString("85.00 USD"));
    assertThat(page.rows().get(0).id()).isEqualTo(payment);
    assertThat(page.rows().get(0).bestConfidence()).isEqualTo(95);
    assertThat(page.rows().get(0).suggestions().get(0).reason())
        .isEqualTo("INV-1501 named in the remittance; its open amount equals the payment");
    assertThat(page.rows().get(1).suggestions()).isEmpty();
  }
}
