package dev.recoup.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.LedgerInvariants;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * The ERP "TEST-RECON" sent Recoup two customers and five invoices. Later Lena uploads the ERP's
 * open items (a NetSuite saved search): it agrees on two invoices, has another open amount on one,
 * lists one Recoup never got and leaves out one Recoup has open. The reconciliation lists each
 * difference and the open totals per currency, to the cent; a messier file shows its rejected rows
 * and differences of status. Nothing in Recoup's ledger changes.
 */
@RecoupTest
class ReconciliationScenarioTests {

  static final String SOURCE = "TEST-RECON";
  static final String HEADER =
      "Internal ID,Document Number,Type,Date,Due Date,Customer,Subsidiary,Currency,Amount,"
          + "Amount Remaining,Status\n";

  @Autowired Imports imports;
  @Autowired Reconciliations reconciliations;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired Aging aging;
  @Autowired AuditTrail audit;

  @BeforeEach
  void theErpSentItsCustomersAndInvoices() {
    SignedIn.as(access, "lena");
    if (jdbc.sql("select count(*) from invoice where source_system = ?")
            .param(SOURCE)
            .query(Long.class)
            .single()
        > 0) {
      return;
    }
    ImportReport accounts =
        importFile(
            ImportKind.ACCOUNTS,
            """
            external_id,name,entity,currency
            RA-1,Harbor Freight Labs,US,USD
            RA-2,Kilkenny Analytics,IE,EUR
            """);
    assertThat(accounts.created()).isEqualTo(2);
    ImportReport invoices =
        importFile(
            ImportKind.INVOICES,
            """
            external_id,number,account_external_id,currency,issue_date,due_date,amount
            R-1001,INV-R-1001,RA-1,USD,2026-10-01,2026-10-31,1000.00
            R-1002,INV-R-1002,RA-1,USD,2026-10-05,2026-11-04,2500.00
            R-1003,INV-R-1003,RA-2,EUR,2026-10-07,2026-11-06,800.00
            R-1004,INV-R-1004,RA-2,EUR,2026-10-08,2026-11-07,1200.00
            """);
    assertThat(invoices.created()).isEqualTo(4);
    assertThat(invoices.rejected()).isZero();
  }

  @AfterEach
  void signOut() {
    SignedIn.out();
  }

  @Test
  void eachDifferenceAndTheTotalsPerCurrencyToTheCent() {
    long invoicesBefore = invoiceRows();
    ReconciliationRun run =
        reconcile(
            HEADER
                + "R-1001,INV-R-1001,Invoice,10/1/2026,10/31/2026,RA-1,US,USD,\"1,000.00\","
                + "\"1,000.00\",Open\n"
                + "R-1002,INV-R-1002,Invoice,10/5/2026,11/4/2026,RA-1,US,USD,\"2,500.00\","
                + "\"1,500.00\",Open\n"
                + "R-1003,INV-R-1003,Invoice,10/7/2026,11/6/2026,RA-2,IE,EUR,800.00,800.00,Open\n"
                + "R-1006,INV-R-1006,Invoice,10/9/2026,11/8/2026,RA-2,IE,EUR,450.00,450.00,Open\n");

    assertThat(run.fileRows()).isEqualTo(4);
    assertThat(run.comparedRows()).isEqualTo(4);
    assertThat(run.rejectedRows()).isZero();
    assertThat(run.agreeing()).isEqualTo(2);
    assertThat(run.missingInRecoup()).isEqualTo(1);
    assertThat(run.missingInErp()).isEqualTo(1);
    assertThat(run.differentOpenAmount()).isEqualTo(1);
    assertThat(run.differentStatus()).isZero();

    Map<DifferenceKind, ReconciliationDifference> byKind =
        reconciliations.differences(run.id(), null, 100).stream()
            .collect(Collectors.toMap(ReconciliationDifference::kind, Function.identity()));
    assertThat(byKind).hasSize(3);

    ReconciliationDifference notInRecoup = byKind.get(DifferenceKind.MISSING_IN_RECOUP);
    assertThat(notInRecoup.externalId()).isEqualTo("R-1006");
    assertThat(notInRecoup.number()).isEqualTo("INV-R-1006");
    assertThat(notInRecoup.fileRow()).isEqualTo(5);
    assertThat(notInRecoup.accountExternalId()).isEqualTo("RA-2");
    assertThat(notInRecoup.erpOpen()).isEqualTo(Money.of("450.00", "EUR"));
    assertThat(notInRecoup.recoupOpen()).isNull();
    assertThat(notInRecoup.invoiceId()).isNull();

    ReconciliationDifference notInErp = byKind.get(DifferenceKind.MISSING_IN_ERP);
    assertThat(notInErp.externalId()).isEqualTo("R-1004");
    assertThat(notInErp.accountName()).isEqualTo("Kilkenny Analytics");
    assertThat(notInErp.erpOpen()).isNull();
    assertThat(notInErp.recoupOpen()).isEqualTo(Money.of("1200.00", "EUR"));
    assertThat(notInErp.recoupStatus()).isEqualTo("OPEN");
    assertThat(notInErp.difference()).isEqualTo(Money.of("-1200.00", "EUR"));

    ReconciliationDifference amount = byKind.get(DifferenceKind.DIFFERENT_OPEN_AMOUNT);
    assertThat(amount.externalId()).isEqualTo("R-1002");
    assertThat(amount.fileRow()).isEqualTo(3);
    assertThat(amount.erpOpen()).isEqualTo(Money.of("1500.00", "USD"));
    assertThat(amount.recoupOpen()).isEqualTo(Money.of("2500.00", "USD"));
    assertThat(amount.difference()).isEqualTo(Money.of("-1000.00", "USD"));

    Map<String, ReconciliationTotal> totals = totals(run);
    assertThat(totals).containsOnlyKeys("EUR", "USD");
    ReconciliationTotal usd = totals.get("USD");
    assertThat(usd.erpItems()).isEqualTo(2);
    assertThat(usd.erpOpen()).isEqualTo(Money.of("2500.00", "USD"));
    assertThat(usd.recoupItems()).isEqualTo(2);
    assertThat(usd.recoupOpen()).isEqualTo(Money.of("3500.00", "USD"));
    assertThat(usd.difference()).isEqualTo(Money.of("-1000.00", "USD"));
    assertThat(usd.explained()).isEqualTo(Money.of("-1000.00", "USD"));
    assertThat(usd.unexplained().isZero()).isTrue();
    ReconciliationTotal eur = totals.get("EUR");
    assertThat(eur.erpItems()).isEqualTo(2);
    assertThat(eur.erpOpen()).isEqualTo(Money.of("1250.00", "EUR"));
    assertThat(eur.recoupItems()).isEqualTo(2);
    assertThat(eur.recoupOpen()).isEqualTo(Money.of("2000.00", "EUR"));
    assertThat(eur.difference()).isEqualTo(Money.of("-750.00", "EUR"));
    assertThat(eur.explained()).isEqualTo(Money.of("-750.00", "EUR"));

    // Filtered by kind; kept for later; audited; the ledger is untouched.
    assertThat(reconciliations.differences(run.id(), DifferenceKind.MISSING_IN_ERP, 100))
        .extracting(ReconciliationDifference::externalId)
        .containsExactly("R-1004");
    assertThat(reconciliations.recent(10)).extracting(ReconciliationRun::id).contains(run.id());
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_event where action = 'reconciliation.run'"
                        + " and subject_id = ?")
                .param(String.valueOf(run.id()))
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(invoiceRows()).isEqualTo(invoicesBefore);
    assertThat(openOf("R-1002")).isEqualByComparingTo("2500.00");
    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse(RecoupTest.TODAY));
  }

  @Test
  void rowsTheFileCannotGiveAreListedAndStatusesAreCompared() {
    ReconciliationRun run =
        reconcile(
            HEADER
                + "R-1001,INV-R-1001,Invoice,10/1/2026,10/31/2026,RA-1,US,USD,1000.00,1000.00,Open\n"
                + "R-1001,INV-R-1001,Invoice,10/1/2026,10/31/2026,RA-1,US,USD,1000.00,1000.00,Open\n"
                + "R-1003,INV-R-1003,Invoice,10/7/2026,11/6/2026,RA-2,IE,EUR,800.00,lots,Open\n"
                + "R-1004,INV-R-1004,Invoice,10/8/2026,11/7/2026,RA-2,IE,EUR,1200.00,0.00,"
                + "Paid In Full\n"
                + "R-1002,INV-R-1002,Invoice,10/5/2026,11/4/2026,RA-1,US,USD,2500.00,2500.00,"
                + "Frozen\n");

    assertThat(run.fileRows()).isEqualTo(5);
    assertThat(run.comparedRows()).isEqualTo(2);
    assertThat(run.rejectedRows()).isEqualTo(3);
    List<RowError> rejected = reconciliations.rejectedRows(run.id(), 100);
    assertThat(rejected)
        .extracting(RowError::row, RowError::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, "external_id"),
            org.assertj.core.groups.Tuple.tuple(4L, "open_amount"),
            org.assertj.core.groups.Tuple.tuple(6L, "status"));
    assertThat(rejected.get(0).message()).isEqualTo("duplicate of row 2");
    assertThat(rejected.get(2).message()).contains("'Frozen'");

    // R-1002 and R-1003 were in the file, unreadable: not reported missing in the ERP.
    assertThat(reconciliations.differences(run.id(), DifferenceKind.MISSING_IN_ERP, 100)).isEmpty();
    List<ReconciliationDifference> r1004 =
        reconciliations.differences(run.id(), null, 100).stream()
            .filter(d -> d.externalId().equals("R-1004"))
            .toList();
    assertThat(r1004)
        .extracting(ReconciliationDifference::kind)
        .containsExactly(DifferenceKind.DIFFERENT_OPEN_AMOUNT, DifferenceKind.DIFFERENT_STATUS);
    assertThat(r1004.get(1).erpStatus()).isEqualTo("Paid In Full");
    assertThat(r1004.get(1).recoupStatus()).isEqualTo("OPEN");
    assertThat(run.agreeing()).isEqualTo(1);

    Map<String, ReconciliationTotal> totals = totals(run);
    assertThat(totals.get("USD").erpOpen()).isEqualTo(Money.of("1000.00", "USD"));
    assertThat(totals.get("USD").unexplained()).isEqualTo(Money.of("-2500.00", "USD"));
    assertThat(totals.get("EUR").erpOpen()).isEqualTo(Money.of("0.00", "EUR"));
    assertThat(totals.get("EUR").explained()).isEqualTo(Money.of("-1200.00", "EUR"));
    assertThat(totals.get("EUR").unexplained()).isEqualTo(Money.of("-800.00", "EUR"));
  }

  @Test
  void aFileWithoutOpenAmountsIsRefusedAndAnAuditorMayNotReconcile() {
    ColumnMapping withoutOpen =
        new ColumnMapping(
            "amounts only",
            ImportKind.INVOICES,
            SOURCE,
            Map.of(
                "external_id", "Internal ID",
                "number", "Document Number",
                "account_external_id", "Customer",
                "currency", "Currency",
                "issue_date", "Date",
                "due_date", "Due Date",
                "amount", "Amount"),
            Map.of(),
            DateOrder.MDY,
            '.');
    assertThatThrownBy(
            () ->
                reconciliations.reconcile(
                    withoutOpen, SOURCE, "open.csv", stream(HEADER + "R-1001,x\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("mapping: amounts only does not map open_amount");
    SignedIn.as(access, "audrey");
    assertThatThrownBy(
            () ->
                reconciliations.reconcile(
                    Presets.named("netsuite", ImportKind.INVOICES),
                    SOURCE,
                    "open.csv",
                    stream(HEADER)))
        .isInstanceOf(AccessDeniedException.class);
  }

  private ReconciliationRun reconcile(String csv) {
    return reconciliations.reconcile(
        Presets.named("netsuite", ImportKind.INVOICES), SOURCE, "open-items.csv", stream(csv));
  }

  private Map<String, ReconciliationTotal> totals(ReconciliationRun run) {
    return reconciliations.totals(run.id()).stream()
        .collect(Collectors.toMap(ReconciliationTotal::currency, Function.identity()));
  }

  private ImportReport importFile(ImportKind kind, String csv) {
    ColumnMapping recoup = Presets.named("recoup", kind);
    ColumnMapping mapping =
        new ColumnMapping(
            "recoup",
            kind,
            SOURCE,
            recoup.columns(),
            recoup.constants(),
            recoup.dateOrder(),
            recoup.decimalSeparator());
    return imports.importFile(kind, mapping, kind.slug() + ".csv", stream(csv));
  }

  private long invoiceRows() {
    return jdbc.sql("select count(*) from invoice").query(Long.class).single();
  }

  private java.math.BigDecimal openOf(String externalId) {
    return jdbc.sql("select open_amount from invoice where source_system = ? and external_id = ?")
        .params(SOURCE, externalId)
        .query(java.math.BigDecimal.class)
        .single();
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
