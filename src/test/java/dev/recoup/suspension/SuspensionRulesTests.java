package dev.recoup.suspension;

import static dev.recoup.suspension.SuspensionFixtures.deliverAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.CashApplication;
import dev.recoup.ledger.CashRun;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.Postings;
import dev.recoup.ledger.UnappliedFilter;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.WebhookSettings;
import dev.recoup.notifications.Webhooks;
import dev.recoup.promises.NewPlan;
import dev.recoup.promises.PaymentPlan;
import dev.recoup.promises.PaymentPlans;
import dev.recoup.promises.PlanStatus;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * The rules around a suspension: who may propose and approve it, one open suspension per account
 * and scope (I4, down to the database), a contract-only suspension, an agreed payment plan lifting
 * it, a notice withdrawn when it is called off, and the API's idempotency.
 */
@RecoupTest
class SuspensionRulesTests {

  @LocalServerPort int port;
  @Autowired Suspensions suspensions;
  @Autowired Webhooks webhooks;
  @Autowired WebhookSettings settings;
  @Autowired PaymentPlans plans;
  @Autowired Outbox outbox;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @Autowired Postings postings;
  @Autowired CashApplication cash;

  WebhookReceiver receiver;
  Instant clockAtStart;

  @BeforeEach
  void startTheReceivers() throws Exception {
    clockAtStart = clock.instant();
    clock.setDate("2026-11-20");
    receiver = new WebhookReceiver(SuspensionFixtures.SECRET, clock::instant);
    SuspensionFixtures.pointAt(settings, receiver);
  }

  @AfterEach
  void stopTheReceiversAndRestoreTheClock() {
    SignedIn.out();
    SuspensionFixtures.unplug(settings);
    receiver.close();
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void aCollectorProposesOnlyForItsOwnAccountsAndOnlyWhatIsPastDue() {
    long aiko = access.user("aiko").orElseThrow().id().value();
    long aikosAccount =
        jdbc.sql("select max(id) from customer_account where owner_id = ?")
            .param(aiko)
            .query(Long.class)
            .single();
    SignedIn.as(access, "arjun");
    assertThatThrownBy(
            () -> suspensions.propose(new NewSuspension(aikosAccount, null, null, "x"), null))
        .isInstanceOf(AccessDeniedException.class);

    long arjun = access.user("arjun").orElseThrow().id().value();
    long paidUp =
        jdbc.sql(
                """
                select max(a.id) from customer_account a
                where a.owner_id = ? and a.partner_id is null and not a.legal_hold
                  and not a.do_not_contact
                  and exists (select 1 from contact c where c.account_id = a.id and c.email <> '')
                  and not exists (select 1 from payment_plan p where p.account_id = a.id
                                  and p.status = 'ACTIVE')
                  and not exists (select 1 from invoice i where i.account_id = a.id
                    and i.open_amount > i.disputed_amount and i.due_date < '2026-11-20')""")
            .param(arjun)
            .query(Long.class)
            .single();
    assertThatThrownBy(
            () -> suspensions.propose(new NewSuspension(paidUp, null, null, "Just in case"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("account: nothing is past due");

    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    assertThatThrownBy(
            () ->
                suspensions.propose(
                    new NewSuspension(id.value(), null, LocalDate.parse("2026-11-23"), "Soon"),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("suspendOn: 2026-11-27 at the earliest");
    SignedIn.as(access, "audrey");
    assertThatThrownBy(
            () -> suspensions.propose(new NewSuspension(id.value(), null, null, "x"), null))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void anAccountHasAtMostOneOpenSuspensionPerScopeDownToTheDatabase() {
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    SignedIn.as(access, "arjun");
    Suspension first =
        suspensions.propose(new NewSuspension(id.value(), null, null, "Unpaid"), null);
    SignedIn.as(access, "lena");
    assertThatThrownBy(
            () -> suspensions.propose(new NewSuspension(id.value(), null, null, "Again"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("account: already under suspension #" + first.id() + " (proposed)");
    String contract = contractOfPastDue(id);
    assertThatThrownBy(
            () -> suspensions.propose(new NewSuspension(id.value(), contract, null, "Part"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contractRef: the whole account is under suspension #" + first.id());
    // I4 holds even for a writer that skips the rules: the unique index refuses a second one.
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        """
                        insert into suspension (account_id, status, origin, reason, suspend_on,
                          requested_by, requested_at)
                        values (?, 'APPROVED', 'PERSON', 'bypass', date '2026-12-01', 'x', now())""")
                    .param(id.value())
                    .update())
        .isInstanceOf(DuplicateKeyException.class);
    SignedIn.as(access, "arjun");
    suspensions.cancel(first.id(), "Wrong scope: only the services contract");

    // One contract of the account: then the whole account waits until that one has ended.
    Suspension byContract =
        suspensions.propose(
            new NewSuspension(id.value(), contract, null, "Services contract unpaid"), null);
    assertThat(byContract.scope()).isEqualTo("contract " + contract);
    assertThatThrownBy(
            () -> suspensions.propose(new NewSuspension(id.value(), null, null, "All"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("of contract " + contract + " is open");
    SignedIn.as(access, "maria");
    suspensions.decide(byContract.id(), true, false, null);
    clock.setDate("2026-11-27");
    suspensions.advance(LocalDate.parse("2026-11-27"));
    deliverAll(webhooks);
    assertThat(receiver.callsFor("suspension:" + byContract.id() + ":suspend"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.json())
                    .containsEntry("scope", "contract")
                    .containsEntry("contractRef", contract));
  }

  @Test
  void anAutoApplyRunThatPaysThePastDueCallsOffTheProposedSuspension() {
    LocalDate today = LocalDate.parse("2026-11-20");
    AccountId id = SuspensionFixtures.freshAccountOfArjun(jdbc, access, today, false);
    SignedIn.as(access, "arjun");
    Suspension proposed =
        suspensions.propose(new NewSuspension(id.value(), null, null, "Unpaid"), null);

    // The customer wires what is past due and names every invoice in the remittance.
    record Item(String number, BigDecimal open, String currency) {}
    List<Item> pastDue =
        jdbc.sql(
                """
                select number, open_amount, currency from invoice
                where account_id = ? and open_amount > disputed_amount and due_date < ?
                order by due_date, id""")
            .params(id.value(), today)
            .query((rs, n) -> new Item(rs.getString(1), rs.getBigDecimal(2), rs.getString(3)))
            .list();
    BigDecimal total = pastDue.stream().map(Item::open).reduce(BigDecimal.ZERO, BigDecimal::add);
    String named = String.join(" ", pastDue.stream().map(Item::number).toList());
    PaymentId payment =
        postings.recordPayment(
            new Postings.NewPayment(
                id,
                Money.ofStored(total, pastDue.get(0).currency()),
                today,
                "WIRE",
                "REF-AUTO-" + proposed.id(),
                "Invoices " + named,
                "suspension-auto-apply-" + proposed.id()));
    String name =
        jdbc.sql("select name from customer_account where id = ?")
            .param(id.value())
            .query(String.class)
            .single();

    SignedIn.as(access, "liam");
    CashRun run =
        cash.autoApply(
            new UnappliedFilter("all", name, null, null, null, null, null, null, null, 0, 25), 90);

    assertThat(run.appliedPayments()).isPositive();
    assertThat(
            jdbc.sql("select unapplied_amount from payment where id = ?")
                .param(payment.value())
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo("0");
    // The run told suspension about the accounts it settled: the proposal is called off.
    assertThat(suspensions.find(proposed.id()).status()).isEqualTo(SuspensionStatus.CANCELLED);
  }

  @Test
  void anAgreedPaymentPlanReinstatesASuspendedService() {
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    SignedIn.as(access, "arjun");
    Suspension s = suspensions.propose(new NewSuspension(id.value(), null, null, "Unpaid"), null);
    SignedIn.as(access, "maria");
    suspensions.decide(s.id(), true, false, null);
    clock.setDate("2026-11-27");
    suspensions.advance(LocalDate.parse("2026-11-27"));
    assertThat(suspensions.find(s.id()).status()).isEqualTo(SuspensionStatus.SUSPENDED);

    // The customer agrees a two-month plan on the smallest past-due invoice, within arjun's
    // authority: the plan is active at once, and the service comes back.
    SignedIn.as(access, "arjun");
    Invoice smallest =
        suspensions.pastDueNow(s).items().stream()
            .min(Comparator.comparing(Invoice::collectible))
            .orElseThrow();
    BigDecimal down =
        smallest
            .collectible()
            .amount()
            .multiply(new BigDecimal("0.10"))
            .setScale(smallest.collectible().amount().scale(), RoundingMode.UP);
    PaymentPlan plan =
        plans.propose(
            id,
            new NewPlan(
                List.of(smallest.id().value()),
                2,
                down,
                LocalDate.parse("2026-12-10"),
                "Plan instead of suspension"),
            null);
    SignedIn.out();
    assertThat(plan.status()).isEqualTo(PlanStatus.ACTIVE);
    Suspension reinstated = suspensions.find(s.id());
    assertThat(reinstated.status()).isEqualTo(SuspensionStatus.REINSTATED);
    assertThat(reinstated.endReason()).startsWith("payment plan #" + plan.id() + " agreed");
    deliverAll(webhooks);
    assertThat(receiver.timesApplied("suspension:" + s.id() + ":reinstate")).isEqualTo(1);
    assertThat(outbox.forAccount(id.value(), 20))
        .anySatisfy(m -> assertThat(m.kind()).isEqualTo("SUSPENSION_REINSTATED"));
  }

  @Test
  void callingOffASuspensionAfterTheNoticeTellsTheCustomerItIsWithdrawn() {
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    SignedIn.as(access, "arjun");
    Suspension s = suspensions.propose(new NewSuspension(id.value(), null, null, "Unpaid"), null);
    SignedIn.as(access, "maria");
    assertThat(suspensions.decide(s.id(), true, false, null).status())
        .isEqualTo(SuspensionStatus.NOTICE_SENT);
    SignedIn.as(access, "arjun");
    suspensions.cancel(s.id(), "Remittance received from the customer's bank");
    assertThat(suspensions.find(s.id()).status()).isEqualTo(SuspensionStatus.CANCELLED);
    assertThat(outbox.forAccount(id.value(), 20))
        .extracting(m -> m.kind())
        .contains("SUSPENSION_NOTICE", "SUSPENSION_WITHDRAWN");
    clock.setDate("2026-11-27");
    suspensions.advance(LocalDate.parse("2026-11-27"));
    deliverAll(webhooks);
    assertThat(receiver.provisioningCalls()).isEmpty();
  }

  @Test
  void theApiProposesOnceAndOnlyAManagerApproves() throws Exception {
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    String body = "{\"accountId\":" + id.value() + ",\"reason\":\"Proposed through the API\"}";
    HttpResponse<String> first = call("arjun", "POST", "/api/v1/suspensions", body, "api-once");
    HttpResponse<String> again = call("arjun", "POST", "/api/v1/suspensions", body, "api-once");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    long suspensionId = idOf(first.body());
    assertThat(idOf(again.body())).isEqualTo(suspensionId);
    assertThat(call("audrey", "GET", "/api/v1/suspensions/" + suspensionId, null, null).body())
        .contains("\"status\":\"PROPOSED\"");
    String approve = "{\"approve\":true,\"note\":\"via API\"}";
    String approval = "/api/v1/suspensions/" + suspensionId + "/approval";
    assertThat(call("arjun", "POST", approval, approve, null).statusCode()).isEqualTo(403);
    assertThat(call("lena", "POST", approval, approve, null).statusCode()).isEqualTo(403);
    HttpResponse<String> approved = call("maria", "POST", approval, approve, null);
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(approved.body()).contains("\"status\":\"NOTICE_SENT\"");
    assertThat(
            call(
                    "arjun",
                    "POST",
                    "/api/v1/suspensions/" + suspensionId + "/cancel",
                    "{\"reason\":\"\"}",
                    null)
                .statusCode())
        .isEqualTo(422);
  }

  private HttpResponse<String> call(
      String user, String method, String path, String body, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (user + ":" + RecoupTest.DEMO_PASSWORD)
                                .getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey + "-" + clockAtStart.getEpochSecond());
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long idOf(String json) {
    Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Long.parseLong(m.group(1));
  }

  private String contractOfPastDue(AccountId id) {
    return jdbc.sql(
            """
            select min(contract_ref) from invoice where account_id = ?
              and open_amount > disputed_amount and due_date < '2026-11-20'""")
        .param(id.value())
        .query(String.class)
        .single();
  }
}
