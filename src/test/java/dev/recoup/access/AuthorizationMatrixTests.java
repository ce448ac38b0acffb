package dev.recoup.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.support.RecoupTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint × every role, over real HTTP: people through the sign-in form and their session,
 * systems with HTTP Basic or an API token. The matrix must name every endpoint the application
 * maps, so a new endpoint without a rule here fails this test.
 */
@RecoupTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTests {

  /** Who calls: anonymous, each role, and a collector reaching for another collector's account. */
  enum Caller {
    ANONYMOUS(null),
    COLLECTOR("carlos"),
    COLLECTOR_OTHERS_ACCOUNT("carlos"),
    LEAD("liam"),
    MANAGER("maria"),
    ADMIN("admin"),
    AUDITOR("audrey"),
    SYSTEM("erp-bridge"),
    RESOLVER("bianca");

    final String username;

    Caller(String username) {
      this.username = username;
    }
  }

  record Endpoint(
      String method, String pattern, String path, String body, Map<Caller, Integer> expected) {}

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Access access;
  @Autowired dev.recoup.collections.Escalations escalations;
  @Autowired dev.recoup.collections.Absences absences;
  @Autowired dev.recoup.notifications.Outbox outbox;
  @Autowired org.springframework.transaction.support.TransactionTemplate tx;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  long ownAccount;
  long othersAccount;
  String systemToken;
  long escalationId;
  long absenceId;
  long messageId;
  final Map<Long, Long> contactOf = new LinkedHashMap<>();
  final AtomicInteger unique = new AtomicInteger();
  @Autowired org.springframework.context.ApplicationContext context;

  /** Placeholders ({name}) of the matrix parts, by name, with the ids their set-up created. */
  final Map<String, String> placeholders = new LinkedHashMap<>();

  final Map<String, HttpClient> sessions = new LinkedHashMap<>();

  @BeforeAll
  void setUp() {
    long carlos = access.user("carlos").orElseThrow().id().value();
    long emma = access.user("emma").orElseThrow().id().value();
    ownAccount =
        jdbc.sql("select min(id) from customer_account where owner_id = ?")
            .param(carlos)
            .query(Long.class)
            .single();
    othersAccount =
        jdbc.sql("select min(id) from customer_account where owner_id = ?")
            .param(emma)
            .query(Long.class)
            .single();
    if (access.user("erp-bridge").isEmpty()) {
      access.createUser(
          new NewUser("erp-bridge", "ERP bridge", null, Role.SYSTEM, null, null, null));
    }
    systemToken = access.issueToken("erp-bridge", "authorization matrix");
    for (long account : List.of(ownAccount, othersAccount)) {
      contactOf.put(
          account,
          jdbc.sql("select min(id) from contact where account_id = ? and email is not null")
              .param(account)
              .query(Long.class)
              .single());
    }
    asUser(
        "carlos",
        () -> {
          escalationId =
              escalations
                  .escalate(new dev.recoup.accounts.AccountId(ownAccount), Role.LEAD, "matrix")
                  .id();
          absenceId =
              absences
                  .set(
                      "carlos",
                      "chloe",
                      java.time.LocalDate.parse("2027-02-01"),
                      java.time.LocalDate.parse("2027-02-02"),
                      "matrix")
                  .id();
        });
    var fixture = new MatrixFixture(context, ownAccount, othersAccount);
    asUser("liam", () -> placeholders.putAll(DisputesMatrix.setUp(fixture)));
    asUser("liam", () -> placeholders.putAll(PromisesMatrix.setUp(fixture)));
    asUser("liam", () -> placeholders.putAll(RefundsMatrix.setUp(fixture)));
    asUser("liam", () -> placeholders.putAll(DunningMatrix.setUp(fixture)));
    asUser("liam", () -> placeholders.putAll(SuspensionMatrix.setUp(fixture)));
    asUser("liam", () -> placeholders.putAll(IntakeMatrix.setUp(fixture)));
    asUser("liam", () -> placeholders.putAll(IntakePagesMatrix.setUp(fixture)));
    asUser("liam", () -> placeholders.putAll(CashMatrix.setUp(fixture)));
    asUser("liam", () -> placeholders.putAll(ExportsMatrix.setUp(fixture)));
    messageId =
        tx.execute(
            st ->
                outbox.enqueue(
                    new dev.recoup.notifications.OutgoingEmail(
                        "matrix-" + System.nanoTime(),
                        ownAccount,
                        "TEST",
                        "ap@example.com",
                        null,
                        "Matrix",
                        "<p>matrix</p>")));
  }

  private void asUser(String username, Runnable r) {
    var u = access.user(username).orElseThrow();
    org.springframework.security.core.context.SecurityContextHolder.getContext()
        .setAuthentication(
            org.springframework.security.authentication.UsernamePasswordAuthenticationToken
                .authenticated(
                    username,
                    null,
                    List.of(
                        new org.springframework.security.core.authority.SimpleGrantedAuthority(
                            u.role().authority()))));
    try {
      r.run();
    } finally {
      org.springframework.security.core.context.SecurityContextHolder.clearContext();
    }
  }

  /** Expected statuses, in the order of {@link Caller}. */
  static Map<Caller, Integer> expect(int... statuses) {
    Map<Caller, Integer> m = new LinkedHashMap<>();
    Caller[] callers = Caller.values();
    for (int i = 0; i < callers.length; i++) {
      m.put(callers[i], statuses[i]);
    }
    return m;
  }

  List<Endpoint> matrix() {
    String own = "/accounts/" + ownAccount;
    String others = "/accounts/" + othersAccount;
    //                   ANON COLL COLL-OTHER LEAD MGR ADMIN AUDITOR SYSTEM RESOLVER
    // A system's token opens the API only: on pages it is not signed in.
    var pageRead = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    var apiRead = expect(401, 200, 200, 200, 200, 200, 200, 200, 403);
    List<Endpoint> m = new ArrayList<>();
    m.add(
        new Endpoint(
            "GET", "/login", "/login", null, expect(200, 200, 200, 200, 200, 200, 200, 200, 200)));
    // A resolver (billing, sales, support) is sent on to its disputes.
    m.add(new Endpoint("GET", "/", "/", null, expect(302, 200, 200, 200, 200, 200, 200, 302, 302)));
    m.add(new Endpoint("GET", "/accounts", "/accounts", null, pageRead));
    m.add(
        new Endpoint(
            "GET", "/accounts/export.csv", "/accounts/export.csv?owner=carlos", null, pageRead));
    m.add(new Endpoint("GET", "/accounts/{id}", "{acct}", null, pageRead));
    m.add(
        new Endpoint(
            "GET", "/accounts/{id}/open-invoices.csv", "{acct}/open-invoices.csv", null, pageRead));
    // A form post without a signed-in session has no CSRF token: refused before anything else.
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/record",
            "{acct}/record",
            "notes=matrix&language=en",
            expect(403, 302, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/contacts",
            "{acct}/contacts",
            "name=Matrix+Contact&role=AP",
            expect(403, 302, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "GET", "/audit", "/audit", null, expect(302, 403, 403, 200, 200, 200, 200, 302, 403)));
    m.add(new Endpoint("GET", "/api/v1/accounts", "/api/v1/accounts", null, apiRead));
    m.add(new Endpoint("GET", "/api/v1/accounts/{id}", "/api/v1{acct}", null, apiRead));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/accounts/{id}/invoices",
            "/api/v1{acct}/invoices?status=open",
            null,
            apiRead));
    m.add(new Endpoint("GET", "/api/v1/aging", "/api/v1/aging", null, apiRead));
    m.add(
        new Endpoint(
            "PATCH",
            "/api/v1/accounts/{id}",
            "/api/v1{acct}",
            "{\"notes\":\"matrix\"}",
            expect(401, 200, 403, 200, 200, 200, 403, 200, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/contacts",
            "/api/v1{acct}/contacts",
            "{\"name\":\"Matrix Contact\",\"role\":\"BILLING\"}",
            expect(401, 201, 403, 201, 201, 201, 403, 201, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/users",
            "/api/v1/users",
            null,
            expect(401, 403, 403, 403, 200, 200, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/users",
            "/api/v1/users",
            "{new-user}",
            expect(401, 403, 403, 403, 403, 201, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/users/{username}/tokens",
            "/api/v1/users/erp-bridge/tokens",
            "{\"name\":\"matrix\"}",
            expect(401, 403, 403, 403, 403, 201, 403, 403, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/audit",
            "/api/v1/audit?limit=5",
            null,
            expect(401, 403, 403, 200, 200, 200, 200, 403, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/audit/verify",
            "/api/v1/audit/verify",
            null,
            expect(401, 403, 403, 200, 200, 200, 200, 403, 403)));
    // The collector's day.
    var workPost = expect(403, 302, 403, 302, 302, 302, 403, 403, 403);
    m.add(new Endpoint("GET", "/worklist", "/worklist", null, pageRead));
    m.add(new Endpoint("GET", "/team", "/team", null, pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/escalations",
            "/escalations",
            null,
            expect(302, 403, 403, 200, 200, 200, 200, 302, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/escalations/{id}/resolve",
            "/escalations/{escalation}/resolve",
            "resolution=matrix",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/team/absences",
            "/team/absences",
            "username=carlos&backup=chloe&startsOn=2027-01-04&returnsOn=2027-01-05",
            expect(403, 302, 302, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/team/absences/{id}/cancel",
            "/team/absences/{absence}/cancel",
            "",
            expect(403, 302, 302, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/team/campaigns",
            "/team/campaigns",
            "name=Matrix&endsOn=2027-12-31&minPastDue=999999999&assignees=carlos",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    // Assignment rules are the lead's: a collector posting gets 403 from the domain.
    m.add(
        new Endpoint(
            "POST",
            "/team/rules",
            "/team/rules",
            "priority=99&region=LATAM&owner=carlos",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/team/rules/{id}/delete",
            "/team/rules/0/delete",
            "",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/team/rules/apply",
            "/team/rules/apply",
            "onlyUnassigned=true",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/activities",
            "{acct}/activities",
            "kind=NOTE&notes=matrix",
            workPost));
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/emails",
            "{acct}/emails",
            "template=reminder&contactId={contact}&requestKey={unique}",
            workPost));
    m.add(
        new Endpoint(
            "POST",
            "/accounts/{id}/escalations",
            "{acct}/escalations",
            "toRole=LEAD&reason=matrix",
            workPost));
    // A collector may not reassign, even a list that matches nothing.
    m.add(
        new Endpoint(
            "POST",
            "/accounts/reassign",
            "/accounts/reassign",
            "q=no-such-account-zz&toUsername=carlos",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/outbox",
            "/outbox",
            null,
            expect(302, 403, 403, 200, 200, 200, 200, 302, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/outbox/{id}",
            "/outbox/{message}",
            null,
            expect(302, 403, 403, 200, 200, 200, 200, 302, 403)));
    m.add(
        new Endpoint(
            "POST",
            "/outbox/{id}/retry",
            "/outbox/{message}/retry",
            "",
            expect(403, 403, 403, 302, 302, 302, 403, 403, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/worklists/{username}",
            "/api/v1/worklists/carlos",
            null,
            expect(401, 200, 200, 200, 200, 200, 200, 403, 403)));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/worklists/{username}",
            "/api/v1/worklists/emma",
            null,
            expect(401, 403, 403, 403, 200, 200, 200, 403, 403)));
    m.add(
        new Endpoint(
            "GET", "/api/v1/accounts/{id}/activities", "/api/v1{acct}/activities", null, apiRead));
    var apiWork = expect(401, 201, 403, 201, 201, 201, 403, 201, 403);
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/activities",
            "/api/v1{acct}/activities",
            "{\"kind\":\"NOTE\",\"notes\":\"matrix\"}",
            apiWork));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/emails",
            "/api/v1{acct}/emails",
            "{\"template\":\"reminder\",\"contactId\":{contact},\"attachStatement\":false}",
            apiWork));
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/accounts/{id}/escalations",
            "/api/v1{acct}/escalations",
            "{\"toRole\":\"LEAD\",\"reason\":\"matrix\"}",
            apiWork));
    m.add(
        new Endpoint(
            "GET",
            "/api/v1/outbox",
            "/api/v1/outbox",
            null,
            expect(401, 403, 403, 200, 200, 200, 200, 403, 403)));
    // Retrying a message that is not dead is refused with a reason (422), by those who may retry.
    m.add(
        new Endpoint(
            "POST",
            "/api/v1/outbox/{id}/retry",
            "/api/v1/outbox/{message}/retry",
            null,
            expect(401, 403, 403, 422, 422, 422, 403, 403, 403)));
    // Whatever no rule names is refused.
    m.add(
        new Endpoint(
            "GET", null, "/not-a-page", null, expect(302, 403, 403, 403, 403, 403, 403, 302, 403)));
    m.add(
        new Endpoint(
            "DELETE",
            null,
            "/api/v1/accounts/1",
            null,
            expect(401, 405, 405, 405, 405, 405, 403, 405, 403)));
    m.addAll(DisputesMatrix.endpoints());
    m.addAll(PromisesMatrix.endpoints());
    m.addAll(RefundsMatrix.endpoints());
    m.addAll(DunningMatrix.endpoints());
    m.addAll(SuspensionMatrix.endpoints());
    m.addAll(IntakeMatrix.endpoints());
    m.addAll(IntakePagesMatrix.endpoints());
    m.addAll(CashMatrix.endpoints());
    m.addAll(ExportsMatrix.endpoints());
    return m.stream()
        .map(e -> new Endpoint(e.method(), e.pattern(), e.path(), e.body(), e.expected()))
        .toList();
  }

  @Test
  void everyMappedEndpointIsInTheMatrix() {
    Set<String> mapped = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (pattern.startsWith("/v3/api-docs")
            || pattern.startsWith("/swagger-ui")
            || pattern.equals("/error")) {
          continue; // served by springdoc and Boot; covered by their own path rules
        }
        info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + pattern));
      }
    }
    Set<String> inMatrix = new TreeSet<>();
    matrix().stream()
        .filter(e -> e.pattern() != null)
        .forEach(e -> inMatrix.add(e.method() + " " + e.pattern()));
    assertThat(inMatrix).containsAll(mapped);
  }

  @Test
  void everyRoleGetsExactlyWhatTheRulesAllow() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Endpoint e : matrix()) {
      for (var expected : e.expected().entrySet()) {
        Caller caller = expected.getKey();
        long account = caller == Caller.COLLECTOR_OTHERS_ACCOUNT ? othersAccount : ownAccount;
        String path =
            e.path()
                .replace("{acct}", "/accounts/" + account)
                .replace("{escalation}", String.valueOf(escalationId))
                .replace("{absence}", String.valueOf(absenceId))
                .replace("{message}", String.valueOf(messageId));
        for (var p : placeholders.entrySet()) {
          path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        String body =
            e.body() == null
                ? null
                : e.body()
                    .replace("{contact}", String.valueOf(contactOf.get(account)))
                    .replace("{unique}", "matrix-" + unique.incrementAndGet());
        if (body != null) {
          for (var p : placeholders.entrySet()) {
            body = body.replace("{" + p.getKey() + "}", p.getValue());
          }
        }
        int status = call(caller, e.method(), path, body);
        if (status != expected.getValue()) {
          mismatches.add(
              caller
                  + " "
                  + e.method()
                  + " "
                  + path
                  + " -> "
                  + status
                  + ", expected "
                  + expected.getValue());
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void collectorCannotChangeAnAccountOutsideItsPortfolioAndNothingChanges() throws Exception {
    String before = notesOf(othersAccount);
    assertThat(
            call(
                Caller.COLLECTOR,
                "PATCH",
                "/api/v1/accounts/" + othersAccount,
                "{\"notes\":\"mine now\"}"))
        .isEqualTo(403);
    assertThat(
            call(
                Caller.COLLECTOR,
                "POST",
                "/accounts/" + othersAccount + "/record",
                "notes=mine+now"))
        .isEqualTo(403);
    assertThat(notesOf(othersAccount)).isEqualTo(before);
  }

  @Test
  void auditorChangesNothing() throws Exception {
    String before = notesOf(ownAccount);
    assertThat(
            call(
                Caller.AUDITOR,
                "PATCH",
                "/api/v1/accounts/" + ownAccount,
                "{\"notes\":\"audited\"}"))
        .isEqualTo(403);
    assertThat(call(Caller.AUDITOR, "POST", "/accounts/" + ownAccount + "/record", "notes=audited"))
        .isEqualTo(403);
    assertThat(call(Caller.AUDITOR, "POST", "/api/v1/users", newUserBody())).isEqualTo(403);
    assertThat(notesOf(ownAccount)).isEqualTo(before);
  }

  @Test
  void unauthenticatedRequestsAreRefused() throws Exception {
    assertThat(call(Caller.ANONYMOUS, "GET", "/api/v1/aging", null)).isEqualTo(401);
    assertThat(call(Caller.ANONYMOUS, "GET", "/accounts", null)).isEqualTo(302);
    assertThat(call(Caller.ANONYMOUS, "GET", "/v3/api-docs", null)).isEqualTo(302);
    HttpResponse<Void> script =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri("/accounts")).build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(script.statusCode())
        .as("a non-browser client is told 401, not redirected")
        .isEqualTo(401);
    HttpResponse<String> badToken =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri("/api/v1/aging"))
                    .header("Authorization", "Bearer rcp_forged")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(badToken.statusCode()).isEqualTo(401);
  }

  private String notesOf(long account) {
    return jdbc.sql("select coalesce(notes, '') from customer_account where id = ?")
        .param(account)
        .query(String.class)
        .single();
  }

  private String newUserBody() {
    return "{\"username\":\"matrix"
        + unique.incrementAndGet()
        + "-"
        + System.nanoTime() % 100000
        + "\",\"displayName\":\"Matrix\",\"role\":\"COLLECTOR\",\"region\":\"AMER\","
        + "\"password\":\"a-long-enough-password\"}";
  }

  private int call(Caller caller, String method, String path, String body) throws Exception {
    if (body != null && body.equals("{new-user}")) {
      body = newUserBody();
    }
    boolean api = path.startsWith("/api/");
    if (caller == Caller.ANONYMOUS || api || caller == Caller.SYSTEM) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
      if (!api) {
        b.header("Accept", "text/html"); // as a browser asks for a page (a script gets 401)
      }
      if (caller == Caller.SYSTEM) {
        b.header("Authorization", "Bearer " + systemToken);
      } else if (caller != Caller.ANONYMOUS) {
        String pw = caller == Caller.ADMIN ? RecoupTest.ADMIN_PASSWORD : RecoupTest.DEMO_PASSWORD;
        b.header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((caller.username + ":" + pw).getBytes(StandardCharsets.UTF_8)));
      }
      if (body != null) {
        b.header("Content-Type", api ? "application/json" : "application/x-www-form-urlencoded");
      }
      if (api) {
        b.header("Idempotency-Key", "matrix-" + unique.incrementAndGet());
      }
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      return HttpClient.newHttpClient()
          .send(b.build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
    HttpClient session = session(caller);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (method.equals("GET")) {
      b.GET();
    } else {
      String form =
          (body == null ? "" : body + "&")
              + "_csrf="
              + URLEncoder.encode(csrf(session), StandardCharsets.UTF_8);
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(form));
    }
    return session.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A signed-in browser-like session (cookies, no redirects followed). */
  private HttpClient session(Caller caller) throws Exception {
    HttpClient existing = sessions.get(caller.username);
    if (existing != null) {
      return existing;
    }
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String token = csrf(client, "/login");
    String pw = caller == Caller.ADMIN ? RecoupTest.ADMIN_PASSWORD : RecoupTest.DEMO_PASSWORD;
    HttpResponse<Void> login =
        client.send(
            HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username="
                            + caller.username
                            + "&password="
                            + pw
                            + "&_csrf="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(login.headers().firstValue("Location").orElse(""))
        .as("sign-in of " + caller)
        .doesNotContain("error");
    sessions.put(caller.username, client);
    return client;
  }

  private String csrf(HttpClient session) throws Exception {
    return csrf(session, "/login");
  }

  private String csrf(HttpClient client, String page) throws Exception {
    String html =
        client
            .send(HttpRequest.newBuilder(uri(page)).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("CSRF token on " + page).isTrue();
    return m.group(1);
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
