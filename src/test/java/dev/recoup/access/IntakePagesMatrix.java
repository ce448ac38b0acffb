package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import dev.recoup.intake.ColumnMapping;
import dev.recoup.intake.DateOrder;
import dev.recoup.intake.ImportKind;
import dev.recoup.intake.ImportReport;
import dev.recoup.intake.Imports;
import dev.recoup.intake.ReconciliationRun;
import dev.recoup.intake.Reconciliations;
import dev.recoup.intake.SavedMappings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The imports and reconciliation pages rows of the authorization matrix. */
final class IntakePagesMatrix {

  private IntakePagesMatrix() {}

  /**
   * Creates what the rows refer to; returns placeholder name to value ({name} in paths). An import
   * run of one invoice row whose account does not exist (rejected: nothing changes), a saved
   * mapping (deleted by the first caller that may; the others are told it is gone), a
   * reconciliation of a source system that has no invoices, and an upload token nobody has.
   */
  static Map<String, String> setUp(MatrixFixture f) {
    Imports imports = f.bean(Imports.class);
    Reconciliations reconciliations = f.bean(Reconciliations.class);
    SavedMappings mappings = f.bean(SavedMappings.class);
    String source = "MATRIX-PAGES";
    String csv =
        "external_id,number,account_external_id,currency,issue_date,due_date,amount,open_amount\n"
            + "MATRIX-P-1,MATRIX-P-1,NO-SUCH-ACCOUNT-MATRIX,USD,2026-10-01,2026-10-31,100.00,"
            + "100.00\n";
    ColumnMapping mapping =
        new ColumnMapping(
            "matrix",
            ImportKind.INVOICES,
            source,
            identity(ImportKind.INVOICES),
            Map.of(),
            DateOrder.YMD,
            '.');
    ImportReport report =
        imports.importFile(
            ImportKind.INVOICES,
            mapping,
            "matrix-invoices.csv",
            new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    ReconciliationRun run =
        reconciliations.reconcile(
            mapping,
            source,
            "matrix-open-items.csv",
            new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    long saved =
        mappings
            .save(
                new ColumnMapping(
                    "matrix " + UUID.randomUUID(),
                    ImportKind.INVOICES,
                    source,
                    identity(ImportKind.INVOICES),
                    Map.of(),
                    DateOrder.YMD,
                    '.'))
            .id();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("importRun", String.valueOf(report.runId()));
    p.put("reconciliation", String.valueOf(run.id()));
    p.put("savedMapping", String.valueOf(saved));
    p.put("noUpload", UUID.randomUUID().toString());
    return p;
  }

  private static Map<String, String> identity(ImportKind kind) {
    Map<String, String> m = new LinkedHashMap<>();
    kind.fields().forEach(field -> m.put(field, field));
    return m;
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER.
   */
  static List<Endpoint> endpoints() {
    //                  ANON COLL COLL-OTHER LEAD MGR ADMIN AUDITOR SYSTEM RESOLVER
    // Leads, managers and admins import and reconcile; the auditor reads; a system's token opens
    // the API only (the imports API is in IntakeMatrix).
    var read = expect(302, 403, 403, 200, 200, 200, 200, 302, 403);
    // A form post without a file is sent back to its page with the reason.
    var write = expect(403, 403, 403, 302, 302, 302, 403, 403, 403);
    return List.of(
        new Endpoint("GET", "/imports", "/imports", null, read),
        new Endpoint("GET", "/imports/runs.csv", "/imports/runs.csv", null, read),
        new Endpoint("GET", "/imports/runs.xlsx", "/imports/runs.xlsx", null, read),
        new Endpoint("POST", "/imports/uploads", "/imports/uploads", "kind=invoices", write),
        // An upload belongs to whoever uploaded it: anyone else (here: everyone) is told 404.
        new Endpoint(
            "GET",
            "/imports/uploads/{token}",
            "/imports/uploads/{noUpload}",
            null,
            expect(302, 403, 403, 404, 404, 404, 404, 302, 403)),
        new Endpoint(
            "POST",
            "/imports/uploads/{token}/run",
            "/imports/uploads/{noUpload}/run",
            "col.external_id=external_id",
            expect(403, 403, 403, 404, 404, 404, 403, 403, 403)),
        new Endpoint("GET", "/imports/{id}", "/imports/{importRun}", null, read),
        new Endpoint("GET", "/imports/{id}/progress", "/imports/{importRun}/progress", null, read),
        new Endpoint(
            "GET", "/imports/{id}/rejected.csv", "/imports/{importRun}/rejected.csv", null, read),
        new Endpoint(
            "POST",
            "/imports/mappings/{id}/delete",
            "/imports/mappings/{savedMapping}/delete",
            "",
            write),
        new Endpoint("GET", "/reconciliation", "/reconciliation", null, read),
        new Endpoint("GET", "/reconciliation/runs.csv", "/reconciliation/runs.csv", null, read),
        new Endpoint("GET", "/reconciliation/runs.xlsx", "/reconciliation/runs.xlsx", null, read),
        new Endpoint(
            "POST",
            "/reconciliation/uploads",
            "/reconciliation/uploads",
            "mapping=preset:netsuite",
            write),
        new Endpoint("GET", "/reconciliation/{id}", "/reconciliation/{reconciliation}", null, read),
        new Endpoint(
            "GET",
            "/reconciliation/{id}/differences.csv",
            "/reconciliation/{reconciliation}/differences.csv",
            null,
            read),
        new Endpoint(
            "GET",
            "/reconciliation/{id}/differences.xlsx",
            "/reconciliation/{reconciliation}/differences.xlsx?kind=missing-in-recoup",
            null,
            read));
  }
}
