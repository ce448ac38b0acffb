package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import dev.recoup.promises.NewPlan;
import dev.recoup.promises.NewPromise;
import dev.recoup.promises.PaymentPlans;
import dev.recoup.promises.Promises;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The promises to pay and payment plans rows of the authorization matrix. */
final class PromisesMatrix {

  private PromisesMatrix() {}

  /**
   * Creates what the rows refer to (as liam, a lead): on another of carlos's accounts, two plans of
   * 12 months that only the manager may approve (liam proposed them, so he may not), an active plan
   * to cancel and one to send the agreement of; on carlos's own account (the rows' {acct}), two
   * free invoices for the rows that propose plans, and a promise to cancel on each channel.
   */
  static Map<String, String> setUp(MatrixFixture f) {
    PaymentPlans plans = f.bean(PaymentPlans.class);
    Promises promises = f.bean(Promises.class);
    Ledger ledger = f.bean(Ledger.class);
    JdbcClient jdbc = f.bean(JdbcClient.class);
    LocalDate today = LocalDate.now(f.bean(Clock.class));
    LocalDate first = today.plusDays(25);
    Map<String, String> ids = new LinkedHashMap<>();

    long carlos = f.bean(Access.class).user("carlos").orElseThrow().id().value();
    AccountId planAccount =
        new AccountId(
            jdbc.sql(
                    """
                    select a.id from customer_account a
                    where a.owner_id = ? and a.id <> ? and a.status = 'ACTIVE'
                      and not a.do_not_contact
                      and exists (select 1 from contact c where c.account_id = a.id and c.email is not null)
                      and (select count(*) from invoice i where i.account_id = a.id
                             and i.open_amount > i.disputed_amount
                             and i.currency = a.currency) >= 4
                    order by a.id limit 1""")
                .params(carlos, f.ownAccount())
                .query(Long.class)
                .single());
    List<Invoice> free = freeInvoices(ledger, jdbc, planAccount);
    ids.put(
        "managerPlan",
        String.valueOf(plans.propose(planAccount, plan(free.get(0), 12, first), null).id()));
    ids.put(
        "managerPlanApi",
        String.valueOf(plans.propose(planAccount, plan(free.get(1), 12, first), null).id()));
    ids.put(
        "planToCancel",
        String.valueOf(plans.propose(planAccount, plan(free.get(2), 2, first), null).id()));
    ids.put(
        "activePlan",
        String.valueOf(plans.propose(planAccount, plan(free.get(3), 2, first), null).id()));

    AccountId own = new AccountId(f.ownAccount());
    List<Invoice> mine = freeInvoices(ledger, jdbc, own);
    ids.put("pageInvoice", String.valueOf(mine.get(0).id().value()));
    ids.put("pageDown", downPayment(mine.get(0)).toPlainString());
    ids.put("apiInvoice", String.valueOf(mine.get(1).id().value()));
    ids.put("apiDown", downPayment(mine.get(1)).toPlainString());
    ids.put("firstDue", first.toString());
    ids.put("promiseBy", today.plusDays(5).toString());
    for (String name : List.of("pagePromise", "apiPromise")) {
      ids.put(
          name,
          String.valueOf(
              promises
                  .make(
                      own,
                      new NewPromise(
                          BigDecimal.ONE, null, today.plusDays(5), null, "CALL", null, "matrix"),
                      null)
                  .id()));
    }
    return ids;
  }

  /** Open, collectible invoices not in a plan (earlier runs may have left some), largest first. */
  private static List<Invoice> freeInvoices(Ledger ledger, JdbcClient jdbc, AccountId account) {
    var planned =
        jdbc.sql(
                """
                select pi.invoice_id from plan_invoice pi join payment_plan p on p.id = pi.plan_id
                where p.account_id = ? and p.status in ('PROPOSED', 'ACTIVE')""")
            .param(account.value())
            .query(Long.class)
            .set();
    List<Invoice> free = new ArrayList<>();
    for (Invoice i : ledger.invoices(account, true, 10_000)) {
      if (i.collectible().isPositive() && !planned.contains(i.id().value())) {
        free.add(i);
      }
    }
    free.sort((a, b) -> b.collectible().compareTo(a.collectible()));
    return free;
  }

  private static NewPlan plan(Invoice i, int months, LocalDate first) {
    return new NewPlan(List.of(i.id().value()), months, downPayment(i), first, "matrix");
  }

  /** The policy's minimum down payment (10%), rounded up to the currency. */
  private static BigDecimal downPayment(Invoice i) {
    return i.collectible()
        .amount()
        .multiply(new BigDecimal("0.10"))
        .setScale(i.collectible().amount().scale(), RoundingMode.UP);
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER. {acct} is
   * the caller's account page path (/accounts/N; the collector on another's account gets emma's).
   * Rows run in order, so a row that changes a record sees the earlier callers' changes: once
   * carlos cancelled a plan, the lead's attempt is a flash error (302), not a second cancel.
   */
  static List<Endpoint> endpoints() {
    var pageRead = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    var apiRead = expect(401, 200, 200, 200, 200, 200, 200, 200, 403);
    // A page form: people who may work the account are sent back (302); others refused.
    var pageWork = expect(403, 302, 403, 302, 302, 302, 403, 403, 403);
    List<Endpoint> m = new ArrayList<>();
    m.add(new Endpoint("GET", "/plans", "/plans", null, pageRead));
    m.add(new Endpoint("GET", "/plans/export.csv", "/plans/export.csv", null, pageRead));
    m.add(new Endpoint("GET", "/plans/{id}", "/plans/{managerPlan}", null, pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/plans/{id}/agreement.pdf",
            "/plans/{activePlan}/agreement.pdf",
            null,
            pageRead));
    // Only the manager may approve a 12-month plan, and liam proposed it.
    m.add(
        new Endpoint(
            "POST",
            "/plans/{id}/approval",
            "/plans/{managerPlan}/approval",
            "approve=true&note=matrix",
            expect(403, 403, 403, 403, 302, 403, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/plans/{id}/cancel",
            "/plans/{planToCancel}/cancel",
            "reason=matrix",
            expect(403, 302, 302, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/plans/{id}/agreement",
            "/plans/{activePlan}/agreement",
            "",
            expect(403, 302, 302, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/promises",
            "{acct}/promises",
            "amount=1&promisedOn={promiseBy}&channel=CALL",
            pageWork));
    m.add(
        new Endpoint(
            "POST",
            "/promises/{id}/cancel",
            "/promises/{pagePromise}/cancel",
            "reason=matrix",
            expect(403, 302, 302, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/plans",
            "{acct}/plans",
            "invoiceIds={pageInvoice}&months=2&downPayment={pageDown}&firstDueOn={firstDue}",
            pageWork));
    m.add(
        new Endpoint(
            "GET", "/api/v1/accounts/{id}/promises", "/api/v1{acct}/promises", null, apiRead));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/promises",
            "/api/v1{acct}/promises",
            "{\"amount\":1,\"promisedOn\":\"{promiseBy}\",\"channel\":\"API\"}",
            expect(401, 201, 403, 201, 201, 201, 403, 201, 403)));
    // carlos cancels; after that the promise is no longer open (422).
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/promises/{id}/cancel",
            "/api/v1/promises/{apiPromise}/cancel",
            "{\"reason\":\"matrix\"}",
            expect(401, 200, 422, 422, 422, 422, 403, 422, 403)));
    m.add(
        new Endpoint(
            "GET", "/api/v1/promises/kept-rates", "/api/v1/promises/kept-rates", null, apiRead));
    // The invoice is carlos's: on emma's account it is not open (422).
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/payment-plans/assessment",
            "/api/v1{acct}/payment-plans/assessment",
            "{\"invoiceIds\":[{apiInvoice}],\"months\":5,\"downPayment\":{apiDown},"
                + "\"firstDueOn\":\"{firstDue}\"}",
            expect(401, 200, 422, 200, 200, 200, 403, 200, 403)));
    // carlos's plan stands within his authority; then the invoice is in a plan (422).
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/payment-plans",
            "/api/v1{acct}/payment-plans",
            "{\"invoiceIds\":[{apiInvoice}],\"months\":2,\"downPayment\":{apiDown},"
                + "\"firstDueOn\":\"{firstDue}\"}",
            expect(401, 201, 403, 422, 422, 422, 403, 422, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/accounts/{id}/payment-plans",
            "/api/v1{acct}/payment-plans",
            null,
            apiRead));
    m.add(new Endpoint("GET", "/api/v1/payment-plans", "/api/v1/payment-plans", null, apiRead));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/payment-plans/{id}",
            "/api/v1/payment-plans/{managerPlan}",
            null,
            apiRead));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/payment-plans/{id}/approval",
            "/api/v1/payment-plans/{managerPlanApi}/approval",
            "{\"approve\":true,\"note\":\"matrix\"}",
            expect(401, 403, 403, 403, 200, 403, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/payment-plans/{id}/agreement",
            "/api/v1/payment-plans/{activePlan}/agreement",
            null,
            expect(401, 200, 200, 200, 200, 200, 403, 200, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/payment-plans/{id}/agreement.pdf",
            "/api/v1/payment-plans/{activePlan}/agreement.pdf",
            null,
            apiRead));
    return m;
  }
}
