package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.ledger.Postings;
import dev.recoup.refunds.BankCheck;
import dev.recoup.refunds.CreditSourceRef;
import dev.recoup.refunds.NewRefund;
import dev.recoup.refunds.Refund;
import dev.recoup.refunds.Refunds;
import dev.recoup.refunds.VerificationMethod;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The credit balances and refunds rows of the authorization matrix. */
final class RefundsMatrix {

  private RefundsMatrix() {}

  /**
   * Creates what the rows refer to; returns placeholder name to value, used as {name} in the rows'
   * paths and bodies. A credit on carlos's account (refunds requested by the rows come out of it);
   * a refund carlos requested that liam approved, verified and paid (every transition on it is
   * refused: by role or segregation of duties with 403, by state with 422); two refunds liam
   * requested on emma's account (cancelled by the rows: carlos may not touch them); an ERP export.
   */
  static Map<String, String> setUp(MatrixFixture f) {
    Postings postings = f.bean(Postings.class);
    Refunds refunds = f.bean(Refunds.class);
    Accounts accounts = f.bean(Accounts.class);
    Access access = f.bean(Access.class);
    AccountId own = new AccountId(f.ownAccount());
    AccountId others = new AccountId(f.othersAccount());
    String ownCurrency = accounts.find(own).orElseThrow().currency();
    String othersCurrency = accounts.find(others).orElseThrow().currency();
    // Value dates well before today, so the credit is no one's promise or cash of the week.
    LocalDate valueDate = LocalDate.parse("2026-01-15");
    long ownPayment =
        postings
            .recordPayment(
                new Postings.NewPayment(
                    own,
                    Money.of(BigDecimal.valueOf(1000), ownCurrency),
                    valueDate,
                    "WIRE",
                    "MATRIX-OVERPAYMENT",
                    "matrix over-payment",
                    "matrix-refunds-own-" + System.nanoTime()))
            .value();
    long othersPayment =
        postings
            .recordPayment(
                new Postings.NewPayment(
                    others,
                    Money.of(BigDecimal.valueOf(100), othersCurrency),
                    valueDate,
                    "WIRE",
                    "MATRIX-OVERPAYMENT",
                    "matrix over-payment",
                    "matrix-refunds-others-" + System.nanoTime()))
            .value();
    CreditSourceRef ownCredit = CreditSourceRef.payment(ownPayment);
    CreditSourceRef othersCredit = CreditSourceRef.payment(othersPayment);
    Refund paid =
        as(
            access,
            "carlos",
            () ->
                refunds.request(
                    new NewRefund(
                        own, ownCredit, Money.of(BigDecimal.TEN, ownCurrency), "matrix: paid"),
                    null));
    refunds.approve(paid.id(), "matrix");
    refunds.verify(paid.id(), new BankCheck(VerificationMethod.CALL_BACK, "4321", "matrix"));
    refunds.markPaid(paid.id(), "MATRIX-RF-" + System.nanoTime(), null);
    Refund othersRefund =
        refunds.request(
            new NewRefund(
                others, othersCredit, Money.of(BigDecimal.valueOf(5), othersCurrency), "matrix"),
            null);
    Refund othersRefund2 =
        refunds.request(
            new NewRefund(
                others, othersCredit, Money.of(BigDecimal.valueOf(5), othersCurrency), "matrix"),
            null);
    Refunds.Export export = refunds.export();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("refundPayment", String.valueOf(ownPayment));
    p.put("refundCurrency", ownCurrency);
    p.put("paidRefund", String.valueOf(paid.id().value()));
    p.put("othersRefund", String.valueOf(othersRefund.id().value()));
    p.put("othersRefund2", String.valueOf(othersRefund2.id().value()));
    p.put("refundExport", String.valueOf(export.batch().id()));
    return p;
  }

  /** Runs as another user, then puts the caller's sign-in back. */
  private static <T> T as(Access access, String username, Supplier<T> action) {
    Authentication previous = SecurityContextHolder.getContext().getAuthentication();
    var u = access.user(username).orElseThrow();
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                username, null, List.of(new SimpleGrantedAuthority(u.role().authority()))));
    try {
      return action.get();
    } finally {
      SecurityContextHolder.getContext().setAuthentication(previous);
    }
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER. {acct} is
   * the caller's account page path (/accounts/N; the collector on another's account gets emma's).
   */
  static List<Endpoint> endpoints() {
    //                  ANON COLL COLL-OTHER LEAD MGR ADMIN AUDITOR SYSTEM RESOLVER
    var pageRead = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    var apiRead = expect(401, 200, 200, 200, 200, 200, 200, 200, 403);
    // Requests and outreach: a collector on its own accounts, leads and above (a system by API).
    var pageWork = expect(403, 302, 403, 302, 302, 302, 403, 403, 403);
    var apiWork = expect(401, 201, 403, 201, 201, 201, 403, 201, 403);
    // Approval and the bank check on a refund carlos requested, already paid: carlos is refused
    // (a collector never approves; the requester never verifies), those who may act are told why.
    var pageDecide = expect(403, 403, 403, 302, 302, 302, 403, 403, 403);
    var apiDecide = expect(401, 403, 403, 422, 422, 422, 403, 403, 403);
    String requestBody =
        "{\"source\":{\"kind\":\"PAYMENT\",\"id\":{refundPayment}},"
            + "\"amount\":{\"amount\":\"1\",\"currency\":\"{refundCurrency}\"},\"reason\":\"matrix\"}";
    return List.of(
        new Endpoint("GET", "/refunds", "/refunds", null, pageRead),
        new Endpoint("GET", "/refunds/{id}", "/refunds/{paidRefund}", null, pageRead),
        new Endpoint(
            "GET",
            "/refunds/credit-balances.csv",
            "/refunds/credit-balances.csv?scope=all&minAmount=100000",
            null,
            pageRead),
        new Endpoint(
            "GET",
            "/refunds/exports/{id}.csv",
            "/refunds/exports/{refundExport}.csv",
            null,
            pageRead),
        new Endpoint(
            "POST",
            "/accounts/{id}/refunds",
            "{acct}/refunds",
            "source=PAYMENT:{refundPayment}&amount=1&reason=matrix&requestKey={unique}",
            pageWork),
        new Endpoint(
            "POST",
            "/accounts/{id}/credit-outreach",
            "{acct}/credit-outreach",
            "contactId={contact}&requestKey={unique}",
            pageWork),
        new Endpoint(
            "POST",
            "/refunds/{id}/approve",
            "/refunds/{paidRefund}/approve",
            "reason=m",
            pageDecide),
        new Endpoint(
            "POST", "/refunds/{id}/reject", "/refunds/{paidRefund}/reject", "reason=m", pageDecide),
        new Endpoint(
            "POST",
            "/refunds/{id}/verify",
            "/refunds/{paidRefund}/verify",
            "method=CALL_BACK&bankAccountLast4=1234",
            pageDecide),
        new Endpoint(
            "POST", "/refunds/{id}/pay", "/refunds/{paidRefund}/pay", "reference=m", pageDecide),
        // Emma's account: carlos may not cancel; liam (the requester) cancels, the others are told.
        new Endpoint(
            "POST",
            "/refunds/{id}/cancel",
            "/refunds/{othersRefund2}/cancel",
            "reason=m",
            pageDecide),
        new Endpoint(
            "POST",
            "/refunds/export.csv",
            "/refunds/export.csv",
            "",
            expect(403, 403, 403, 200, 200, 200, 403, 403, 403)),
        new Endpoint("GET", "/api/v1/credit-balances", "/api/v1/credit-balances", null, apiRead),
        new Endpoint("GET", "/api/v1/refunds", "/api/v1/refunds?limit=5", null, apiRead),
        new Endpoint("GET", "/api/v1/refunds/{id}", "/api/v1/refunds/{paidRefund}", null, apiRead),
        new Endpoint(
            "GET",
            "/api/v1/refund-exports/{id}",
            "/api/v1/refund-exports/{refundExport}",
            null,
            apiRead),
        new Endpoint(
            "POST", "/api/v1/accounts/{id}/refunds", "/api/v1{acct}/refunds", requestBody, apiWork),
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/credit-outreach",
            "/api/v1{acct}/credit-outreach",
            "{\"contactId\":{contact}}",
            apiWork),
        new Endpoint(
            "POST",
            "/api/v1/refunds/{id}/approval",
            "/api/v1/refunds/{paidRefund}/approval",
            "{\"decision\":\"APPROVE\",\"reason\":\"matrix\"}",
            apiDecide),
        new Endpoint(
            "POST",
            "/api/v1/refunds/{id}/verification",
            "/api/v1/refunds/{paidRefund}/verification",
            "{\"method\":\"CALL_BACK\",\"bankAccountLast4\":\"1234\"}",
            apiDecide),
        // Marking paid is for leads and above and the treasury system; this one is paid already.
        new Endpoint(
            "POST",
            "/api/v1/refunds/{id}/payment",
            "/api/v1/refunds/{paidRefund}/payment",
            "{\"reference\":\"matrix\"}",
            expect(401, 403, 403, 422, 422, 422, 403, 422, 403)),
        // Liam requested it and cancels it first; after that, a cancelled refund is not cancelled.
        new Endpoint(
            "POST",
            "/api/v1/refunds/{id}/cancellation",
            "/api/v1/refunds/{othersRefund}/cancellation",
            "{\"reason\":\"matrix\"}",
            expect(401, 403, 403, 200, 422, 422, 403, 422, 403)),
        new Endpoint(
            "POST",
            "/api/v1/refund-exports",
            "/api/v1/refund-exports",
            null,
            expect(401, 403, 403, 200, 200, 200, 403, 200, 403)));
  }
}
