package dev.recoup.intake;

import static dev.recoup.intake.ImportKind.ACCOUNTS;
import static dev.recoup.intake.ImportKind.APPLICATIONS;
import static dev.recoup.intake.ImportKind.CONTACTS;
import static dev.recoup.intake.ImportKind.CREDIT_MEMOS;
import static dev.recoup.intake.ImportKind.INVOICES;
import static dev.recoup.intake.ImportKind.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.access.Access;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.LedgerInvariants;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A new ERP's portfolio arrives as Recoup-shape files (accounts with a parent and a partner,
 * contacts, invoices, payments, credit memos, applications): Liam imports it, the integration
 * imports the same files again through the API and nothing changes, a changed file updates only
 * what changed, and the ledger's invariants hold throughout.
 */
@RecoupTest
class ImportScenarioTests {

  static final String SOURCE = "TEST-INTAKE-A";

  @Autowired Imports imports;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired Aging aging;
  @Autowired AuditTrail audit;
  @LocalServerPort int port;

  @BeforeEach
  void signIn() {
    SignedIn.as(access, "liam");
  }

  @AfterEach
  void signOut() {
    SignedIn.out();
  }

  static IntakeCsv accounts(String source) {
    return IntakeCsv.of(ACCOUNTS)
        // The parent comes after its child in the file: it is resolved once both are in.
        .row(
            "external_id",
            "A-200",
            "name",
            "Hooli Europe",
            "entity",
            "IE",
            "currency",
            "EUR",
            "source_system",
            source,
            "parent_external_id",
            "A-100",
            "payment_terms_days",
            "45",
            "payment_run_days",
            "Tue, thu",
            "language",
            "en")
        .row(
            "external_id",
            "A-100",
            "name",
            "Hooli, Inc.",
            "entity",
            "US",
            "currency",
            "USD",
            "source_system",
            source,
            "segment",
            "ENTERPRISE",
            "credit_limit",
            "50000",
            "risk_rating",
            "LOW")
        .row(
            "external_id",
            "P-1",
            "name",
            "Channel Partners Ltd",
            "entity",
            "UK",
            "currency",
            "GBP",
            "source_system",
            source,
            "channel",
            "PARTNER")
        .row(
            "external_id",
            "E-1",
            "name",
            "End Customer GmbH",
            "entity",
            "UK",
            "currency",
            "GBP",
            "source_system",
            source,
            "partner_external_id",
            "P-1");
  }

  static IntakeCsv contacts(String source) {
    return IntakeCsv.of(CONTACTS)
        .row(
            "external_id",
            "C-1",
            "account_external_id",
            "A-100",
            "name",
            "Ann Payable",
            "role",
            "AP",
            "email",
            "ap@hooli.example",
            "source_system",
            source)
        .row(
            "external_id",
            "C-2",
            "account_external_id",
            "A-200",
            "name",
            "Bill Ing",
            "role",
            "BILLING",
            "time_zone",
            "Europe/Dublin",
            "source_system",
            source);
  }

  static IntakeCsv invoices(String source) {
    return IntakeCsv.of(INVOICES)
        .row(
            "external_id",
            "I-1",
            "number",
            "INV-1",
            "account_external_id",
            "A-100",
            "currency",
            "USD",
            "issue_date",
            "2026-09-01",
            "due_date",
            "2026-10-01",
            "amount",
            "1000.00",
            "source_system",
            source,
            "status",
            "Paid In Full",
            "open_amount",
            "0.00")
        .row(
            "external_id",
            "I-2",
            "number",
            "INV-2",
            "account_external_id",
            "A-100",
            "currency",
            "USD",
            "issue_date",
            "2026-10-01",
            "due_date",
            "2026-10-31",
            "amount",
            "250.50",
            "source_system",
            source,
            "po_number",
            "PO-77")
        .row(
            "external_id",
            "I-3",
            "number",
            "INV-3",
            "account_external_id",
            "A-200",
            "currency",
            "EUR",
            "issue_date",
            "2026-10-05",
            "due_date",
            "2026-11-19",
            "amount",
            "800.00",
            "source_system",
            source,
            "kind",
            "SERVICES")
        .row(
            "external_id",
            "I-4",
            "number",
            "INV-4",
            "account_external_id",
            "P-1",
            "end_customer_external_id",
            "E-1",
            "currency",
            "GBP",
            "issue_date",
            "2026-10-10",
            "due_date",
            "2026-11-09",
            "amount",
            "1200.00",
            "source_system",
            source);
  }

  static IntakeCsv payments(String source) {
    return IntakeCsv.of(PAYMENTS)
        .row(
            "external_id",
            "PAY-1",
            "account_external_id",
            "A-100",
            "currency",
            "USD",
            "value_date",
            "2026-10-20",
            "amount",
            "1100.00",
            "source_system",
            source,
            "remittance_text",
            "INV-1 INV-2")
        .row(
            "external_id",
            "PAY-2",
            "account_external_id",
            "A-200",
            "currency",
            "EUR",
            "value_date",
            "2026-11-02",
            "amount",
            "300.00",
            "source_system",
            source);
  }

  static IntakeCsv creditMemos(String source) {
    return IntakeCsv.of(CREDIT_MEMOS)
        .row(
            "external_id",
            "CM-1",
            "number",
            "CM-1",
            "account_external_id",
            "A-200",
            "currency",
            "EUR",
            "issue_date",
            "2026-10-15",
            "amount",
            "100.00",
            "source_system",
            source,
            "reason",
            "Service credit");
  }

  static IntakeCsv applications(String source) {
    return IntakeCsv.of(APPLICATIONS)
        .row(
            "external_id",
            "AP-1",
            "invoice_external_id",
            "I-1",
            "payment_external_id",
            "PAY-1",
            "currency",
            "USD",
            "amount",
            "1000.00",
            "applied_on",
            "2026-10-21",
            "source_system",
            source)
        .row(
            "external_id",
            "AP-2",
            "invoice_external_id",
            "I-2",
            "payment_external_id",
            "PAY-1",
            "currency",
            "USD",
            "amount",
            "100.00",
            "applied_on",
            "2026-10-21",
            "source_system",
            source)
        .row(
            "external_id",
            "AP-3",
            "invoice_external_id",
            "I-3",
            "credit_memo_external_id",
            "CM-1",
            "currency",
            "EUR",
            "amount",
            "100.00",
            "applied_on",
            "2026-10-16",
            "source_system",
            source)
        .row(
            "external_id",
            "AP-4",
            "invoice_external_id",
            "I-3",
            "payment_external_id",
            "PAY-2",
            "currency",
            "EUR",
            "amount",
            "300.00",
            "applied_on",
            "2026-11-03",
            "source_system",
            source);
  }

  static List<IntakeCsv> portfolio(String source) {
    return List.of(
        accounts(source),
        contacts(source),
        invoices(source),
        payments(source),
        creditMemos(source),
        applications(source));
  }

  ImportReport load(IntakeCsv file) {
    return imports.importFile(
        file.kind(), Presets.named("recoup", file.kind()), file.fileName(), file.stream());
  }

  @Test
  void aNewPortfolioImportsThenReimportsUnchangedThenUpdatesWhatChanged() throws Exception {
    // Liam imports the ERP's files, accounts first.
    for (IntakeCsv file : portfolio(SOURCE)) {
      ImportReport r = load(file);
      assertThat(r.errors()).as(file.kind().slug()).isEmpty();
      assertThat(r.created()).as(file.kind().slug()).isEqualTo(file.size());
      assertThat(r.loadedRows()).isEqualTo(r.fileRows()).isEqualTo(file.size());
      assertThat(r.loadedTotals()).isEqualTo(r.fileTotals());
      assertThat(auditRowsOf(r.runId())).as("one audit row per run").isEqualTo(1);
    }

    // The hierarchy is resolved within the file, the partner too.
    assertThat(accountColumn("A-200", "parent_id")).isEqualTo(accountColumn("A-100", "id"));
    assertThat(accountColumn("E-1", "partner_id")).isEqualTo(accountColumn("P-1", "id"));
    assertThat(
            jdbc.sql(
                    "select payment_run_days from customer_account where external_id = 'A-200'"
                        + " and source_system = ?")
                .param(SOURCE)
                .query(String.class)
                .single())
        .isEqualTo("TUE,THU");

    // Recoup's ledger is the book of record: open = amount - applications; the ERP's view is kept.
    assertThat(invoice("I-1")).containsEntry("open_amount", "0.00").containsEntry("status", "PAID");
    assertThat(invoice("I-1"))
        .containsEntry("closed_on", "2026-10-21")
        .containsEntry("erp_status", "Paid In Full")
        .containsEntry("erp_open_amount", "0.00");
    assertThat(invoice("I-2"))
        .containsEntry("open_amount", "150.50")
        .containsEntry("status", "PARTIALLY_PAID");
    assertThat(invoice("I-3"))
        .containsEntry("open_amount", "400.00")
        .containsEntry("status", "PARTIALLY_PAID");
    assertThat(invoice("I-4")).containsEntry("open_amount", "1200.00");
    assertThat(
            jdbc.sql(
                    "select unapplied_amount from payment where source_system = ? and external_id = 'PAY-1'")
                .param(SOURCE)
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo("0");
    assertThat(
            jdbc.sql(
                    "select open_amount from credit_memo where source_system = ? and external_id = 'CM-1'")
                .param(SOURCE)
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo("0");
    // Lists read the balance summary: the new accounts are in it with what they owe.
    assertThat(
            jdbc.sql(
                    """
                    select b.open_total from account_balance b join customer_account a on a.id = b.account_id
                    where a.source_system = ? and a.external_id = 'A-100' and b.currency = 'USD'""")
                .param(SOURCE)
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo("150.50");
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from account_summary s join customer_account a on a.id = s.account_id
                    where a.source_system = ?""")
                .param(SOURCE)
                .query(Long.class)
                .single())
        .isEqualTo(4);

    // The integration sends the same files again through the API: nothing changes.
    IntakeHttp api = new IntakeHttp(port, "liam");
    for (IntakeCsv file : portfolio(SOURCE)) {
      IntakeHttp.Response response =
          api.upload(
              Map.of("kind", file.kind().slug(), "preset", "recoup"),
              file.fileName(),
              file.bytes());
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      var json = response.json();
      assertThat(json.get("created").asLong()).isZero();
      assertThat(json.get("updated").asLong()).isZero();
      assertThat(json.get("unchanged").asLong()).as(file.kind().slug()).isEqualTo(file.size());
      assertThat(json.get("rejected").asLong()).isZero();
      assertThat(json.get("fileRows").asLong()).isEqualTo(file.size());
    }

    // A changed invoices file: one due date and one amount; the rest stays as it was.
    IntakeCsv changed =
        invoices(SOURCE).with("I-2", "amount", "300.00").with("I-4", "due_date", "2026-11-30");
    ImportReport delta = load(changed);
    assertThat(delta.created()).isZero();
    assertThat(delta.updated()).isEqualTo(2);
    assertThat(delta.unchanged()).isEqualTo(2);
    assertThat(delta.fileTotals()).containsEntry("USD", new BigDecimal("1300.00"));
    assertThat(invoice("I-2"))
        .containsEntry("open_amount", "200.00")
        .containsEntry("status", "PARTIALLY_PAID");
    assertThat(invoice("I-4")).containsEntry("due_date", "2026-11-30");

    // A posted invoice keeps its currency (applications, disputes and promises are in it): the
    // row is refused with its reason, the other rows of the file still load.
    ImportReport recurrency = load(changed.with("I-4", "currency", "EUR"));
    assertThat(recurrency.errors())
        .extracting(RowError::field, RowError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "currency",
                "the invoice is in GBP in Recoup; a posted invoice's currency does not change"
                    + " (credit it and issue a new one)"));
    assertThat(recurrency.unchanged()).isEqualTo(3);
    assertThat(
            jdbc.sql("select currency from invoice where source_system = ? and external_id = 'I-4'")
                .param(SOURCE)
                .query(String.class)
                .single())
        .isEqualTo("GBP");

    // A changed accounts file renames one account.
    ImportReport renamed = load(accounts(SOURCE).with("A-200", "name", "Hooli Europe DAC"));
    assertThat(renamed.updated()).isEqualTo(1);
    assertThat(renamed.unchanged()).isEqualTo(3);

    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse(RecoupTest.TODAY));
  }

  @Test
  void anApplicationAboveWhatIsOpenIsRejectedWithItsRowNumber() {
    String source = "TEST-INTAKE-D";
    for (IntakeCsv file :
        List.of(accounts(source), invoices(source), payments(source), creditMemos(source))) {
      assertThat(load(file).rejected()).isZero();
    }
    IntakeCsv file =
        IntakeCsv.of(APPLICATIONS)
            .row(
                "external_id",
                "X-1",
                "invoice_external_id",
                "I-2",
                "payment_external_id",
                "PAY-1",
                "currency",
                "USD",
                "amount",
                "200.00",
                "applied_on",
                "2026-11-01",
                "source_system",
                source)
            // I-2 has 50.50 left after row 2: 60.00 is too much.
            .row(
                "external_id",
                "X-2",
                "invoice_external_id",
                "I-2",
                "payment_external_id",
                "PAY-1",
                "currency",
                "USD",
                "amount",
                "60.00",
                "applied_on",
                "2026-11-01",
                "source_system",
                source)
            // More than the whole open amount of I-4.
            .row(
                "external_id",
                "X-3",
                "invoice_external_id",
                "I-4",
                "payment_external_id",
                "PAY-1",
                "currency",
                "GBP",
                "amount",
                "5000.00",
                "applied_on",
                "2026-11-01",
                "source_system",
                source)
            // The invoice is in EUR.
            .row(
                "external_id",
                "X-4",
                "invoice_external_id",
                "I-3",
                "payment_external_id",
                "PAY-1",
                "currency",
                "USD",
                "amount",
                "10.00",
                "applied_on",
                "2026-11-01",
                "source_system",
                source)
            // PAY-2 holds 300.00: 350.00 is more than its unapplied cash.
            .row(
                "external_id",
                "X-5",
                "invoice_external_id",
                "I-3",
                "payment_external_id",
                "PAY-2",
                "currency",
                "EUR",
                "amount",
                "350.00",
                "applied_on",
                "2026-11-03",
                "source_system",
                source)
            .row(
                "external_id",
                "X-6",
                "invoice_external_id",
                "NO-SUCH",
                "payment_external_id",
                "PAY-1",
                "currency",
                "USD",
                "amount",
                "1.00",
                "applied_on",
                "2026-11-01",
                "source_system",
                source);
    ImportReport r = load(file);
    assertThat(r.created()).isEqualTo(1);
    assertThat(r.rejected()).isEqualTo(5);
    assertThat(r.errors())
        .extracting(RowError::row, RowError::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, "amount"),
            org.assertj.core.groups.Tuple.tuple(4L, "currency"),
            org.assertj.core.groups.Tuple.tuple(5L, "currency"),
            org.assertj.core.groups.Tuple.tuple(6L, "amount"),
            org.assertj.core.groups.Tuple.tuple(7L, "invoice_external_id"));
    assertThat(r.errors().get(0).message())
        .isEqualTo("60.00 is more than the invoice's open amount 50.50 (after the rows above it)");
    assertThat(r.errors().get(3).message())
        .isEqualTo("350.00 is more than the payment's unapplied cash 300.00");
    assertThat(r.fileTotals()).containsEntry("USD", new BigDecimal("271.00"));
    assertThat(r.loadedTotals()).containsEntry("USD", new BigDecimal("200.00"));

    // An application imported before cannot change: it is reversed in the ERP.
    ImportReport again = load(file.with("X-1", "amount", "150.00"));
    assertThat(again.errors())
        .extracting(RowError::row, RowError::field, RowError::message)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                2L, "external_id", "applications cannot change; reverse it in the ERP"));
    assertThat(again.created()).isZero();

    // Quarantine lists the rejected rows as the file had them, with row, field and reason.
    StringWriter csv = new StringWriter();
    imports.writeQuarantine(r.runId(), csv);
    List<String> lines = csv.toString().lines().toList();
    assertThat(lines.get(0)).endsWith(",row,field,reason").startsWith("external_id,");
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1)).startsWith("X-2,").contains(",3,amount,");
  }

  @Test
  void rowsNamingUnknownRecordsAreRejectedAndGoodRowsStillLoad() {
    String source = "TEST-INTAKE-R";
    assertThat(load(accounts(source)).rejected()).isZero();
    IntakeCsv file =
        IntakeCsv.of(INVOICES)
            .row(
                "external_id",
                "R-1",
                "number",
                "R-1",
                "account_external_id",
                "A-100",
                "currency",
                "USD",
                "issue_date",
                "2026-10-01",
                "due_date",
                "2026-10-31",
                "amount",
                "10.00",
                "source_system",
                source)
            .row(
                "external_id",
                "R-2",
                "number",
                "R-2",
                "account_external_id",
                "NOBODY",
                "currency",
                "USD",
                "issue_date",
                "2026-10-01",
                "due_date",
                "2026-10-31",
                "amount",
                "20.00",
                "source_system",
                source)
            .row(
                "external_id",
                "R-3",
                "number",
                "R-3",
                "account_external_id",
                "A-100",
                "entity",
                "ATLANTIS",
                "currency",
                "USD",
                "issue_date",
                "2026-10-01",
                "due_date",
                "2026-10-31",
                "amount",
                "30.00",
                "source_system",
                source)
            .row(
                "external_id",
                "R-1",
                "number",
                "R-1 again",
                "account_external_id",
                "A-100",
                "currency",
                "USD",
                "issue_date",
                "2026-10-01",
                "due_date",
                "2026-10-31",
                "amount",
                "40.00",
                "source_system",
                source)
            .row(
                "external_id",
                "R-5",
                "number",
                "R-5",
                "account_external_id",
                "A-100",
                "currency",
                "USD",
                "issue_date",
                "2026-10-01",
                "due_date",
                "2026-10-31",
                "amount",
                "-5.00",
                "source_system",
                source);
    ImportReport r = load(file);
    assertThat(r.created()).isEqualTo(1);
    assertThat(r.errors())
        .extracting(RowError::row, RowError::field, RowError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                3L, "account_external_id", "no account NOBODY in " + source),
            org.assertj.core.groups.Tuple.tuple(4L, "entity", "no legal entity ATLANTIS"),
            org.assertj.core.groups.Tuple.tuple(5L, "external_id", "duplicate of row 2"),
            org.assertj.core.groups.Tuple.tuple(
                6L, "amount", "'-5.00' is negative; it must be positive"));
    assertThat(r.fileRows()).isEqualTo(5);
    assertThat(r.fileTotals()).containsEntry("USD", new BigDecimal("100.00"));
    assertThat(r.loadedRows()).isEqualTo(1);
    assertThat(r.loadedTotals()).containsEntry("USD", new BigDecimal("10.00"));

    // An amount lowered below what is already applied is refused.
    assertThat(load(payments(source)).rejected()).isZero();
    IntakeCsv applied =
        IntakeCsv.of(APPLICATIONS)
            .row(
                "external_id",
                "RA-1",
                "invoice_external_id",
                "R-1",
                "payment_external_id",
                "PAY-1",
                "currency",
                "USD",
                "amount",
                "8.00",
                "applied_on",
                "2026-11-01",
                "source_system",
                source);
    assertThat(load(applied).created()).isEqualTo(1);
    ImportReport lowered =
        load(
            IntakeCsv.of(INVOICES)
                .row(
                    "external_id",
                    "R-1",
                    "number",
                    "R-1",
                    "account_external_id",
                    "A-100",
                    "currency",
                    "USD",
                    "issue_date",
                    "2026-10-01",
                    "due_date",
                    "2026-10-31",
                    "amount",
                    "5.00",
                    "source_system",
                    source));
    assertThat(lowered.errors())
        .extracting(RowError::field, RowError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "amount", "lower than the 8.00 already applied to the invoice"));
  }

  @Test
  void accountsNamingAnUnknownOwnerParentOrEntityAreRejectedAndTheirChildrenToo() {
    String source = "TEST-INTAKE-O";
    IntakeCsv file =
        IntakeCsv.of(ACCOUNTS)
            .row(
                "external_id",
                "O-1",
                "name",
                "Owned by nobody",
                "entity",
                "US",
                "currency",
                "USD",
                "owner",
                "nobody",
                "source_system",
                source)
            .row(
                "external_id",
                "O-2",
                "name",
                "Orphan",
                "entity",
                "US",
                "currency",
                "USD",
                "parent_external_id",
                "O-404",
                "source_system",
                source)
            // Its parent O-2 is refused, so it has no parent to point at either.
            .row(
                "external_id",
                "O-3",
                "name",
                "Grandchild",
                "entity",
                "US",
                "currency",
                "USD",
                "parent_external_id",
                "O-2",
                "source_system",
                source)
            .row(
                "external_id",
                "O-4",
                "name",
                "Nowhere",
                "entity",
                "ATLANTIS",
                "currency",
                "USD",
                "source_system",
                source)
            .row(
                "external_id",
                "O-5",
                "name",
                "Fine",
                "entity",
                "IE",
                "currency",
                "EUR",
                "source_system",
                source);
    ImportReport r = load(file);
    assertThat(r.created()).isEqualTo(1);
    assertThat(r.errors())
        .extracting(RowError::row, RowError::field, RowError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "owner", "no collector or lead nobody"),
            org.assertj.core.groups.Tuple.tuple(
                3L, "parent_external_id", "no account O-404 in " + source),
            org.assertj.core.groups.Tuple.tuple(
                4L, "parent_external_id", "no account O-2 in " + source),
            org.assertj.core.groups.Tuple.tuple(5L, "entity", "no legal entity ATLANTIS"));
    // Without a region of its own, the account is in its entity's.
    assertThat(
            jdbc.sql(
                    """
                    select e.code || ' ' || a.region from customer_account a
                    join legal_entity e on e.id = a.entity_id
                    where a.source_system = ? and a.external_id = 'O-5'""")
                .param(source)
                .query(String.class)
                .single())
        .isEqualTo("IE EMEA");
  }

  private long auditRowsOf(long runId) {
    return jdbc.sql(
            "select count(*) from audit_event where action = 'import.completed' and subject_id = ?")
        .param(String.valueOf(runId))
        .query(Long.class)
        .single();
  }

  private Long accountColumn(String externalId, String column) {
    return jdbc.sql(
            "select "
                + column
                + " from customer_account where source_system = ? and external_id = ?")
        .params(SOURCE, externalId)
        .query(Long.class)
        .single();
  }

  private Map<String, String> invoice(String externalId) {
    return jdbc.sql(
            """
            select cast(open_amount as numeric(19,2))::text as open_amount, status,
                   cast(closed_on as text) as closed_on, erp_status,
                   cast(erp_open_amount as numeric(19,2))::text as erp_open_amount,
                   cast(due_date as text) as due_date
            from invoice where source_system = ? and external_id = ?""")
        .params(SOURCE, externalId)
        .query(
            (rs, n) -> {
              Map<String, String> m = new java.util.HashMap<>();
              for (String c :
                  List.of(
                      "open_amount",
                      "status",
                      "closed_on",
                      "erp_status",
                      "erp_open_amount",
                      "due_date")) {
                m.put(c, rs.getString(c));
              }
              return m;
            })
        .single();
  }
}
