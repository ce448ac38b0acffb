package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import dev.recoup.suspension.NewSuspension;
import dev.recoup.suspension.Suspension;
import dev.recoup.suspension.Suspensions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The service suspension and reinstatement rows of the authorization matrix. */
final class SuspensionMatrix {

  private SuspensionMatrix() {}

  /**
   * Creates what the rows refer to, on accounts of arjun (a collector none of the callers is): as
   * liam, suspensions to approve, to cancel and (approved by maria, then carried out) to reinstate,
   * one of each for the pages and for the API; the chat heads-up of a proposal, held because the
   * test configuration has no chat URL, to replay; and an account to propose on. Runs as liam.
   */
  static Map<String, String> setUp(MatrixFixture f) {
    Suspensions suspensions = f.bean(Suspensions.class);
    JdbcClient jdbc = f.bean(JdbcClient.class);
    long arjun = f.bean(Access.class).user("arjun").orElseThrow().id().value();
    Map<String, String> ids = new LinkedHashMap<>();
    for (String name :
        List.of(
            "suspProposed",
            "suspProposedApi",
            "suspToCancel",
            "suspToCancelApi",
            "suspSuspended",
            "suspSuspendedApi")) {
      long account = freshAccount(jdbc, arjun);
      Suspension s =
          suspensions.propose(new NewSuspension(account, null, null, "matrix " + name), null);
      ids.put(name, String.valueOf(s.id()));
      if (name.startsWith("suspSuspended")) {
        as(f, "maria", () -> suspensions.decide(s.id(), true, false, "matrix"));
        // Carried out: the date has come (the flow itself is the journey tests' subject).
        jdbc.sql("update suspension set status = 'SUSPENDED', suspended_at = now() where id = ?")
            .param(s.id())
            .update();
      }
    }
    ids.put(
        "suspHeldDelivery",
        String.valueOf(
            jdbc.sql(
                    """
                    select min(id) from webhook_delivery
                    where subject_type = 'suspension' and subject_id = ? and status = 'HELD'""")
                .param(Long.parseLong(ids.get("suspProposed")))
                .query(Long.class)
                .single()));
    ids.put("suspAccount", String.valueOf(freshAccount(jdbc, arjun)));
    return ids;
  }

  /** Arjun's accounts from the highest id down that may be suspended and have no suspension. */
  private static long freshAccount(JdbcClient jdbc, long arjun) {
    return jdbc.sql(
            """
            select a.id from customer_account a
            where a.owner_id = ? and a.status = 'ACTIVE' and a.partner_id is null
              and a.channel = 'DIRECT' and not a.do_not_contact and not a.legal_hold
              and exists (select 1 from contact c where c.account_id = a.id and c.email <> '')
              and exists (select 1 from invoice i where i.account_id = a.id
                          and i.open_amount > i.disputed_amount and i.due_date < date '2026-11-01')
              and not exists (select 1 from payment_plan p where p.account_id = a.id)
              and not exists (select 1 from suspension s where s.account_id = a.id)
            order by a.id desc limit 1""")
        .param(arjun)
        .query(Long.class)
        .single();
  }

  private static void as(MatrixFixture f, String username, Runnable r) {
    Authentication before = SecurityContextHolder.getContext().getAuthentication();
    var u = f.bean(Access.class).user(username).orElseThrow();
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                username, null, List.of(new SimpleGrantedAuthority(u.role().authority()))));
    try {
      r.run();
    } finally {
      SecurityContextHolder.getContext().setAuthentication(before);
    }
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER. {acct} is
   * the caller's account page path (/accounts/N; the collector on another's account gets emma's).
   * Rows run in order: once maria approved, the others are still refused for their role (403)
   * before the status is looked at; once liam cancelled, a later cancel is a flash error (302) or
   * 422.
   */
  static List<Endpoint> endpoints() {
    var pageRead = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    var apiRead = expect(401, 200, 200, 200, 200, 200, 200, 200, 403);
    // Only a manager decides (and reinstates by hand): the domain refuses everyone else.
    var managerPage = expect(403, 403, 403, 403, 302, 403, 403, 403, 403);
    var managerApi = expect(401, 403, 403, 403, 200, 403, 403, 403, 403);
    List<Endpoint> m = new ArrayList<>();
    m.add(new Endpoint("GET", "/suspensions", "/suspensions", null, pageRead));
    m.add(
        new Endpoint("GET", "/suspensions/export.csv", "/suspensions/export.csv", null, pageRead));
    m.add(new Endpoint("GET", "/suspensions/{id}", "/suspensions/{suspProposed}", null, pageRead));
    // A date before the notice period is refused with a reason (a flash error, 302), so nothing
    // is created; carlos on emma's account is refused for the portfolio first.
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/suspensions",
            "{acct}/suspensions",
            "reason=matrix&suspendOn=2000-01-01",
            expect(403, 302, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/suspensions/{id}/approval",
            "/suspensions/{suspProposed}/approval",
            "approve=true&note=matrix",
            managerPage));
    // arjun's account: carlos may not; liam calls it off, then it is no longer open (302 flash).
    m.add(
        new Endpoint(
            "POST",
            "/suspensions/{id}/cancel",
            "/suspensions/{suspToCancel}/cancel",
            "reason=matrix",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/suspensions/{id}/reinstate",
            "/suspensions/{suspSuspended}/reinstate",
            "reason=matrix",
            managerPage));
    // No chat URL in the test configuration: a replay is refused with the reason (302 flash).
    m.add(
        new Endpoint(
            "POST",
            "/suspensions/deliveries/{id}/replay",
            "/suspensions/deliveries/{suspHeldDelivery}/replay",
            "",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    m.add(new Endpoint("GET", "/api/v1/suspensions", "/api/v1/suspensions", null, apiRead));
    // arjun's account: carlos may not; for the others the early date is refused (422).
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/suspensions",
            "/api/v1/suspensions",
            "{\"accountId\":{suspAccount},\"reason\":\"matrix\",\"suspendOn\":\"2000-01-01\"}",
            expect(401, 403, 403, 422, 422, 422, 403, 422, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/suspensions/{id}",
            "/api/v1/suspensions/{suspProposed}",
            null,
            apiRead));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/suspensions/{id}/deliveries",
            "/api/v1/suspensions/{suspProposed}/deliveries",
            null,
            apiRead));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/suspensions/{id}/approval",
            "/api/v1/suspensions/{suspProposedApi}/approval",
            "{\"approve\":true,\"note\":\"matrix\"}",
            managerApi));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/suspensions/{id}/cancel",
            "/api/v1/suspensions/{suspToCancelApi}/cancel",
            "{\"reason\":\"matrix\"}",
            expect(401, 403, 403, 200, 422, 422, 403, 422, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/suspensions/{id}/reinstate",
            "/api/v1/suspensions/{suspSuspendedApi}/reinstate",
            "{\"reason\":\"matrix\"}",
            managerApi));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/suspensions/deliveries",
            "/api/v1/suspensions/deliveries",
            null,
            apiRead));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/suspensions/deliveries/{id}/replay",
            "/api/v1/suspensions/deliveries/{suspHeldDelivery}/replay",
            null,
            expect(401, 403, 403, 422, 422, 422, 403, 403, 403)));
    return m;
  }
}
