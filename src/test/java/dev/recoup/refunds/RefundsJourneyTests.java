package dev.recoup.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditEvent;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.Postings;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * A credit balance on one of Connor's accounts becomes a refund: requested by the collector,
 * approved by someone else, bank details verified by call-back, paid through the ledger, exported
 * once for the ERP. What goes wrong on the way is refused with a reason, and nothing changes.
 */
@RecoupTest
class RefundsJourneyTests {

  @Autowired Refunds refunds;
  @Autowired CreditBalances balances;
  @Autowired Postings postings;
  @Autowired Access access;
  @Autowired AuditTrail audit;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @LocalServerPort int port;

  RefundFixtures fx;

  @BeforeEach
  void fixtures() {
    fx = new RefundFixtures(jdbc, postings, port);
  }

  @AfterEach
  void reset() {
    SignedIn.out();
    clock.setDate(RecoupTest.TODAY);
  }

  @Test
  void aRefundRequestedByACollectorIsApprovedByALeadVerifiedAndPaidAndTheCreditBalanceIsGone()
      throws Exception {
    AccountId account = fx.connorsAccount(0);
    // 2026-11-20: the customer paid an invoice twice; 1,250 arrives with nothing to apply it to.
    SignedIn.as(access, "connor");
    PaymentId duplicate = fx.overPayment(account, "1250");
    Money amount = fx.money("1250", account);
    BigDecimal cashBefore = fx.unappliedCash(account);
    assertThat(balances.ofAccount(account))
        .anyMatch(c -> c.source().equals(CreditSourceRef.payment(duplicate.value())));

    Refund requested =
        refunds.request(
            new NewRefund(
                account,
                CreditSourceRef.payment(duplicate.value()),
                amount,
                "Invoice paid twice (duplicate wire)"),
            null);
    assertThat(requested.status()).isEqualTo(RefundStatus.REQUESTED);
    assertThat(requested.requestedBy()).isEqualTo("connor");

    // Connor cannot approve his own request: not in the domain, not through the API.
    assertThatThrownBy(() -> refunds.approve(requested.id(), "looks fine"))
        .isInstanceOf(AccessDeniedException.class);
    var viaApi =
        fx.api(
            "connor",
            "POST",
            "/api/v1/refunds/" + requested.id().value() + "/approval",
            "{\"decision\":\"APPROVE\",\"reason\":\"mine\"}",
            null);
    assertThat(viaApi.statusCode()).isEqualTo(403);
    Refund unchanged = refunds.find(requested.id());
    assertThat(unchanged.status()).isEqualTo(RefundStatus.REQUESTED);
    assertThat(unchanged.decidedBy()).isNull();
    assertThat(actionsOn(requested)).containsExactly("refund.requested");

    // 2026-11-21: Liam, the lead, approves it.
    clock.setDate("2026-11-21");
    SignedIn.as(access, "liam");
    Refund approved = refunds.approve(requested.id(), "duplicate wire confirmed on the statement");
    assertThat(approved.status()).isEqualTo(RefundStatus.APPROVED);
    assertThat(approved.decidedBy()).isEqualTo("liam");

    // The requester may not verify the bank details either; Liam calls back the number on file.
    SignedIn.as(access, "connor");
    assertThatThrownBy(
            () ->
                refunds.verify(
                    requested.id(), new BankCheck(VerificationMethod.CALL_BACK, "4821", null)))
        .isInstanceOf(AccessDeniedException.class);
    SignedIn.as(access, "liam");
    Refund verified =
        refunds.verify(
            requested.id(),
            new BankCheck(
                VerificationMethod.CALL_BACK,
                "4821",
                "Spoke to the AP manager on the number on file"));
    assertThat(verified.status()).isEqualTo(RefundStatus.VERIFIED);
    assertThat(verified.verifiedBy()).isEqualTo("liam");
    assertThat(verified.bankAccountLast4()).isEqualTo("4821");
    assertThat(verified.verificationMethod()).isEqualTo(VerificationMethod.CALL_BACK);

    // 2026-11-23: treasury sent the wire; Liam marks it paid with the bank reference.
    clock.setDate("2026-11-23");
    String reference = RefundFixtures.unique("WIRE-OUT");
    Refund paid = refunds.markPaid(requested.id(), reference, null);
    assertThat(paid.status()).isEqualTo(RefundStatus.PAID);
    assertThat(paid.paymentReference()).isEqualTo(reference);
    assertThat(paid.paidOn()).isEqualTo(LocalDate.parse("2026-11-23"));
    assertThat(paid.cycleTimeDays()).isEqualByComparingTo("3.0");

    // The credit balance is gone: exactly the refund left the payment and the account's balance.
    assertThat(fx.paymentUnapplied(duplicate)).isEqualByComparingTo("0");
    assertThat(fx.unappliedCash(account))
        .isEqualByComparingTo(cashBefore.subtract(amount.amount()));
    assertThat(balances.ofAccount(account))
        .noneMatch(c -> c.source().equals(CreditSourceRef.payment(duplicate.value())));
    assertThat(
            jdbc.sql("select count(*) from refund_posting where reference = ? and amount = ?")
                .params(reference, amount.amount())
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(fx.breachesOfI2()).as("I2 with refunds").isZero();
    assertThat(audit.verify().valid()).isTrue();

    // The audit trail tells the story, and the refund can neither be paid nor cancelled again.
    assertThat(actionsOn(requested))
        .containsExactly("refund.requested", "refund.approved", "refund.verified", "refund.paid");
    assertThat(audit.historyOf("payment", duplicate.value(), 10))
        .extracting(AuditEvent::action)
        .contains("refund.posted");
    assertThatThrownBy(() -> refunds.markPaid(requested.id(), reference + "-again", null))
        .hasMessageStartingWith("status: only a verified refund can be paid; this one is PAID");
    assertThatThrownBy(() -> refunds.cancel(requested.id(), "too late"))
        .hasMessageStartingWith("status:");
    assertThat(refunds.cycleTime().paid()).isPositive();
  }

  @Test
  void amountsAboveTheAvailableCreditAndRejectedRefundsGiveClearErrors() {
    AccountId account =
        fx.connorsAccountWithAnOpenInvoiceOf(
            new BigDecimal("400"),
            List.of(
                fx.connorsAccount(0),
                fx.connorsAccount(1),
                fx.connorsAccount(2),
                fx.connorsAccount(3)));
    SignedIn.as(access, "connor");
    PaymentId payment = fx.overPayment(account, "400");
    CreditSourceRef credit = CreditSourceRef.payment(payment.value());
    String cur = fx.currencyOf(account);

    // More than the payment's unapplied cash.
    assertThatThrownBy(
            () ->
                refunds.request(
                    new NewRefund(account, credit, fx.money("500", account), "overpaid"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "amount: more than the " + fx.money("400", account) + " available on this payment");
    // A pending refund reserves its part: a second one cannot take it again.
    Refund first =
        refunds.request(new NewRefund(account, credit, fx.money("300", account), "overpaid"), null);
    assertThatThrownBy(
            () ->
                refunds.request(
                    new NewRefund(account, credit, fx.money("150", account), "overpaid"), null))
        .hasMessageContaining("more than the " + fx.money("100", account) + " available")
        .hasMessageContaining(
            fx.money("300", account)
                + " of its "
                + fx.money("400", account)
                + " is in other pending refunds");
    // Another account's credit, another currency, nothing at all: refused with the field named.
    assertThatThrownBy(
            () ->
                refunds.request(
                    new NewRefund(fx.connorsAccount(0), credit, fx.money("1", account), "x"), null))
        .hasMessage("source: this payment belongs to another account");
    assertThatThrownBy(
            () ->
                refunds.request(
                    new NewRefund(
                        account,
                        credit,
                        Money.of("1", cur.equals("EUR") ? "GBP" : "EUR"),
                        "wrong currency"),
                    null))
        .hasMessage("amount: the credit is in " + cur);
    assertThatThrownBy(
            () ->
                refunds.request(new NewRefund(account, credit, fx.money("0", account), "x"), null))
        .hasMessage("amount: must be positive");
    assertThatThrownBy(
            () ->
                refunds.request(new NewRefund(account, credit, fx.money("1", account), " "), null))
        .hasMessage("reason: say why");

    // A collector never approves, not even someone else's request.
    SignedIn.as(access, "liam");
    Refund liams =
        refunds.request(new NewRefund(account, credit, fx.money("50", account), "overpaid"), null);
    SignedIn.as(access, "connor");
    assertThatThrownBy(() -> refunds.approve(liams.id(), null))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Only a lead, manager or admin");
    SignedIn.as(access, "liam");
    assertThatThrownBy(() -> refunds.approve(liams.id(), null))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("segregation of duties");
    refunds.cancel(liams.id(), "asked twice");

    // Rejected with a reason (and only with one); a rejected refund is not approved later.
    assertThatThrownBy(() -> refunds.reject(first.id(), "")).hasMessage("reason: say why");
    Refund rejected =
        refunds.reject(first.id(), "customer prefers to apply it to the next invoice");
    assertThat(rejected.status()).isEqualTo(RefundStatus.REJECTED);
    assertThat(rejected.decisionReason())
        .isEqualTo("customer prefers to apply it to the next invoice");
    assertThatThrownBy(() -> refunds.approve(first.id(), null))
        .hasMessage("status: only a requested refund can be approved; this one is REJECTED");

    // Released by the rejection, the whole 400 can be requested; then a credit is applied
    // meanwhile, and the approval sees it.
    SignedIn.as(access, "connor");
    Refund whole =
        refunds.request(new NewRefund(account, credit, fx.money("400", account), "overpaid"), null);
    SignedIn.as(access, "liam");
    long invoice = fx.openInvoiceOf(account, new BigDecimal("250"));
    postings.apply(
        payment,
        new InvoiceId(invoice),
        fx.money("250", account),
        LocalDate.parse(RecoupTest.TODAY));
    assertThatThrownBy(() -> refunds.approve(whole.id(), null))
        .hasMessageStartingWith(
            "amount: only " + fx.money("150", account) + " is still available on");
    assertThat(refunds.find(whole.id()).status()).isEqualTo(RefundStatus.REQUESTED);
    refunds.reject(whole.id(), "250 applied to an open invoice; request the rest");

    // What is left is approved and verified; another application before payment is seen too.
    SignedIn.as(access, "connor");
    Refund rest =
        refunds.request(new NewRefund(account, credit, fx.money("150", account), "the rest"), null);
    SignedIn.as(access, "maria");
    refunds.approve(rest.id(), null);
    SignedIn.as(access, "liam");
    assertThatThrownBy(
            () ->
                refunds.verify(rest.id(), new BankCheck(VerificationMethod.CALL_BACK, "12", null)))
        .hasMessageStartingWith("bankAccountLast4:");
    assertThatThrownBy(() -> refunds.verify(rest.id(), new BankCheck(null, "1234", null)))
        .hasMessageStartingWith("method:");
    refunds.verify(rest.id(), new BankCheck(VerificationMethod.SIGNED_BANK_LETTER, "7788", null));
    postings.apply(
        payment,
        new InvoiceId(fx.openInvoiceOf(account, new BigDecimal("100"))),
        fx.money("100", account),
        LocalDate.parse(RecoupTest.TODAY));
    SignedIn.as(access, "connor");
    assertThatThrownBy(() -> refunds.markPaid(rest.id(), "X", null))
        .isInstanceOf(AccessDeniedException.class);
    SignedIn.as(access, "liam");
    assertThatThrownBy(() -> refunds.markPaid(rest.id(), RefundFixtures.unique("WIRE"), null))
        .hasMessageStartingWith("amount: only " + fx.money("50", account) + " is still open on");
    assertThatThrownBy(
            () ->
                refunds.markPaid(rest.id(), "WIRE", LocalDate.parse(RecoupTest.TODAY).plusDays(1)))
        .hasMessage("paidOn: a payment date in the future");
    assertThat(fx.paymentUnapplied(payment)).isEqualByComparingTo("50");

    // The requester cancels it; a cancelled refund stays cancelled.
    SignedIn.as(access, "connor");
    Refund cancelled = refunds.cancel(rest.id(), "credit used on invoices instead");
    assertThat(cancelled.status()).isEqualTo(RefundStatus.CANCELLED);
    assertThatThrownBy(() -> refunds.cancel(rest.id(), "again"))
        .hasMessage("status: only a refund not yet paid is cancelled; this one is CANCELLED");
    assertThat(refunds.available(credit)).isEqualTo(fx.money("50", account));
    assertThat(fx.breachesOfI2()).isZero();
  }

  @Test
  void aPaidRefundOfACreditMemoIsExportedOnceWithFormulasNeutralised() throws Exception {
    AccountId account = fx.connorsAccount(2);
    SignedIn.as(access, "liam");
    // A service credit nobody applied: an open credit memo of 600.
    long memo =
        postings
            .issueCreditMemo(
                account,
                RefundFixtures.unique("CM-SLA"),
                fx.money("600", account),
                "Service credit (SLA)",
                Map.of(),
                LocalDate.parse(RecoupTest.TODAY))
            .value();
    BigDecimal creditBefore = fx.unappliedCredit(account);
    SignedIn.as(access, "connor");
    Refund r =
        refunds.request(
            new NewRefund(
                account,
                CreditSourceRef.creditMemo(memo),
                fx.money("600", account),
                "=HYPERLINK(\"http://example.com\",\"SLA credit\")"),
            null);
    SignedIn.as(access, "maria");
    refunds.approve(r.id(), null);
    SignedIn.as(access, "liam");
    refunds.verify(r.id(), new BankCheck(VerificationMethod.ERP_RECORD, "0042", null));
    refunds.markPaid(r.id(), RefundFixtures.unique("WIRE-CM"), null);
    assertThat(fx.creditMemoOpen(memo)).isEqualByComparingTo("0");
    assertThat(fx.unappliedCredit(account))
        .isEqualByComparingTo(creditBefore.subtract(new BigDecimal("600")));

    var first = fx.api("liam", "POST", "/api/v1/refund-exports", null, null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    List<String> rows = rowsOf(first.body(), r);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).contains("\"'=HYPERLINK(").contains("CREDIT_MEMO").contains("0042");
    String batch = first.headers().firstValue("X-Refund-Export-Id").orElseThrow();
    assertThat(refunds.find(r.id()).exportId()).isEqualTo(Long.valueOf(batch));

    var second = fx.api("liam", "POST", "/api/v1/refund-exports", null, null);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(rowsOf(second.body(), r)).isEmpty();
    var again = fx.api("audrey", "GET", "/api/v1/refund-exports/" + batch, null, null);
    assertThat(rowsOf(again.body(), r)).hasSize(1);
    // A collector does not export.
    assertThat(fx.api("connor", "POST", "/api/v1/refund-exports", null, null).statusCode())
        .isEqualTo(403);
    assertThat(fx.breachesOfI2()).isZero();
  }

  @Test
  void theSameIdempotencyKeyReturnsTheSameRefundAndRefusesAnotherBody() throws Exception {
    AccountId account = fx.connorsAccount(3);
    SignedIn.as(access, "connor");
    PaymentId payment = fx.overPayment(account, "200");
    SignedIn.out();
    String cur = fx.currencyOf(account);
    String key = RefundFixtures.unique("idem");
    String body =
        "{\"source\":{\"kind\":\"PAYMENT\",\"id\":%d},\"amount\":{\"amount\":\"%s\",\"currency\":\"%s\"},\"reason\":\"overpaid\"}";
    String path = "/api/v1/accounts/" + account.value() + "/refunds";
    var created = fx.api("connor", "POST", path, body.formatted(payment.value(), "120", cur), key);
    assertThat(created.statusCode()).isEqualTo(201);
    var replayed = fx.api("connor", "POST", path, body.formatted(payment.value(), "120", cur), key);
    assertThat(replayed.statusCode()).isEqualTo(201);
    assertThat(idOf(replayed.body())).isEqualTo(idOf(created.body()));
    var other = fx.api("connor", "POST", path, body.formatted(payment.value(), "121", cur), key);
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.body()).contains("Idempotency-Key").contains("different refund request");
    assertThat(refunds.list(null, account, 100))
        .filteredOn(r -> r.source().equals(CreditSourceRef.payment(payment.value())))
        .hasSize(1);

    // Over the available amount, through the API: a field error, nothing created.
    var tooMuch =
        fx.api("connor", "POST", path, body.formatted(payment.value(), "81", cur), key + "-2");
    assertThat(tooMuch.statusCode()).isEqualTo(422);
    assertThat(tooMuch.body()).contains("\"field\":\"amount\"");

    long id = idOf(created.body());
    assertThat(fx.api("audrey", "GET", "/api/v1/refunds/" + id, null, null).body())
        .contains("\"status\":\"REQUESTED\"");
    var approved =
        fx.api(
            "liam",
            "POST",
            "/api/v1/refunds/" + id + "/approval",
            "{\"decision\":\"APPROVE\",\"reason\":\"ok\"}",
            null);
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(approved.body())
        .contains("\"status\":\"APPROVED\"")
        .contains("\"decidedBy\":\"liam\"");
    assertThat(fx.api("liam", "GET", "/api/v1/refunds/999999999", null, null).statusCode())
        .isEqualTo(404);
  }

  private List<String> actionsOn(Refund r) {
    List<String> newestFirst =
        new java.util.ArrayList<>(
            audit.historyOf("refund", r.id().value(), 20).stream()
                .map(AuditEvent::action)
                .toList());
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  private static List<String> rowsOf(String csv, Refund r) {
    return csv.lines().filter(l -> l.startsWith(r.id().value() + ",")).toList();
  }

  private static long idOf(String json) {
    var m = java.util.regex.Pattern.compile("\"id\":\\{\"value\":(\\d+)\\}").matcher(json);
    if (m.find()) {
      return Long.parseLong(m.group(1));
    }
    throw new AssertionError("no id in " + json);
  }
}
