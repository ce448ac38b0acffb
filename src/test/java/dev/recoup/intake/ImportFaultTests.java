package dev.recoup.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.LedgerInvariants;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * An import that fails half-way leaves nothing, and running the file again loads it whole; a long
 * import runs as a job whose progress survives a page reload; the command line prints the report.
 */
@RecoupTest
class ImportFaultTests {

  @Autowired Imports imports;
  @Autowired ImportCommand command;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired Aging aging;
  @Autowired AuditTrail audit;
  @TempDir Path dir;

  @BeforeEach
  void signIn() {
    SignedIn.as(access, "liam");
  }

  @AfterEach
  void signOut() {
    SignedIn.out();
    jdbc.sql("drop trigger if exists test_intake_boom on invoice").update();
    jdbc.sql("drop function if exists test_intake_boom()").update();
  }

  private void accounts(String source) {
    IntakeCsv accounts =
        IntakeCsv.of(ImportKind.ACCOUNTS)
            .row(
                "external_id",
                "F-1",
                "name",
                "Fault One",
                "entity",
                "US",
                "currency",
                "USD",
                "source_system",
                source)
            .row(
                "external_id",
                "F-2",
                "name",
                "Fault Two",
                "entity",
                "JP",
                "currency",
                "JPY",
                "source_system",
                source);
    assertThat(load(accounts).created()).isEqualTo(2);
  }

  private static IntakeCsv invoices(String source, int rows) {
    IntakeCsv file = IntakeCsv.of(ImportKind.INVOICES);
    for (int i = 1; i <= rows; i++) {
      boolean yen = i % 3 == 0;
      file.row(
          "external_id",
          "F-INV-" + i,
          "number",
          "F-INV-" + i,
          "account_external_id",
          yen ? "F-2" : "F-1",
          "currency",
          yen ? "JPY" : "USD",
          "issue_date",
          "2026-10-01",
          "due_date",
          "2026-10-31",
          "amount",
          yen ? String.valueOf(1000 + i) : i + ".25",
          "source_system",
          source);
    }
    return file;
  }

  private ImportReport load(IntakeCsv file) {
    return imports.importFile(
        file.kind(), Presets.named("recoup", file.kind()), file.fileName(), file.stream());
  }

  private long invoicesOf(String source) {
    return jdbc.sql("select count(*) from invoice where source_system = ?")
        .param(source)
        .query(Long.class)
        .single();
  }

  @Test
  void anImportThatFailsMidMergeLeavesNothingAndARerunLoadsTheWholeFile() {
    String source = "TEST-INTAKE-E";
    accounts(source);
    // The database refuses one row deep in the file while the invoices are being merged.
    jdbc.sql(
            """
            create function test_intake_boom() returns trigger language plpgsql as $$
            begin
              if new.source_system = 'TEST-INTAKE-E' and new.external_id = 'F-INV-600' then
                raise exception 'simulated failure mid-merge';
              end if;
              return new;
            end $$""")
        .update();
    jdbc.sql(
            "create trigger test_intake_boom before insert on invoice for each row"
                + " execute function test_intake_boom()")
        .update();
    IntakeCsv file = invoices(source, 1000);
    assertThatThrownBy(() -> load(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nothing of it was kept");
    assertThat(invoicesOf(source)).as("nothing half-imported").isZero();
    var failed = imports.recent(1).get(0);
    assertThat(failed.status()).isEqualTo(ImportStatus.FAILED);
    assertThat(failed.failure()).contains("simulated failure mid-merge");
    assertThat(
            jdbc.sql("select count(*) from staging_invoice where run_id = ?")
                .param(failed.id())
                .query(Long.class)
                .single())
        .isZero();

    jdbc.sql("drop trigger test_intake_boom on invoice").update();
    ImportReport rerun = load(file);
    assertThat(rerun.created()).isEqualTo(1000);
    assertThat(rerun.rejected()).isZero();
    assertThat(rerun.loadedRows()).isEqualTo(rerun.fileRows()).isEqualTo(1000);
    assertThat(rerun.loadedTotals()).isEqualTo(rerun.fileTotals());
    assertThat(rerun.fileTotals()).containsKeys("USD", "JPY");
    assertThat(invoicesOf(source)).isEqualTo(1000);
    assertThat(load(file).unchanged()).as("no duplicates on a second run").isEqualTo(1000);
    assertThat(invoicesOf(source)).isEqualTo(1000);
    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse(RecoupTest.TODAY));
  }

  @Test
  void aSubmittedImportRunsAsAJobWhoseProgressAndReportCanBeReadAgain() throws Exception {
    String source = "TEST-INTAKE-J";
    accounts(source);
    Path file = dir.resolve("invoices.csv");
    Files.write(file, invoices(source, 3000).bytes());
    long runId =
        imports.submit(
            ImportKind.INVOICES,
            Presets.named("recoup", ImportKind.INVOICES),
            "invoices.csv",
            file);
    ImportRunView run = imports.run(runId).orElseThrow();
    assertThat(run.bytesTotal()).isEqualTo(Files.size(file));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (run.active() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      run = imports.run(runId).orElseThrow(); // as a page polling after a reload
    }
    assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(ImportStatus.DONE);
    assertThat(run.percent()).isEqualTo(100);
    assertThat(run.startedBy()).isEqualTo("liam");
    assertThat(run.report().created()).isEqualTo(3000);
    assertThat(run.rowsRead()).isEqualTo(3000);
    assertThat(imports.recent(5)).extracting(ImportRunView::id).contains(runId);
  }

  @Test
  void theCommandLinePrintsTheReportAndFailsOnlyWhenTheFileCannotBeRead() throws Exception {
    String source = "TEST-INTAKE-L";
    accounts(source);
    Path file = dir.resolve("cli-invoices.csv");
    IntakeCsv invoices =
        invoices(source, 3)
            .row(
                "external_id",
                "F-BAD",
                "number",
                "F-BAD",
                "account_external_id",
                "F-1",
                "currency",
                "USD",
                "issue_date",
                "2026-10-01",
                "due_date",
                "2026-10-31",
                "amount",
                "1.234",
                "source_system",
                source);
    Files.write(file, invoices.bytes());
    SignedIn.out();
    assertThat(command.run("--kind", "invoices", "--preset", "recoup", file.toString()))
        .as("processed, with a rejected row")
        .isZero();
    assertThat(invoicesOf(source)).isEqualTo(3);
    assertThat(
            jdbc.sql(
                    "select started_by from import_run where origin = 'FILE' order by id desc limit 1")
                .query(String.class)
                .single())
        .isEqualTo("import");
    assertThat(command.run("--kind", "invoices", dir.resolve("missing.csv").toString()))
        .isEqualTo(2);
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    assertThat(command.run("--kind", "invoices", empty.toString())).isEqualTo(2);
  }

  @Test
  void onlyThoseWhoMayChangeAnyAccountImport() {
    SignedIn.as(access, "carlos");
    IntakeCsv file = invoices("TEST-INTAKE-X", 1);
    assertThatThrownBy(() -> load(file)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                imports.upsert(
                    ImportKind.INVOICES, "TEST-INTAKE-X", "X-1", Map.of("amount", "1.00"), null))
        .isInstanceOf(AccessDeniedException.class);
  }
}
