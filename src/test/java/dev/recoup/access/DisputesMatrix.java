package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The disputes and customer cases rows of the authorization matrix. */
final class DisputesMatrix {

  private DisputesMatrix() {}

  /**
   * Creates what the rows refer to; returns placeholder name to value, used as {name} in the rows'
   * paths and bodies.
   */
  static Map<String, String> setUp(MatrixFixture f) {
    Map<String, String> placeholders = new LinkedHashMap<>();
    placeholders.putAll(disputesSetUp(f));
    placeholders.putAll(caseSetUp(f));
    return placeholders;
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER. {acct} is
   * the caller's account page path (/accounts/N; the collector on another's account gets emma's).
   */
  static List<Endpoint> endpoints() {
    List<Endpoint> m = new ArrayList<>();
    m.addAll(disputes());
    m.addAll(caseEndpoints());
    return m;
  }

  // ---- disputes ----------------------------------------------------------------------------

  /**
   * Two disputes on the collector's (carlos's) account: one for pricing (routed to bianca, the
   * RESOLVER caller) and one for quantity (routed to sam), on an invoice with plenty still
   * collectible, since the raise rows dispute 1.00 more of it for each caller allowed to.
   */
  private static Map<String, String> disputesSetUp(MatrixFixture f) {
    var jdbc = f.bean(org.springframework.jdbc.core.simple.JdbcClient.class);
    long invoice =
        jdbc.sql(
                """
                select id from invoice where account_id = ? and open_amount - disputed_amount > 100
                order by id limit 1""")
            .param(f.ownAccount())
            .query(Long.class)
            .single();
    var disputes = f.bean(dev.recoup.disputes.Disputes.class);
    var account = new dev.recoup.accounts.AccountId(f.ownAccount());
    long pricing =
        disputes
            .raise(
                account,
                new dev.recoup.disputes.NewDispute(
                    "PRICING",
                    "matrix",
                    List.of(
                        new dev.recoup.disputes.NewDispute.Item(invoice, java.math.BigDecimal.ONE)),
                    null),
                null)
            .dispute()
            .id()
            .value();
    long quantity =
        disputes
            .raise(
                account,
                new dev.recoup.disputes.NewDispute(
                    "QUANTITY",
                    "matrix",
                    List.of(
                        new dev.recoup.disputes.NewDispute.Item(invoice, java.math.BigDecimal.ONE)),
                    null),
                null)
            .dispute()
            .id()
            .value();
    return Map.of(
        "invoice", String.valueOf(invoice),
        "dispute", String.valueOf(pricing),
        "samDispute", String.valueOf(quantity));
  }

  private static List<Endpoint> disputes() {
    //                                 ANON COLL COLL-OTHER LEAD MGR ADMIN AUDITOR SYSTEM RESOLVER
    var pageRead = expect(302, 200, 200, 200, 200, 200, 200, 302, 200);
    var othersPage = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    var apiRead = expect(401, 200, 200, 200, 200, 200, 200, 200, 200);
    var othersApi = expect(401, 200, 200, 200, 200, 200, 200, 200, 403);
    // Worked by its owner (bianca) or a lead and above; a collector who does not own it may not.
    var workPage = expect(403, 403, 403, 302, 302, 302, 403, 403, 302);
    var workApi = expect(401, 403, 403, 200, 200, 200, 403, 403, 200);
    List<Endpoint> m = new ArrayList<>();
    m.add(new Endpoint("GET", "/disputes", "/disputes?scope=all&status=all", null, pageRead));
    m.add(
        new Endpoint(
            "GET", "/disputes/export.csv", "/disputes/export.csv?status=all", null, pageRead));
    m.add(new Endpoint("GET", "/disputes/trends", "/disputes/trends", null, pageRead));
    m.add(new Endpoint("GET", "/disputes/reasons", "/disputes/reasons", null, pageRead));
    m.add(new Endpoint("GET", "/disputes/{id}", "/disputes/{dispute}", null, pageRead));
    // A resolver sees only the disputes routed to it.
    m.add(new Endpoint("GET", "/disputes/{id}", "/disputes/{samDispute}", null, othersPage));
    m.add(
        new Endpoint(
            "POST",
            "/disputes/{id}/status",
            "/disputes/{dispute}/status",
            "status=IN_REVIEW",
            workPage));
    m.add(
        new Endpoint(
            "POST",
            "/disputes/{id}/reassign",
            "/disputes/{dispute}/reassign",
            "toUsername=bianca",
            workPage));
    // Without a root cause the resolution is refused (a flash error): those allowed get 302.
    m.add(
        new Endpoint(
            "POST",
            "/disputes/{id}/resolution",
            "/disputes/{dispute}/resolution",
            "outcome=REJECTED",
            workPage));
    m.add(
        new Endpoint(
            "POST",
            "/disputes/reasons/{code}",
            "/disputes/reasons/PRICING",
            "slaDays=10&team=BILLING&owner=bianca",
            expect(403, 403, 403, 403, 302, 302, 403, 403, 403)));
    // Raised from Account 360 by the account's collector or a lead and above.
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/disputes",
            "{acct}/disputes",
            "reason=PRICING&invoice={invoice}&amount-{invoice}=1.00&requestKey={unique}",
            expect(403, 302, 403, 302, 302, 302, 403, 403, 403)));
    m.add(new Endpoint("GET", "/api/v1/disputes", "/api/v1/disputes?status=all", null, apiRead));
    m.add(
        new Endpoint("GET", "/api/v1/disputes/{id}", "/api/v1/disputes/{dispute}", null, apiRead));
    m.add(
        new Endpoint(
            "GET", "/api/v1/disputes/{id}", "/api/v1/disputes/{samDispute}", null, othersApi));
    m.add(
        new Endpoint("GET", "/api/v1/disputes/reasons", "/api/v1/disputes/reasons", null, apiRead));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/disputes",
            "/api/v1{acct}/disputes",
            "{\"reason\":\"PRICING\",\"invoices\":[{\"invoiceId\":{invoice},\"amount\":\"1.00\"}]}",
            expect(401, 201, 403, 201, 201, 201, 403, 201, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/disputes/{id}/status",
            "/api/v1/disputes/{dispute}/status",
            "{\"status\":\"IN_REVIEW\"}",
            workApi));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/disputes/{id}/owner",
            "/api/v1/disputes/{dispute}/owner",
            "{\"username\":\"bianca\"}",
            workApi));
    // Without a root cause: 422 for those allowed to resolve it, nothing changes.
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/disputes/{id}/resolution",
            "/api/v1/disputes/{dispute}/resolution",
            "{\"outcome\":\"REJECTED\"}",
            expect(401, 403, 403, 422, 422, 422, 403, 403, 422)));
    m.add(
        new Endpoint(
            "PUT",
            "/api/v1/disputes/reasons/{code}",
            "/api/v1/disputes/reasons/PRICING",
            "{\"slaDays\":10,\"team\":\"BILLING\",\"owner\":\"bianca\"}",
            expect(401, 403, 403, 403, 200, 200, 403, 403, 403)));
    return m;
  }

  // ---- /disputes ---------------------------------------------------------------------------

  // ---- customer cases ----------------------------------------------------------------------

  /**
   * Three cases on accounts that can be written to: {caseCarlos} on an account of carlos (his),
   * {caseBianca} a W-9 on the same account (routed to bianca, the resolver caller) and {caseEmma}
   * on an account of emma (not carlos's).
   */
  private static Map<String, String> caseSetUp(MatrixFixture f) {
    var jdbc = f.bean(org.springframework.jdbc.core.simple.JdbcClient.class);
    var access = f.bean(Access.class);
    var cases = f.bean(dev.recoup.disputes.CustomerCases.class);
    String pick =
        """
        select min(a.id) from customer_account a where a.owner_id = ? and not a.do_not_contact
          and exists (select 1 from contact c where c.account_id = a.id and c.email is not null)""";
    long carlosAccount =
        jdbc.sql(pick)
            .param(access.user("carlos").orElseThrow().id().value())
            .query(Long.class)
            .single();
    long emmaAccount =
        jdbc.sql(pick)
            .param(access.user("emma").orElseThrow().id().value())
            .query(Long.class)
            .single();
    java.util.function.BiFunction<Long, String, String> open =
        (account, type) -> {
          long contact =
              jdbc.sql("select min(id) from contact where account_id = ? and email is not null")
                  .param(account)
                  .query(Long.class)
                  .single();
          return String.valueOf(
              cases
                  .open(
                      new dev.recoup.accounts.AccountId(account),
                      new dev.recoup.disputes.CaseIntake(type, contact, "matrix", null),
                      "matrix-" + java.util.UUID.randomUUID())
                  .customerCase()
                  .id()
                  .value());
        };
    return Map.of(
        "caseCarlos", open.apply(carlosAccount, "PAYMENT_QUESTION"),
        "caseBianca", open.apply(carlosAccount, "TAX_FORM"),
        "caseEmma", open.apply(emmaAccount, "PAYMENT_QUESTION"));
  }

  /**
   * Cases: a resolver sees and works only what is assigned to it; a collector what is assigned to
   * it or on its accounts; the auditor reads everything and changes nothing. The status and
   * assignee rows send what the domain refuses after the access check (a resolution without its
   * note, an unknown person): 422 (API) or a redirect with the error (page) means "allowed".
   */
  private static List<Endpoint> caseEndpoints() {
    //                  ANON COLL OTHER LEAD MGR ADMIN AUD SYS RESOLVER
    var queue = expect(302, 200, 200, 200, 200, 200, 200, 302, 200);
    var carlosCasePage = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    var biancaCasePage = expect(302, 200, 200, 200, 200, 200, 200, 302, 200);
    var emmaCasePage = expect(302, 403, 403, 200, 200, 200, 200, 302, 403);
    var carlosCasePost = expect(403, 302, 302, 302, 302, 302, 403, 403, 403);
    var emmaCasePost = expect(403, 403, 403, 302, 302, 302, 403, 403, 403);
    var biancaCasePost = expect(403, 302, 302, 302, 302, 302, 403, 403, 302);
    var carlosCaseApi = expect(401, 200, 200, 200, 200, 200, 200, 200, 403);
    var emmaCaseApi = expect(401, 403, 403, 200, 200, 200, 200, 200, 403);
    var carlosCaseRefused = expect(401, 422, 422, 422, 422, 422, 403, 422, 403);
    var emmaCaseRefused = expect(401, 403, 403, 422, 422, 422, 403, 422, 403);
    List<Endpoint> m = new ArrayList<>();
    m.add(new Endpoint("GET", "/cases", "/cases", null, queue));
    m.add(
        new Endpoint(
            "GET", "/cases", "/cases?scope=ALL&type=TAX_FORM&sort=age&dir=desc", null, queue));
    m.add(new Endpoint("GET", "/cases/export.csv", "/cases/export.csv?scope=ALL", null, queue));
    m.add(new Endpoint("GET", "/cases/{id}", "/cases/{caseCarlos}", null, carlosCasePage));
    m.add(new Endpoint("GET", "/cases/{id}", "/cases/{caseBianca}", null, biancaCasePage));
    m.add(new Endpoint("GET", "/cases/{id}", "/cases/{caseEmma}", null, emmaCasePage));
    m.add(
        new Endpoint(
            "POST",
            "/cases/{id}/status",
            "/cases/{caseCarlos}/status",
            "status=RESOLVED",
            carlosCasePost));
    m.add(
        new Endpoint(
            "POST",
            "/cases/{id}/status",
            "/cases/{caseEmma}/status",
            "status=RESOLVED",
            emmaCasePost));
    m.add(
        new Endpoint(
            "POST",
            "/cases/{id}/assignee",
            "/cases/{caseCarlos}/assignee",
            "username=nobody-zz",
            carlosCasePost));
    m.add(
        new Endpoint(
            "POST",
            "/cases/{id}/replies",
            "/cases/{caseBianca}/replies",
            "template=TAX_FORM",
            biancaCasePost));
    // Account 360's "New case": the collector's own account only.
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/cases",
            "{acct}/cases",
            "type=OTHER&contactId={contact}&subject=matrix&requestKey={unique}",
            expect(403, 302, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/cases",
            "/api/v1{acct}/cases",
            "{\"type\":\"OTHER\",\"contactId\":{contact},\"subject\":\"matrix\"}",
            expect(401, 201, 403, 201, 201, 201, 403, 201, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/cases",
            "/api/v1/cases?scope=ALL",
            null,
            expect(401, 200, 200, 200, 200, 200, 200, 200, 200)));
    m.add(
        new Endpoint(
            "GET", "/api/v1/cases/{id}", "/api/v1/cases/{caseCarlos}", null, carlosCaseApi));
    m.add(new Endpoint("GET", "/api/v1/cases/{id}", "/api/v1/cases/{caseEmma}", null, emmaCaseApi));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/cases/{id}/status",
            "/api/v1/cases/{caseCarlos}/status",
            "{\"status\":\"RESOLVED\"}",
            carlosCaseRefused));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/cases/{id}/status",
            "/api/v1/cases/{caseEmma}/status",
            "{\"status\":\"RESOLVED\"}",
            emmaCaseRefused));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/cases/{id}/assignee",
            "/api/v1/cases/{caseCarlos}/assignee",
            "{\"username\":\"nobody-zz\"}",
            carlosCaseRefused));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/cases/{id}/replies",
            "/api/v1/cases/{caseBianca}/replies",
            "{}",
            expect(401, 201, 201, 201, 201, 201, 403, 201, 201)));
    return m;
  }
  // ---- /customer cases ---------------------------------------------------------------------
}
