package dev.recoup.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.access.Access;
import dev.recoup.access.NewUser;
import dev.recoup.access.Role;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The integration's side: a NetSuite saved-search export posted to the imports API (good rows in,
 * each bad row reported by number and field, the bad rows downloadable to fix), and single records
 * upserted by external id with an Idempotency-Key.
 */
@RecoupTest
class ImportsApiTests {

  @Autowired Imports imports;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;
  @LocalServerPort int port;

  private void accounts(String source, String... externalIds) {
    IntakeCsv file = IntakeCsv.of(ImportKind.ACCOUNTS);
    for (String id : externalIds) {
      file.row(
          "external_id",
          id,
          "name",
          id,
          "entity",
          "US",
          "currency",
          "USD",
          "source_system",
          source);
    }
    SignedIn.as(
        access,
        "liam",
        () ->
            imports.importFile(
                ImportKind.ACCOUNTS,
                Presets.named("recoup", ImportKind.ACCOUNTS),
                "accounts.csv",
                file.stream()));
  }

  @Test
  void aNetSuiteExportWithBadRowsImportsItsGoodRowsAndReportsEachBadRow() throws Exception {
    String source = "TEST-INTAKE-B";
    accounts(source, "Acme, Inc.", "Globex Corporation");
    String export =
        "\uFEFFInternal ID,Document Number,Type,Date,Due Date,Customer,Subsidiary,Currency,"
            + "Amount,Amount Remaining,Status,Terms,PO/Check Number,Memo\r\n"
            // row 2: good, thousands separators, a quoted name with a comma
            + "90101,INV-1042,Invoice,11/3/2026,12/3/2026,\"Acme, Inc.\",US,USD,"
            + "\"1,234.56\",\"1,234.56\",Open,Net 30,PO-1,\"Licences, Q4\"\r\n"
            // row 3: good
            + "90102,INV-1043,Invoice,10/1/2026,10/31/2026,Globex Corporation,,USD,"
            + "\"12,000.00\",0.00,Paid In Full,Net 30,,\r\n"
            // row 4: negative amount
            + "90103,INV-1044,Invoice,11/5/2026,12/5/2026,\"Acme, Inc.\",,USD,-50.00,0,Open,,,\r\n"
            // row 5: unknown currency
            + "90104,INV-1045,Invoice,11/5/2026,12/5/2026,\"Acme, Inc.\",,XYZ,50.00,50.00,Open,,,\r\n"
            // row 6: due before issue
            + "90105,INV-1046,Invoice,11/5/2026,10/5/2026,\"Acme, Inc.\",,USD,50.00,50.00,Open,,,\r\n"
            // row 7: a customer Recoup does not know
            + "90106,INV-1047,Invoice,11/5/2026,12/5/2026,\"Nobody, LLC\",,USD,75.00,75.00,Open,,,\r\n"
            // row 8: good
            + "90107,INV-1048,Invoice,11/6/2026,12/6/2026,Globex Corporation,,USD,\"2,000.10\","
            + "\"2,000.10\",Open,Net 30,,\r\n";
    IntakeHttp api = new IntakeHttp(port, "liam");
    IntakeHttp.Response response =
        api.upload(
            Map.of("kind", "invoices", "preset", "netsuite", "sourceSystem", source),
            "netsuite-invoices.csv",
            export.getBytes(StandardCharsets.UTF_8));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode report = response.json();
    assertThat(report.get("created").asLong()).as(response.body()).isEqualTo(3);
    assertThat(report.get("rejected").asLong()).isEqualTo(4);
    assertThat(report.get("fileRows").asLong()).isEqualTo(7);
    assertThat(report.get("loadedRows").asLong()).isEqualTo(3);
    assertThat(new BigDecimal(report.get("loadedTotals").get("USD").asString()))
        .isEqualByComparingTo("15234.66");
    List<String> errors = new ArrayList<>();
    for (JsonNode e : report.get("errors")) {
      errors.add(e.get("row").asLong() + " " + e.get("field").asString());
    }
    assertThat(errors)
        .containsExactly("4 amount", "5 currency", "6 due_date", "7 account_external_id");

    // The good rows are in the ledger with the ERP's view beside Recoup's.
    var acme =
        jdbc.sql(
                """
                select i.amount, i.open_amount, i.erp_open_amount, i.erp_status, i.issue_date::text,
                       i.terms_days, i.memo, e.code
                from invoice i join legal_entity e on e.id = i.entity_id
                where i.source_system = ? and i.external_id = '90101'""")
            .param(source)
            .query(
                (rs, n) ->
                    List.of(
                        rs.getBigDecimal(1).stripTrailingZeros().toPlainString(),
                        rs.getBigDecimal(2).stripTrailingZeros().toPlainString(),
                        rs.getBigDecimal(3).stripTrailingZeros().toPlainString(),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)))
            .single();
    assertThat(acme)
        .containsExactly(
            "1234.56", "1234.56", "1234.56", "Open", "2026-11-03", "30", "Licences, Q4", "US");

    // The bad rows come back as the file had them, with row, field and reason, to fix and re-send.
    long runId = report.get("runId").asLong();
    IntakeHttp.Response rejected = api.get("/api/v1/imports/" + runId + "/rejected.csv");
    assertThat(rejected.status()).isEqualTo(200);
    List<String> lines = rejected.body().replace("\uFEFF", "").lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "Internal ID,Document Number,Type,Date,Due Date,Customer,Subsidiary,Currency,Amount,"
                + "Amount Remaining,Status,Terms,PO/Check Number,Memo,row,field,reason");
    assertThat(lines).hasSize(5);
    assertThat(lines.get(1)).startsWith("90103,INV-1044,Invoice,11/5/2026,").contains(",4,amount,");
    assertThat(lines.get(4)).startsWith("90106,").contains("\"Nobody, LLC\"");

    // The run and its report stay readable.
    IntakeHttp.Response run = api.get("/api/v1/imports/" + runId);
    assertThat(run.status()).isEqualTo(200);
    assertThat(run.json().get("status").asString()).isEqualTo("DONE");
    assertThat(run.json().get("report").get("created").asLong()).isEqualTo(3);

    // Sending the same export again changes nothing.
    JsonNode again =
        api.upload(
                Map.of("kind", "invoices", "preset", "netsuite", "sourceSystem", source),
                "netsuite-invoices.csv",
                export.getBytes(StandardCharsets.UTF_8))
            .json();
    assertThat(again.get("unchanged").asLong()).isEqualTo(3);
    assertThat(again.get("created").asLong() + again.get("updated").asLong()).isZero();
  }

  @Test
  void aFileThatCannotBeReadIsRefusedWithItsReason() throws Exception {
    IntakeHttp api = new IntakeHttp(port, "liam");
    IntakeHttp.Response response =
        api.upload(
            Map.of("kind", "invoices", "preset", "recoup"),
            "invoices.csv",
            "just,some,columns\r\n1,2,3\r\n".getBytes(StandardCharsets.UTF_8));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
  }

  @Test
  void aRecordIsUpsertedByExternalIdAndAnIdempotencyKeyReplaysTheFirstAnswer() throws Exception {
    String source = "TEST-INTAKE-C";
    IntakeHttp api = new IntakeHttp(port, "liam");
    IntakeHttp.Response account =
        api.put(
            "/api/v1/accounts/C-ACME",
            "{\"sourceSystem\":\""
                + source
                + "\",\"name\":\"Acme Upserted\",\"entity\":\"US\","
                + "\"currency\":\"USD\",\"payment_terms_days\":30}",
            null);
    assertThat(account.status()).as(account.body()).isEqualTo(201);
    long accountId = account.json().get("id").asLong();
    // The account's page API (numeric id) is still there beside the upsert by external id.
    assertThat(api.get("/api/v1/accounts/" + accountId).status()).isEqualTo(200);

    String body =
        "{\"sourceSystem\":\""
            + source
            + "\",\"number\":\"UP-1\",\"account_external_id\":"
            + "\"C-ACME\",\"currency\":\"USD\",\"issue_date\":\"2026-11-01\","
            + "\"due_date\":\"2026-12-01\",\"amount\":1200.10}";
    IntakeHttp.Response created = api.put("/api/v1/invoices/UP-1", body, "key-up-1");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("outcome").asString()).isEqualTo("CREATED");
    long invoiceId = created.json().get("id").asLong();
    assertThat(
            jdbc.sql("select amount from invoice where id = ?")
                .param(invoiceId)
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo("1200.10");

    // A retry with the same key and body gets the same answer.
    IntakeHttp.Response replay = api.put("/api/v1/invoices/UP-1", body, "key-up-1");
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(created.body());
    assertThat(replay.headers().firstValue("Idempotency-Replayed")).contains("true");

    // The same key with another body is refused.
    IntakeHttp.Response other =
        api.put("/api/v1/invoices/UP-1", body.replace("1200.10", "999.00"), "key-up-1");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().get("errors").get(0).get("field").asString())
        .isEqualTo("Idempotency-Key");

    // Without a key the same record is simply unchanged; a change updates it.
    IntakeHttp.Response unchanged = api.put("/api/v1/invoices/UP-1", body, null);
    assertThat(unchanged.status()).isEqualTo(200);
    assertThat(unchanged.json().get("outcome").asString()).isEqualTo("UNCHANGED");
    IntakeHttp.Response updated =
        api.put("/api/v1/invoices/UP-1", body.replace("2026-12-01", "2026-12-15"), null);
    assertThat(updated.json().get("outcome").asString()).isEqualTo("UPDATED");
    assertThat(updated.json().get("id").asLong()).isEqualTo(invoiceId);

    // Each upsert that changed something is audited on its own.
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_event where action = 'intake.upserted'"
                        + " and subject_type = 'invoices' and subject_id = ?")
                .param(String.valueOf(invoiceId))
                .query(Long.class)
                .single())
        .isEqualTo(2);

    // Field errors are 422 with the field.
    IntakeHttp.Response negative =
        api.put("/api/v1/invoices/UP-2", body.replace("1200.10", "-5"), null);
    assertThat(negative.status()).isEqualTo(422);
    assertThat(negative.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");
    IntakeHttp.Response unknownAccount =
        api.put("/api/v1/invoices/UP-3", body.replace("C-ACME", "C-NOBODY"), null);
    assertThat(unknownAccount.status()).isEqualTo(422);
    assertThat(unknownAccount.json().get("errors").get(0).get("field").asString())
        .isEqualTo("account_external_id");
    IntakeHttp.Response unknownField =
        api.put("/api/v1/invoices/UP-4", body.replace("\"number\"", "\"numero\""), null);
    assertThat(unknownField.status()).isEqualTo(422);
    assertThat(unknownField.json().get("errors").get(0).get("field").asString())
        .isEqualTo("numero");
    assertThat(
            jdbc.sql("select count(*) from invoice where source_system = ?")
                .param(source)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aSystemWithAnApiTokenUpsertsPaymentsAndApplications() throws Exception {
    String source = "TEST-INTAKE-T";
    if (access.user("intake-bot").isEmpty()) {
      tx.executeWithoutResult(
          s ->
              access.createUser(
                  new NewUser("intake-bot", "Intake bot", null, Role.SYSTEM, null, null, null)));
    }
    String token =
        tx.execute(
            s ->
                SignedIn.as(access, "admin", () -> access.issueToken("intake-bot", "intake test")));
    accounts(source, "T-1");
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    String[][] calls = {
      {
        "/api/v1/invoices/T-INV-1",
        "{\"sourceSystem\":\""
            + source
            + "\",\"number\":\"T-INV-1\",\"account_external_id\":"
            + "\"T-1\",\"currency\":\"USD\",\"issue_date\":\"2026-10-01\","
            + "\"due_date\":\"2026-10-31\",\"amount\":\"500.00\"}"
      },
      {
        "/api/v1/payments/T-PAY-1",
        "{\"sourceSystem\":\""
            + source
            + "\",\"account_external_id\":\"T-1\",\"currency\":"
            + "\"USD\",\"value_date\":\"2026-11-02\",\"amount\":\"500.00\","
            + "\"remittance_text\":\"T-INV-1\"}"
      },
      {
        "/api/v1/applications/T-APP-1",
        "{\"sourceSystem\":\""
            + source
            + "\",\"invoice_external_id\":\"T-INV-1\","
            + "\"payment_external_id\":\"T-PAY-1\",\"currency\":\"USD\",\"amount\":\"500.00\","
            + "\"applied_on\":\"2026-11-03\"}"
      }
    };
    for (String[] call : calls) {
      var response =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://localhost:" + port + call[0]))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(call[1]))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(call[0] + " " + response.body()).isEqualTo(201);
    }
    var invoice =
        jdbc.sql(
                "select open_amount, status, closed_on::text from invoice"
                    + " where source_system = ? and external_id = 'T-INV-1'")
            .param(source)
            .query(
                (rs, n) -> List.of(rs.getBigDecimal(1).signum(), rs.getString(2), rs.getString(3)))
            .single();
    assertThat(invoice).containsExactly(0, "PAID", "2026-11-03");
    assertThat(
            jdbc.sql(
                    "select unapplied_amount from payment where source_system = ? and external_id = 'T-PAY-1'")
                .param(source)
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo("0");
    // An application does not change.
    var changed =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port + calls[2][0]))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        calls[2][1].replace("2026-11-03", "2026-11-04")))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(changed.statusCode()).isEqualTo(422);
    assertThat(changed.body()).contains("applications cannot change; reverse it in the ERP");
  }
}
