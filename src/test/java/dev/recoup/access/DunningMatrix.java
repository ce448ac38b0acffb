package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import dev.recoup.dunning.Approvals;
import dev.recoup.dunning.Dunning;
import dev.recoup.dunning.DunningFixtures;
import dev.recoup.dunning.DunningRun;
import dev.recoup.dunning.DunningStrategy;
import dev.recoup.dunning.RunScope;
import dev.recoup.dunning.StepAction;
import dev.recoup.dunning.StepChannel;
import dev.recoup.dunning.Strategies;
import dev.recoup.ledger.Postings;
import dev.recoup.support.SignedIn;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The dunning strategies, runs, approvals and letters rows of the authorization matrix. */
final class DunningMatrix {

  private DunningMatrix() {}

  /** A date on which nothing is due: runs and previews of it are cheap and change nothing. */
  static final String QUIET_DATE = "2000-01-03";

  /**
   * Creates what the rows refer to; returns placeholder name to value, used as {name} in the rows'
   * paths and bodies. Runs signed in as liam (a lead): four customers 45 days past due, run today
   * as a small scope, give a run, a letter and four demand letters waiting for a lead (requested by
   * the run, "system"); a strategy of its own for the rows that edit steps; and a demand letter
   * already waiting on carlos's account, so that every request for another one is refused alike.
   */
  static Map<String, String> setUp(MatrixFixture f) {
    JdbcClient jdbc = f.bean(JdbcClient.class);
    Access access = f.bean(Access.class);
    Strategies strategies = f.bean(Strategies.class);
    Clock clock = f.bean(Clock.class);
    LocalDate today = LocalDate.now(clock);
    var given =
        new DunningFixtures(
            jdbc,
            access,
            strategies,
            f.bean(Postings.class),
            f.bean(TransactionTemplate.class),
            clock);
    given.strategies();
    SignedIn.as(access, "liam");
    Map<String, String> ids = new LinkedHashMap<>();

    List<DunningFixtures.Customer> customers = new ArrayList<>();
    for (String name : List.of("Matrix One", "Matrix Two", "Matrix Three", "Matrix Four")) {
      var c = given.customer(name, "IE", "DIRECT");
      given.invoice(c, "M45", today.minusDays(45).toString(), "500.00");
      given.invoice(c, "M16", today.minusDays(16).toString(), "120.00");
      customers.add(c);
    }
    DunningRun run =
        f.bean(Dunning.class)
            .run(today, RunScope.of(customers.stream().map(DunningFixtures.Customer::id).toList()));
    ids.put("run", String.valueOf(run.id()));
    ids.put("letter", String.valueOf(f.bean(Dunning.class).lettersOf(run.id(), 10).get(0).id()));
    List<String> names = List.of("pageApprove", "pageReject", "apiApprove", "apiReject");
    Approvals approvals = f.bean(Approvals.class);
    for (int i = 0; i < customers.size(); i++) {
      var account = customers.get(i).id();
      ids.put(
          names.get(i),
          String.valueOf(
              approvals.pending(10_000).stream()
                  .filter(a -> a.accountId().equals(account))
                  .findFirst()
                  .orElseThrow()
                  .id()));
    }

    SignedIn.as(access, "maria");
    DunningStrategy edited =
        strategies.create(
            new Strategies.NewStrategy(
                "Matrix " + System.nanoTime(),
                "MX" + (System.nanoTime() % 10_000_000L),
                null,
                null,
                null,
                List.of(
                    new Strategies.StepDefinition(
                        3, StepChannel.EMAIL, StepAction.REMINDER, "reminder", null),
                    new Strategies.StepDefinition(
                        15, StepChannel.EMAIL, StepAction.NOTICE, "past-due-notice", null),
                    new Strategies.StepDefinition(
                        30, StepChannel.EMAIL, StepAction.FINAL_NOTICE, "final-notice", null))));
    SignedIn.as(access, "liam");
    ids.put("strategy", String.valueOf(edited.id()));
    ids.put("stepToChange", String.valueOf(edited.steps().get(0).id()));
    ids.put("stepToRetire", String.valueOf(edited.steps().get(2).id()));

    jdbc.sql(
            """
            insert into dunning_approval (account_id, business_date, action, required_role, status,
              requested_by, requested_at, request_note)
            select ?, ?, 'DEMAND_LETTER', 'LEAD', 'PENDING', 'liam', now(), 'matrix'
            where not exists (select 1 from dunning_approval where account_id = ?
                              and action = 'DEMAND_LETTER' and status = 'PENDING')""")
        .params(f.ownAccount(), today, f.ownAccount())
        .update();
    ids.put("quietDate", QUIET_DATE);
    return ids;
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER. {acct} is
   * the caller's account page path (/accounts/N; the collector on another's account gets emma's).
   * Rows run in order: once liam approved a letter, the manager's attempt is refused as decided (a
   * flash error, 302, on pages; 422 in the API).
   */
  static List<Endpoint> endpoints() {
    var pageRead = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    var apiRead = expect(401, 200, 200, 200, 200, 200, 200, 200, 403);
    // Leads and the manager edit strategies, run dunning and approve demand letters.
    var leadsOnPage = expect(403, 403, 403, 302, 302, 403, 403, 403, 403);
    List<Endpoint> m = new ArrayList<>();
    m.add(new Endpoint("GET", "/dunning", "/dunning?date={quietDate}", null, pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/dunning/preview.csv",
            "/dunning/preview.csv?date={quietDate}",
            null,
            pageRead));
    m.add(new Endpoint("POST", "/dunning/runs", "/dunning/runs", "date={quietDate}", leadsOnPage));
    m.add(new Endpoint("GET", "/dunning/runs/{id}", "/dunning/runs/{run}", null, pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/dunning/runs/{id}/export.csv",
            "/dunning/runs/{run}/export.csv",
            null,
            pageRead));
    m.add(
        new Endpoint(
            "GET", "/dunning/letters/{id}.pdf", "/dunning/letters/{letter}.pdf", null, pageRead));
    m.add(
        new Endpoint(
            "POST",
            "/dunning/strategies/{id}/steps/{stepId}",
            "/dunning/strategies/{strategy}/steps/{stepToChange}",
            "daysFromDue=4&channel=EMAIL&action=REMINDER&template=reminder",
            leadsOnPage));
    m.add(
        new Endpoint(
            "POST",
            "/dunning/strategies/{id}/steps",
            "/dunning/strategies/{strategy}/steps",
            "daysFromDue=20&channel=EMAIL&action=NOTICE&template=past-due-notice",
            leadsOnPage));
    m.add(
        new Endpoint(
            "POST",
            "/dunning/strategies/{id}/steps/{stepId}/retire",
            "/dunning/strategies/{strategy}/steps/{stepToRetire}/retire",
            "",
            leadsOnPage));
    // Late fees and interest are the manager's policy; the row leaves Japan's rule off.
    m.add(
        new Endpoint(
            "POST",
            "/dunning/rules/{code}",
            "/dunning/rules/JP",
            "lateFeePct=0&interestPct=0",
            expect(403, 403, 403, 403, 302, 403, 403, 403, 403)));
    // A demand letter already waits on carlos's account: people who may work it are told so.
    m.add(
        new Endpoint(
            "POST",
            "/dunning/accounts/{id}/demand-letter",
            "/dunning{acct}/demand-letter",
            "note=matrix",
            expect(403, 302, 403, 302, 302, 302, 403, 403, 403)));
    m.add(new Endpoint("GET", "/approvals", "/approvals", null, pageRead));
    m.add(new Endpoint("GET", "/approvals/export.csv", "/approvals/export.csv", null, pageRead));
    m.add(new Endpoint("GET", "/approvals/{id}", "/approvals/{pageApprove}", null, pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/approvals/{id}/letter.pdf",
            "/approvals/{pageApprove}/letter.pdf",
            null,
            pageRead));
    m.add(
        new Endpoint(
            "POST",
            "/approvals/{id}/approve",
            "/approvals/{pageApprove}/approve",
            "",
            leadsOnPage));
    m.add(
        new Endpoint(
            "POST",
            "/approvals/{id}/reject",
            "/approvals/{pageReject}/reject",
            "reason=matrix",
            leadsOnPage));
    m.add(
        new Endpoint(
            "GET", "/api/v1/dunning/strategies", "/api/v1/dunning/strategies", null, apiRead));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/dunning/preview",
            "/api/v1/dunning/preview?date={quietDate}",
            null,
            apiRead));
    m.add(new Endpoint("GET", "/api/v1/dunning/runs", "/api/v1/dunning/runs", null, apiRead));
    m.add(
        new Endpoint(
            "GET", "/api/v1/dunning/runs/{id}", "/api/v1/dunning/runs/{run}", null, apiRead));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/dunning/runs",
            "/api/v1/dunning/runs",
            "{\"date\":\"{quietDate}\"}",
            expect(401, 403, 403, 200, 200, 403, 403, 200, 403)));
    m.add(
        new Endpoint(
            "GET", "/api/v1/dunning/approvals", "/api/v1/dunning/approvals", null, apiRead));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/dunning/approvals/{id}",
            "/api/v1/dunning/approvals/{apiApprove}",
            null,
            apiRead));
    var leadsInApi = expect(401, 403, 403, 200, 422, 403, 403, 403, 403);
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/dunning/approvals/{id}/approve",
            "/api/v1/dunning/approvals/{apiApprove}/approve",
            "{}",
            leadsInApi));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/dunning/approvals/{id}/reject",
            "/api/v1/dunning/approvals/{apiReject}/reject",
            "{\"reason\":\"matrix\"}",
            leadsInApi));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/dunning/accounts/{id}/demand-letter",
            "/api/v1/dunning{acct}/demand-letter",
            "{\"note\":\"matrix\"}",
            expect(401, 422, 403, 422, 422, 422, 403, 403, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/dunning/accounts/{id}/history",
            "/api/v1/dunning{acct}/history",
            null,
            apiRead));
    return m;
  }
}
