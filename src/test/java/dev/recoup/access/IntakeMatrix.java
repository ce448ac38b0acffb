package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import dev.recoup.intake.ImportKind;
import dev.recoup.intake.ImportReport;
import dev.recoup.intake.Imports;
import dev.recoup.intake.Presets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ERP imports API rows of the authorization matrix. */
final class IntakeMatrix {

  private IntakeMatrix() {}

  static final String SOURCE = "TEST-INTAKE-MATRIX";

  /** The records the upsert rows send again (so every allowed caller finds them unchanged). */
  static final Map<ImportKind, Map<String, String>> RECORDS = records();

  private static Map<ImportKind, Map<String, String>> records() {
    Map<ImportKind, Map<String, String>> r = new LinkedHashMap<>();
    r.put(ImportKind.ACCOUNTS, fields("name", "Matrix Intake", "entity", "US", "currency", "USD"));
    r.put(
        ImportKind.CONTACTS,
        fields("account_external_id", "M-ACC", "name", "Matrix Contact", "role", "AP"));
    r.put(
        ImportKind.INVOICES,
        fields(
            "number",
            "M-INV",
            "account_external_id",
            "M-ACC",
            "currency",
            "USD",
            "issue_date",
            "2026-10-01",
            "due_date",
            "2026-10-31",
            "amount",
            "100.00"));
    r.put(
        ImportKind.PAYMENTS,
        fields(
            "account_external_id",
            "M-ACC",
            "currency",
            "USD",
            "value_date",
            "2026-10-15",
            "amount",
            "50.00"));
    r.put(
        ImportKind.CREDIT_MEMOS,
        fields(
            "number",
            "M-CM",
            "account_external_id",
            "M-ACC",
            "currency",
            "USD",
            "issue_date",
            "2026-10-02",
            "amount",
            "10.00"));
    r.put(
        ImportKind.APPLICATIONS,
        fields(
            "invoice_external_id",
            "M-INV",
            "payment_external_id",
            "M-PAY",
            "currency",
            "USD",
            "amount",
            "20.00",
            "applied_on",
            "2026-10-16"));
    return r;
  }

  private static final Map<ImportKind, String> IDS =
      Map.of(
          ImportKind.ACCOUNTS, "M-ACC",
          ImportKind.CONTACTS, "M-CON",
          ImportKind.INVOICES, "M-INV",
          ImportKind.PAYMENTS, "M-PAY",
          ImportKind.CREDIT_MEMOS, "M-CM",
          ImportKind.APPLICATIONS, "M-APP");

  /**
   * Creates what the rows refer to: the records the upsert rows send again, and an import run with
   * a rejected row (its report and quarantine are read by the rows). Returns {importRun}.
   */
  static Map<String, String> setUp(MatrixFixture f) {
    Imports imports = f.bean(Imports.class);
    for (var e : RECORDS.entrySet()) {
      imports.upsert(e.getKey(), SOURCE, IDS.get(e.getKey()), e.getValue(), null);
    }
    String csv =
        "external_id,number,account_external_id,currency,issue_date,due_date,amount,source_system\r\n"
            + "M-INV-2,M-INV-2,M-ACC,USD,2026-10-01,2026-10-31,10.00,"
            + SOURCE
            + "\r\n"
            + "M-INV-3,M-INV-3,M-NOBODY,USD,2026-10-01,2026-10-31,10.00,"
            + SOURCE
            + "\r\n";
    ImportReport run =
        imports.importFile(
            ImportKind.INVOICES,
            Presets.named("recoup", ImportKind.INVOICES),
            "matrix-invoices.csv",
            new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    return Map.of("importRun", String.valueOf(run.runId()));
  }

  static List<Endpoint> endpoints() {
    //                  ANON COLL COLL-OTHER LEAD MGR ADMIN AUDITOR SYSTEM RESOLVER
    var read = expect(401, 403, 403, 200, 200, 200, 200, 200, 403);
    // A JSON body where a multipart file is expected: past the rules, the endpoint says 415.
    var upload = expect(401, 403, 403, 415, 415, 415, 403, 415, 403);
    // The records exist (set-up): sending them again is an unchanged upsert, 200.
    var upsert = expect(401, 403, 403, 200, 200, 200, 403, 200, 403);
    List<Endpoint> rows = new ArrayList<>();
    rows.add(
        new Endpoint("POST", "/api/v1/imports", "/api/v1/imports?kind=invoices", null, upload));
    rows.add(new Endpoint("GET", "/api/v1/imports", "/api/v1/imports?limit=5", null, read));
    rows.add(
        new Endpoint("GET", "/api/v1/imports/{id}", "/api/v1/imports/{importRun}", null, read));
    rows.add(
        new Endpoint(
            "GET",
            "/api/v1/imports/{id}/rejected.csv",
            "/api/v1/imports/{importRun}/rejected.csv",
            null,
            read));
    for (var e : RECORDS.entrySet()) {
      String slug = e.getKey().slug();
      StringBuilder body = new StringBuilder("{\"sourceSystem\":\"" + SOURCE + "\"");
      e.getValue()
          .forEach((k, v) -> body.append(",\"").append(k).append("\":\"").append(v).append('"'));
      body.append('}');
      rows.add(
          new Endpoint(
              "PUT",
              "/api/v1/" + slug + "/{externalId}",
              "/api/v1/" + slug + "/" + IDS.get(e.getKey()),
              body.toString(),
              upsert));
    }
    return rows;
  }

  private static Map<String, String> fields(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
