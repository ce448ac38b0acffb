package dev.recoup.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.support.RecoupTest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a system or a script relies on: disputes raised over the API are idempotent, bad input
 * answers field errors and changes nothing, a resolver reaches only its own disputes, and a lead
 * resolves one with a rebill.
 */
@RecoupTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisputesApiTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  final JsonMapper json = JsonMapper.builder().build();

  long account;
  long othersInvoice;
  List<Long> invoices;

  @BeforeAll
  void pick() {
    LocalDate today = LocalDate.parse(RecoupTest.TODAY);
    // A USD account of Chloe's with open invoices nobody disputes (not the journey tests' ones:
    // those are taken from the lowest ids up).
    account =
        jdbc.sql(
                """
                select a.id from customer_account a join app_user u on u.id = a.owner_id
                where u.username = 'chloe' and a.channel = 'DIRECT' and a.currency = 'USD'
                  and a.status = 'ACTIVE' and not a.legal_hold
                  and not exists (select 1 from dispute d where d.account_id = a.id)
                  and (select count(*) from invoice i where i.account_id = a.id
                         and i.open_amount = i.amount and i.due_date < ?) >= 3
                order by a.id desc limit 1""")
            .param(today)
            .query(Long.class)
            .single();
    invoices =
        jdbc.sql(
                """
                select id from invoice where account_id = ? and open_amount = amount
                  and disputed_amount = 0 and due_date < ? order by due_date, id""")
            .params(account, today)
            .query(Long.class)
            .list();
    othersInvoice =
        jdbc.sql(
                """
                select min(i.id) from invoice i join customer_account a on a.id = i.account_id
                join app_user u on u.id = a.owner_id
                where u.username = 'emma' and i.open_amount > 0""")
            .query(Long.class)
            .single();
  }

  record Reply(int status, JsonNode body) {}

  Reply call(String user, String method, String path, String body, String idempotencyKey)
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
            .header("Content-Type", "application/json");
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        r.statusCode(), r.body() == null || r.body().isBlank() ? null : json.readTree(r.body()));
  }

  String raiseBody(String reason, long invoice, String amount, String clientReference) {
    return "{\"reason\":\""
        + reason
        + "\",\"notes\":\"api test\",\"invoices\":[{\"invoiceId\":"
        + invoice
        + (amount == null ? "" : ",\"amount\":\"" + amount + "\"")
        + "}]"
        + (clientReference == null ? "" : ",\"clientReference\":\"" + clientReference + "\"")
        + "}";
  }

  long disputeCount() {
    return jdbc.sql("select count(*) from dispute where account_id = ?")
        .param(account)
        .query(Long.class)
        .single();
  }

  BigDecimal disputedOf(long invoice) {
    return jdbc.sql("select disputed_amount from invoice where id = ?")
        .param(invoice)
        .query(BigDecimal.class)
        .single();
  }

  @Test
  void badInputAnswersFieldErrorsAndChangesNothing() throws Exception {
    long invoice = invoices.get(0);
    BigDecimal open =
        jdbc.sql("select open_amount from invoice where id = ?")
            .param(invoice)
            .query(BigDecimal.class)
            .single();
    long before = disputeCount();
    String path = "/api/v1/accounts/" + account + "/disputes";

    Reply tooMuch =
        call(
            "chloe",
            "POST",
            path,
            raiseBody("PRICING", invoice, open.add(BigDecimal.ONE).toPlainString(), null),
            null);
    assertThat(tooMuch.status()).isEqualTo(422);
    assertThat(tooMuch.body().get("errors").get(0).get("field").asString()).isEqualTo("amount");
    assertThat(tooMuch.body().get("errors").get(0).get("message").asString())
        .contains("still collectible");

    Reply unknownReason =
        call("chloe", "POST", path, raiseBody("BAD_WEATHER", invoice, "10.00", null), null);
    assertThat(unknownReason.status()).isEqualTo(422);
    assertThat(unknownReason.body().get("errors").get(0).get("field").asString())
        .isEqualTo("reason");

    Reply notThisAccount =
        call("chloe", "POST", path, raiseBody("PRICING", othersInvoice, "10.00", null), null);
    assertThat(notThisAccount.status()).isEqualTo(422);
    assertThat(notThisAccount.body().get("errors").get(0).get("field").asString())
        .isEqualTo("invoices");

    Reply negative =
        call("chloe", "POST", path, raiseBody("PRICING", invoice, "-5.00", null), null);
    assertThat(negative.status()).isEqualTo(422);
    assertThat(negative.body().get("errors").get(0).get("field").asString()).isEqualTo("amount");

    Reply tooPrecise =
        call("chloe", "POST", path, raiseBody("PRICING", invoice, "5.001", null), null);
    assertThat(tooPrecise.status()).isEqualTo(422);
    assertThat(tooPrecise.body().get("errors").get(0).get("field").asString()).isEqualTo("amount");

    Reply nothing = call("chloe", "POST", path, "{\"reason\":\"PRICING\",\"invoices\":[]}", null);
    assertThat(nothing.status()).isEqualTo(422);
    assertThat(nothing.body().get("errors").get(0).get("field").asString()).isEqualTo("invoices");

    assertThat(disputeCount()).isEqualTo(before);
    assertThat(disputedOf(invoice)).isZero();
  }

  @Test
  void theSameIdempotencyKeyOrClientReferenceReturnsTheSameDispute() throws Exception {
    long invoice = invoices.get(1);
    String path = "/api/v1/accounts/" + account + "/disputes";
    String key = "erp-dispute-" + invoice;

    Reply first = call("chloe", "POST", path, raiseBody("TAX", invoice, "25.00", null), key);
    Reply again = call("chloe", "POST", path, raiseBody("TAX", invoice, "25.00", null), key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("id").get("value").asLong())
        .isEqualTo(first.body().get("id").get("value").asLong());
    assertThat(first.body().get("amount").get("amount").asString()).isEqualTo("25.00");
    assertThat(first.body().get("amount").get("currency").asString()).isEqualTo("USD");
    assertThat(disputedOf(invoice)).isEqualByComparingTo("25.00");

    Reply reused = call("chloe", "POST", path, raiseBody("TAX", invoice, "30.00", null), key);
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.body().get("errors").get(0).get("field").asString())
        .isEqualTo("idempotencyKey");

    Reply byRef =
        call("chloe", "POST", path, raiseBody("PO_MISSING", invoice, "10.00", "AP-778"), null);
    Reply byRefAgain =
        call("chloe", "POST", path, raiseBody("PO_MISSING", invoice, "10.00", "AP-778"), null);
    assertThat(byRef.status()).isEqualTo(201);
    assertThat(byRefAgain.status()).isEqualTo(200);
    assertThat(byRefAgain.body().get("id").get("value").asLong())
        .isEqualTo(byRef.body().get("id").get("value").asLong());
    assertThat(disputedOf(invoice)).isEqualByComparingTo("35.00");
  }

  @Test
  void theQueueExportsAsCsvWithTheSameFilters() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:"
                                + port
                                + "/disputes/export.csv?scope=all&status=REJECTED&reason=PO_MISSING"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    ("maria:" + RecoupTest.DEMO_PASSWORD)
                                        .getBytes(StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    List<String> lines = r.body().lines().toList();
    assertThat(lines.get(0)).startsWith("\ufeffDispute,Account ID,Account,Region,Reason,Status");
    assertThat(lines).hasSizeGreaterThan(2);
    assertThat(lines.subList(1, lines.size()))
        .allMatch(l -> l.contains(",PO missing,REJECTED,"))
        .allMatch(l -> l.matches(".*,REJECTED,0(\\.0+)?,.*")); // rejected: nothing credited
  }

  @Test
  void aResolverReachesOnlyItsOwnDisputesAndALeadResolvesWithARebill() throws Exception {
    long invoice = invoices.get(2);
    Reply raised =
        call(
            "chloe",
            "POST",
            "/api/v1/accounts/" + account + "/disputes",
            raiseBody("DUPLICATE_BILLING", invoice, null, null),
            "dup-" + invoice);
    assertThat(raised.status()).isEqualTo(201);
    long id = raised.body().get("id").get("value").asLong();
    assertThat(raised.body().get("ownerUsername").asString()).isEqualTo("bianca");
    BigDecimal amount = new BigDecimal(raised.body().get("amount").get("amount").asString());

    // Sam (sales) may not see nor touch billing's dispute; Bianca's list holds only hers.
    assertThat(call("sam", "GET", "/api/v1/disputes/" + id, null, null).status()).isEqualTo(403);
    assertThat(
            call(
                    "sam",
                    "POST",
                    "/api/v1/disputes/" + id + "/status",
                    "{\"status\":\"IN_REVIEW\"}",
                    null)
                .status())
        .isEqualTo(403);
    JsonNode list =
        call("bianca", "GET", "/api/v1/disputes?status=all&size=500", null, null).body();
    assertThat(list.get("total").asLong()).isPositive();
    for (JsonNode d : list.get("items")) {
      assertThat(d.get("ownerUsername").asString()).isEqualTo("bianca");
    }
    Reply moved =
        call(
            "bianca",
            "POST",
            "/api/v1/disputes/" + id + "/status",
            "{\"status\":\"IN_REVIEW\"}",
            null);
    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.body().get("status").asString()).isEqualTo("IN_REVIEW");

    // A rebill needs the corrected invoice's number.
    Reply noNumber =
        call(
            "liam",
            "POST",
            "/api/v1/disputes/" + id + "/resolution",
            "{\"outcome\":\"REBILL\",\"rootCause\":\"Billed twice after an ERP re-sync\"}",
            null);
    assertThat(noNumber.status()).isEqualTo(422);
    assertThat(noNumber.body().get("errors").get(0).get("field").asString())
        .isEqualTo("rebillInvoice");
    Reply rebilled =
        call(
            "liam",
            "POST",
            "/api/v1/disputes/" + id + "/resolution",
            "{\"outcome\":\"REBILL\",\"rebillInvoice\":\"INV-US-R-1\","
                + "\"rootCause\":\"Billed twice after an ERP re-sync\","
                + "\"ticketUrl\":\"https://tickets.example.com/BILL-9\"}",
            null);
    assertThat(rebilled.status()).isEqualTo(200);
    assertThat(rebilled.body().get("status").asString()).isEqualTo("RESOLVED");
    assertThat(rebilled.body().get("outcome").get("rebillInvoice").asString())
        .isEqualTo("INV-US-R-1");
    assertThat(
            new BigDecimal(rebilled.body().get("outcome").get("credited").get("amount").asString()))
        .isEqualByComparingTo(amount);
    assertThat(
            jdbc.sql("select status from invoice where id = ?")
                .param(invoice)
                .query(String.class)
                .single())
        .isEqualTo("CREDITED");
    Reply again =
        call(
            "liam",
            "POST",
            "/api/v1/disputes/" + id + "/resolution",
            "{\"outcome\":\"REJECTED\",\"rootCause\":\"changed my mind\"}",
            null);
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.body().get("errors").get(0).get("field").asString()).isEqualTo("status");
  }
}
