package dev.recoup.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.recoup.access.Access;
import dev.recoup.access.NewUser;
import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutboxMessage;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customer cases from intake to resolution, over the API as clients use it: a customer's invoice
 * copy request lands in Connor's queue with an SLA and he answers it with the statement attached (a
 * real SMTP server receives it); a W-9 request goes to Bianca in billing; the SLA breaches when the
 * clock passes the due date and pauses while the case waits on the customer; bad input gets field
 * errors. Friday 2026-11-20 is "today".
 */
@RecoupTest
class CaseJourneyTests {

  static GreenMail smtp;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Access access;
  @Autowired Outbox outbox;
  @Autowired AuditTrail audit;
  @Autowired CustomerCases cases;
  @Autowired SettableClock clock;

  final JsonMapper json = JsonMapper.builder().build();

  /** One of Connor's accounts, in English, with a billing contact who has an e-mail address. */
  long account;

  long billingContact;
  String billingEmail;
  String crmToken;

  @BeforeAll
  static void startMailServer() {
    smtp = new GreenMail(new ServerSetup(3925, "localhost", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterAll
  static void stopMailServer() {
    smtp.stop();
  }

  @BeforeEach
  void connorsAccountAndTheCrm() {
    long connor = access.user("connor").orElseThrow().id().value();
    account =
        jdbc.sql(
                """
                select max(a.id) from customer_account a
                where a.owner_id = ? and not a.do_not_contact and a.language = 'en'
                  and exists (select 1 from contact c where c.account_id = a.id
                              and c.role = 'BILLING' and c.email is not null)""")
            .param(connor)
            .query(Long.class)
            .single();
    billingContact =
        jdbc.sql(
                "select min(id) from contact where account_id = ? and role = 'BILLING' and email is not null")
            .param(account)
            .query(Long.class)
            .single();
    billingEmail =
        jdbc.sql("select email from contact where id = ?")
            .param(billingContact)
            .query(String.class)
            .single();
    if (access.user("crm-intake").isEmpty()) {
      access.createUser(
          new NewUser("crm-intake", "CRM intake", null, Role.SYSTEM, null, null, null));
    }
    crmToken = access.issueToken("crm-intake", "case journey");
  }

  @AfterEach
  void backToToday() {
    SignedIn.out();
    clock.setDate(RecoupTest.TODAY);
  }

  @Test
  void invoiceCopyRequestIsAnsweredWithTheStatementAndResolved() throws Exception {
    // The CRM passes on the customer's e-mail: "please send copies of our open invoices".
    String key = "crm-" + UUID.randomUUID();
    String request =
        """
        {"type":"INVOICE_COPY","contactId":%d,"subject":"Copies of our open invoices",
         "description":"Our AP team cannot find the October invoices."}"""
            .formatted(billingContact);
    HttpResponse<String> created =
        asSystem("POST", "/api/v1/accounts/" + account + "/cases", request, key);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode c = json.readTree(created.body());
    long id = c.get("id").asLong();
    assertThat(c.get("reference").asString()).isEqualTo(new CaseId(id).reference());
    assertThat(c.get("status").asString()).isEqualTo("OPEN");
    assertThat(c.get("assignee").asString())
        .as("routed to the account's owner")
        .isEqualTo("connor");
    assertThat(c.get("openedBy").asString()).isEqualTo("crm-intake");
    // Two business days after Friday: Monday, Tuesday.
    assertThat(c.get("dueOn").asString()).isEqualTo("2026-11-24");
    assertThat(c.get("breached").asBoolean()).isFalse();

    // The CRM retries (a timeout on its side): the same case, nothing new.
    HttpResponse<String> retried =
        asSystem("POST", "/api/v1/accounts/" + account + "/cases", request, key);
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(json.readTree(retried.body()).get("id").asLong()).isEqualTo(id);
    HttpResponse<String> reused =
        asSystem(
            "POST",
            "/api/v1/accounts/" + account + "/cases",
            request.replace("October", "September"),
            key);
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(reused.body()).contains("Idempotency-Key").contains("different request");

    // It is in Connor's queue, with its SLA.
    JsonNode mine = json.readTree(as("connor", "GET", "/api/v1/cases?scope=MINE", null).body());
    assertThat(ids(mine)).contains(id);

    // Connor replies with the invoice-copy template: the statement goes with it.
    HttpResponse<String> replied = as("connor", "POST", "/api/v1/cases/" + id + "/replies", "{}");
    assertThat(replied.statusCode()).as(replied.body()).isEqualTo(201);
    JsonNode reply = json.readTree(replied.body());
    assertThat(reply.get("template").asString()).isEqualTo("INVOICE_COPY");
    assertThat(reply.get("sentTo").asString()).isEqualTo(billingEmail);
    assertThat(reply.get("attachment").asString()).startsWith("statement-").endsWith(".pdf");
    // Asking again sends nothing twice.
    JsonNode again =
        json.readTree(as("connor", "POST", "/api/v1/cases/" + id + "/replies", "{}").body());
    assertThat(again.get("outboxMessageId").asLong())
        .isEqualTo(reply.get("outboxMessageId").asLong());

    long messageId = reply.get("outboxMessageId").asLong();
    sendUntilSent(messageId);
    MimeMessage mail = receivedWithSubjectContaining(new CaseId(id).reference());
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(billingEmail);
    assertThat(mail.getSubject()).startsWith("Your invoice copies for account");
    assertThat(pdfAttachmentText(mail)).contains("Statement of account");

    // Resolving needs the note that says how.
    HttpResponse<String> noNote =
        as("connor", "POST", "/api/v1/cases/" + id + "/status", "{\"status\":\"RESOLVED\"}");
    assertThat(noNote.statusCode()).isEqualTo(422);
    assertThat(json.readTree(noNote.body()).get("errors").get(0).get("field").asString())
        .isEqualTo("note");
    HttpResponse<String> resolved =
        as(
            "connor",
            "POST",
            "/api/v1/cases/" + id + "/status",
            "{\"status\":\"RESOLVED\",\"note\":\"Statement with all open invoices sent\"}");
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    JsonNode done = json.readTree(resolved.body());
    assertThat(done.get("status").asString()).isEqualTo("RESOLVED");
    assertThat(done.get("resolution").asString())
        .isEqualTo("Statement with all open invoices sent");
    assertThat(done.get("breached").asBoolean()).as("resolved within its SLA").isFalse();

    // The case tells its story: replies with their delivery, and the history.
    JsonNode detail = json.readTree(as("connor", "GET", "/api/v1/cases/" + id, null).body());
    assertThat(detail.get("replies").get(0).get("delivery").asString()).isEqualTo("SENT");
    List<String> actions = new ArrayList<>();
    detail.get("history").forEach(h -> actions.add(h.get("action").asString()));
    assertThat(actions).containsExactly("case.resolved", "case.replied", "case.opened");
    assertThat(audit.historyOf("case", id, 10))
        .filteredOn(e -> e.action().equals("case.opened"))
        .singleElement()
        .satisfies(e -> assertThat(e.actor()).isEqualTo("crm-intake"));
  }

  @Test
  void w9RequestIsRoutedToBiancaInBilling() throws Exception {
    HttpResponse<String> created =
        as(
            "connor",
            "POST",
            "/api/v1/accounts/" + account + "/cases",
            """
            {"type":"TAX_FORM","contactId":%d,"subject":"W-9 for our vendor master"}"""
                .formatted(billingContact));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode w9 = json.readTree(created.body());
    long id = w9.get("id").asLong();
    assertThat(w9.get("assignee").asString()).isEqualTo("bianca");
    assertThat(w9.get("dueOn").asString()).as("five business days").isEqualTo("2026-11-27");

    // Bianca's queue has it; Connor's own queue does not, his team view (his accounts) does.
    assertThat(ids(json.readTree(as("bianca", "GET", "/api/v1/cases?scope=MINE", null).body())))
        .contains(id);
    assertThat(ids(json.readTree(as("connor", "GET", "/api/v1/cases?scope=MINE", null).body())))
        .doesNotContain(id);
    assertThat(ids(json.readTree(as("connor", "GET", "/api/v1/cases?scope=TEAM", null).body())))
        .contains(id);
    // Another collector does not see it.
    assertThat(as("emma", "GET", "/api/v1/cases/" + id, null).statusCode()).isEqualTo(403);

    // Bianca sees only what is hers: not Connor's payment question on the same account.
    long question =
        json.readTree(
                as(
                        "connor",
                        "POST",
                        "/api/v1/accounts/" + account + "/cases",
                        """
                        {"type":"PAYMENT_QUESTION","contactId":%d,"subject":"Did our wire arrive?"}"""
                            .formatted(billingContact))
                    .body())
            .get("id")
            .asLong();
    assertThat(as("bianca", "GET", "/api/v1/cases/" + question, null).statusCode()).isEqualTo(403);
    assertThat(ids(json.readTree(as("bianca", "GET", "/api/v1/cases?scope=ALL", null).body())))
        .contains(id)
        .doesNotContain(question);

    // She answers it with the tax-form template.
    HttpResponse<String> replied = as("bianca", "POST", "/api/v1/cases/" + id + "/replies", "{}");
    assertThat(replied.statusCode()).as(replied.body()).isEqualTo(201);
    assertThat(json.readTree(replied.body()).get("template").asString()).isEqualTo("TAX_FORM");
    assertThat(json.readTree(replied.body()).get("sentBy").asString()).isEqualTo("bianca");
  }

  @Test
  void slaBreachesOnceTheClockPassesTheDueDateAndPausesWhileWaitingOnTheCustomer() {
    SignedIn.as(access, "connor");
    CustomerCase question = open("PAYMENT_QUESTION", "Which invoices did our payment cover?");
    CustomerCase address = open("ADDRESS_CHANGE", "New bill-to address from January");
    assertThat(question.dueOn()).isEqualTo(LocalDate.parse("2026-11-24"));
    assertThat(address.dueOn()).isEqualTo(LocalDate.parse("2026-11-25"));

    clock.setDate("2026-11-23"); // Monday: Connor asks the customer for the new address
    cases.changeStatus(address.id(), CaseStatus.WAITING_ON_CUSTOMER, "Asked for the full address");

    clock.setDate("2026-11-24"); // Tuesday: the question is due today
    assertThat(cases.find(question.id()).dueToday()).isTrue();
    assertThat(cases.find(question.id()).breached()).isFalse();

    clock.setDate("2026-11-25"); // Wednesday: past its due date
    CustomerCase late = cases.find(question.id());
    assertThat(late.breached()).isTrue();
    assertThat(late.ageDays()).isEqualTo(5);
    CaseQueue breached =
        cases.queue(
            new CaseQuery(
                CaseScope.MINE, null, null, CaseSla.BREACHED, null, "due", "asc", 0, 500));
    assertThat(breached.rows()).extracting(CustomerCase::id).contains(question.id());
    assertThat(breached.rows()).extracting(CustomerCase::id).doesNotContain(address.id());

    clock.setDate("2026-11-26"); // Thursday: the address arrives; the wait does not count
    assertThat(cases.find(address.id()).breached()).as("paused while waiting").isFalse();
    CustomerCase resumed = cases.changeStatus(address.id(), CaseStatus.OPEN, "Address received");
    // Waited Tuesday, Wednesday, Thursday: due three business days later than Wednesday.
    assertThat(resumed.dueOn()).isEqualTo(LocalDate.parse("2026-11-30"));
    assertThat(resumed.breached()).isFalse();
  }

  @Test
  void badInputGetsAnErrorForEachField() throws Exception {
    HttpResponse<String> bad =
        as(
            "connor",
            "POST",
            "/api/v1/accounts/" + account + "/cases",
            "{\"type\":\"FAX\",\"subject\":\"  \",\"description\":\"" + "x".repeat(4001) + "\"}");
    assertThat(bad.statusCode()).isEqualTo(422);
    JsonNode errors = json.readTree(bad.body()).get("errors");
    List<String> fields = new ArrayList<>();
    errors.forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).containsExactly("type", "contactId", "subject", "description");
    assertThat(errors.get(0).get("message").asString()).contains("INVOICE_COPY");

    long othersContact =
        jdbc.sql("select min(id) from contact where account_id <> ?")
            .param(account)
            .query(Long.class)
            .single();
    HttpResponse<String> strangers =
        as(
            "connor",
            "POST",
            "/api/v1/accounts/" + account + "/cases",
            "{\"type\":\"OTHER\",\"contactId\":" + othersContact + ",\"subject\":\"Hello\"}");
    assertThat(strangers.statusCode()).isEqualTo(422);
    assertThat(strangers.body()).contains("contactId").contains("not a contact of this account");

    HttpResponse<String> unknownStatus =
        as("connor", "POST", "/api/v1/cases/0/status", "{\"status\":\"CLOSED\"}");
    assertThat(unknownStatus.statusCode()).isEqualTo(422);
    assertThat(as("connor", "GET", "/api/v1/cases/0", null).statusCode()).isEqualTo(404);

    // Another collector may not open cases on Connor's account.
    HttpResponse<String> notHis =
        as(
            "emma",
            "POST",
            "/api/v1/accounts/" + account + "/cases",
            "{\"type\":\"OTHER\",\"contactId\":" + billingContact + ",\"subject\":\"Hello\"}");
    assertThat(notHis.statusCode()).isEqualTo(403);
  }

  @Test
  void theQueueExportsAsCsvWithFormulasNeutralised() throws Exception {
    SignedIn.as(access, "connor");
    CustomerCase sneaky = open("OTHER", "=HYPERLINK(\"http://evil.example\",\"click\")");
    CustomerCase w9 = open("TAX_FORM", "W-9 please");
    SignedIn.out();

    HttpResponse<String> csv =
        as("connor", "GET", "/cases/export.csv?scope=TEAM&sort=opened&dir=desc", null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).contains("Case,Type,Status,Account ID");
    assertThat(csv.body())
        .contains(sneaky.reference() + ",OTHER,OPEN," + account)
        .contains("'=HYPERLINK")
        .contains(w9.reference() + ",TAX_FORM,OPEN," + account)
        .contains(",bianca,");
  }

  // --- helpers

  private CustomerCase open(String type, String subject) {
    return cases
        .open(
            new AccountId(account),
            new CaseIntake(type, billingContact, subject, null),
            "journey-" + UUID.randomUUID())
        .customerCase();
  }

  private static List<Long> ids(JsonNode page) {
    List<Long> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
    return ids;
  }

  private void sendUntilSent(long messageId) {
    for (int i = 0; i < 50; i++) {
      if (outbox.find(messageId).orElseThrow().status() == OutboxMessage.Status.SENT) {
        return;
      }
      outbox.sendDue();
    }
    assertThat(outbox.find(messageId).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENT);
  }

  private static MimeMessage receivedWithSubjectContaining(String text) throws Exception {
    for (MimeMessage m : smtp.getReceivedMessages()) {
      if (m.getSubject() != null && m.getSubject().contains(text)) {
        return m;
      }
    }
    throw new AssertionError("No e-mail about " + text);
  }

  private static String pdfAttachmentText(MimeMessage mail) throws Exception {
    Multipart multipart = (Multipart) mail.getContent();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      if (part.getFileName() != null && part.getFileName().endsWith(".pdf")) {
        try (PDDocument doc = Loader.loadPDF(part.getInputStream().readAllBytes())) {
          return new PDFTextStripper().getText(doc);
        }
      }
    }
    throw new AssertionError("No PDF attached");
  }

  private HttpResponse<String> as(String user, String method, String path, String body)
      throws Exception {
    return call(
        method,
        path,
        body,
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (user + ":" + RecoupTest.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)),
        "test-" + UUID.randomUUID());
  }

  private HttpResponse<String> asSystem(String method, String path, String body, String key)
      throws Exception {
    return call(method, path, body, "Bearer " + crmToken, key);
  }

  private HttpResponse<String> call(
      String method, String path, String body, String authorization, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", authorization)
            .header("Idempotency-Key", idempotencyKey);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
