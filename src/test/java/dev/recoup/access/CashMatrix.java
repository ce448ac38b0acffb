package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.CashFixtures;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.Postings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The cash application rows of the authorization matrix. */
final class CashMatrix {

  private CashMatrix() {}

  /**
   * Creates what the rows refer to; returns placeholder name to value ({name} in paths). On
   * carlos's account (the collector caller's) and on emma's (another collector's): a payment whose
   * remittance names an invoice (accepted by the rows), one that matches an invoice by amount
   * (rejected by the rows), and one without a match with a large open invoice (matched by hand,
   * 1.00 at a time).
   */
  static Map<String, String> setUp(MatrixFixture f) {
    CashFixtures fx =
        new CashFixtures(
            f.bean(JdbcClient.class),
            f.bean(Access.class),
            f.bean(Postings.class),
            f.bean(Clock.class));
    Map<String, String> p = new LinkedHashMap<>();
    long tag = System.nanoTime() % 1_000_000;
    for (var side :
        Map.of("own", new AccountId(f.ownAccount()), "others", new AccountId(f.othersAccount()))
            .entrySet()) {
      String s = side.getKey();
      AccountId account = side.getValue();
      String n = "MX-" + tag + "-" + s;
      InvoiceId named = fx.invoice(account, n + "-1", "2026-10-01", "512.34");
      PaymentId accept = fx.pays(account, "512.34", "MATRIX-CASH " + n + "-1");
      InvoiceId exact = fx.invoice(account, n + "-2", "2026-10-02", "377.21");
      PaymentId reject = fx.pays(account, "377.21", "MATRIX-CASH no reference");
      InvoiceId large = fx.invoice(account, n + "-3", "2026-10-03", "9000.00");
      PaymentId manual = fx.pays(account, "99.99", "MATRIX-CASH unidentified");
      p.put(s + "CashAccept", String.valueOf(accept.value()));
      p.put(s + "CashAcceptKey", String.valueOf(named.value()));
      p.put(s + "CashReject", String.valueOf(reject.value()));
      p.put(s + "CashRejectKey", String.valueOf(exact.value()));
      p.put(s + "CashManual", String.valueOf(manual.value()));
      p.put(s + "CashManualInvoice", String.valueOf(large.value()));
    }
    return p;
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER. The
   * payments are named directly, so both collector callers reach the same one: carlos's rows
   * ("own") let him act, emma's ("others") refuse him with 403. Accepting or rejecting what is
   * already decided answers the page again with a reason (302), never applies twice.
   */
  static List<Endpoint> endpoints() {
    //                  ANON COLL COLL-OTHER LEAD MGR ADMIN AUDITOR SYSTEM RESOLVER
    var pageRead = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    var ownWork = expect(403, 302, 302, 302, 302, 302, 403, 403, 403);
    var othersWork = expect(403, 403, 403, 302, 302, 302, 403, 403, 403);
    return List.of(
        new Endpoint("GET", "/cash", "/cash", null, pageRead),
        new Endpoint(
            "GET", "/cash", "/cash?scope=all&q=MATRIX-CASH&sort=confidence", null, pageRead),
        new Endpoint(
            "GET",
            "/cash/unapplied.csv",
            "/cash/unapplied.csv?scope=all&q=MATRIX-CASH",
            null,
            pageRead),
        new Endpoint(
            "GET", "/cash/payments/{id}", "/cash/payments/{ownCashAccept}", null, pageRead),
        new Endpoint(
            "GET", "/cash/payments/{id}", "/cash/payments/{othersCashReject}", null, pageRead),
        new Endpoint(
            "POST",
            "/cash/payments/{id}/accept",
            "/cash/payments/{ownCashAccept}/accept",
            "key={ownCashAcceptKey}",
            ownWork),
        new Endpoint(
            "POST",
            "/cash/payments/{id}/accept",
            "/cash/payments/{othersCashAccept}/accept",
            "key={othersCashAcceptKey}&back=/cash",
            othersWork),
        new Endpoint(
            "POST",
            "/cash/payments/{id}/reject",
            "/cash/payments/{ownCashReject}/reject",
            "key={ownCashRejectKey}&reason=matrix",
            ownWork),
        new Endpoint(
            "POST",
            "/cash/payments/{id}/reject",
            "/cash/payments/{othersCashReject}/reject",
            "key={othersCashRejectKey}&reason=matrix",
            othersWork),
        new Endpoint(
            "POST",
            "/cash/payments/{id}/apply",
            "/cash/payments/{ownCashManual}/apply",
            "amount-{ownCashManualInvoice}=1.00&requestKey={unique}",
            ownWork),
        new Endpoint(
            "POST",
            "/cash/payments/{id}/apply",
            "/cash/payments/{othersCashManual}/apply",
            "amount-{othersCashManualInvoice}=1.00&requestKey={unique}",
            othersWork),
        new Endpoint("POST", "/cash/suggest", "/cash/suggest", "scope=mine&q=MATRIX-CASH", ownWork),
        // Auto-apply is for leads and above; this scope matches nothing, so nothing moves.
        new Endpoint(
            "POST",
            "/cash/auto-apply",
            "/cash/auto-apply",
            "scope=all&q=no-such-payment-zz&threshold=100",
            othersWork));
  }
}
