package dev.recoup.intake;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.SelectOption;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Lena, a lead, brings the customers and invoices of the ERP "TEST-PAGES" in through the imports
 * page: she uploads each file, checks the columns on the preview, saves her mapping, watches the
 * import run and reads its report. Importing the same file again changes nothing; a file with a bad
 * row loads the good ones and gives her the bad row to fix. Then she reconciles the ERP's open
 * items with Recoup's ledger and finds what differs.
 */
@RecoupTest
class ImportsBrowserTests {

  static final String SOURCE = "TEST-PAGES";
  static final LocatorAssertions.IsVisibleOptions UNTIL_DONE =
      new LocatorAssertions.IsVisibleOptions().setTimeout(60_000);

  static Browser browser;
  static Path files;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void start() throws IOException {
    browser = new Browser();
    files = Files.createDirectories(Path.of("target", "intake-browser"));
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void leadImportsThroughThePageReimportsUnchangedFixesABadRowAndReconciles() throws IOException {
    String invoiceRows =
        """
        external_id,number,account_external_id,currency,issue_date,due_date,amount
        TP-INV-1,TP-1001,TP-1,USD,2026-10-01,2026-10-31,1200.00
        TP-INV-2,TP-1002,TP-1,USD,2026-10-15,2026-11-14,3400.50
        TP-INV-3,TP-1003,TP-2,GBP,2026-10-20,2026-11-19,980.00
        """;
    Path invoices = file("pages-invoices.csv", invoiceRows);
    Path withBadRow =
        file(
            "pages-invoices-fixed-later.csv",
            invoiceRows + "TP-INV-4,TP-1004,TP-2,GBP,2026-10-21,2026-11-20,-50.00\n");

    Path accounts =
        file(
            "pages-accounts.csv",
            """
            external_id,name,entity,currency
            TP-1,Pages Alpha Corp,US,USD
            TP-2,Pages Beta Ltd,UK,GBP
            """);
    Page lena = signIn("lena");
    lena.navigate(url("/imports"));
    assertThat(lena.locator("h1")).hasText("Imports");

    // Her customers first: the Recoup preset, the source system named on the mapping step.
    upload(lena, "accounts", "preset:recoup", accounts);
    assertThat(lena.locator("#preview-table")).containsText("Pages Beta Ltd");
    lena.fill("#sourceSystem", SOURCE);
    lena.click("#run-import");
    assertThat(lena.locator("#report-counts")).isVisible(UNTIL_DONE);
    assertThat(lena.locator("#count-created")).hasText("2");

    // Her invoices: Recoup guesses the columns from the header; she saves the mapping.
    lena.click("text=All imports");
    upload(lena, "invoices", "guess", invoices);
    assertThat(lena.locator("#preview-table")).containsText("TP-1003");
    assertThat(lena.locator("select[name='col.account_external_id']"))
        .hasValue("account_external_id");
    assertThat(lena.locator("select[name='col.open_amount']")).hasValue("");
    lena.fill("#sourceSystem", SOURCE);
    lena.fill("#saveAs", "Pages test invoices");
    Browser.screenshot(lena, "70-import-mapping");
    lena.click("#run-import");
    assertThat(lena.locator(".alert.ok")).containsText("Mapping \"Pages test invoices\" saved");
    assertThat(lena.locator("#report-counts")).isVisible(UNTIL_DONE);
    assertThat(lena.locator("#count-created")).hasText("3");
    assertThat(lena.locator("#count-rejected")).hasText("0");
    assertThat(lena.locator("#total-USD")).containsText("4,600.50 USD");
    assertThat(lena.locator("#total-GBP")).containsText("980.00 GBP");
    Browser.screenshot(lena, "71-import-report");
    assertThat(openAmount("TP-INV-2")).isEqualTo("3400.5000");

    // The same file again, with her saved mapping: nothing changes.
    lena.navigate(url("/imports"));
    upload(lena, "invoices", null, invoices);
    assertThat(lena.locator("#sourceSystem")).hasValue(SOURCE);
    lena.click("#run-import");
    assertThat(lena.locator("#report-counts")).isVisible(UNTIL_DONE);
    assertThat(lena.locator("#count-created")).hasText("0");
    assertThat(lena.locator("#count-updated")).hasText("0");
    assertThat(lena.locator("#count-unchanged")).hasText("3");
    assertThat(lena.locator("#rejected-rows h2")).hasText("No rejected rows");

    // A file with a bad row: the good rows load, the bad one is shown and downloadable.
    lena.navigate(url("/imports"));
    upload(lena, "invoices", null, withBadRow);
    lena.click("#run-import");
    assertThat(lena.locator("#report-counts")).isVisible(UNTIL_DONE);
    assertThat(lena.locator("#count-unchanged")).hasText("3");
    assertThat(lena.locator("#count-rejected")).hasText("1");
    Locator badRow = lena.locator("#rejected-table tbody tr");
    assertThat(badRow).hasCount(1);
    assertThat(badRow.locator("td").nth(0)).hasText("5");
    assertThat(badRow.locator("td").nth(1)).hasText("amount");
    Browser.screenshot(lena, "72-import-rejected-row");
    Download download = lena.waitForDownload(() -> lena.click("#download-rejected"));
    String rejected = Files.readString(download.path(), StandardCharsets.UTF_8);
    assertThat(rejected).contains("TP-INV-4").contains("-50.00");
    assertThat(rejected.lines().findFirst().orElse(""))
        .contains("external_id")
        .contains("row")
        .contains("field")
        .contains("reason");
    assertThat(rejected.lines().count()).isEqualTo(2);

    // The list of imports, newest first, with the counts.
    lena.navigate(url("/imports"));
    assertThat(lena.locator("#import-runs tbody tr").first())
        .containsText("pages-invoices-fixed-later.csv");
    assertThat(lena.locator("#saved-mappings")).containsText("Pages test invoices");
    Browser.screenshot(lena, "73-imports");

    // The ERP's open items: one agrees, one has another open amount, one is missing on each side.
    Path openItems =
        file(
            "pages-erp-open-items.csv",
            "Internal ID,Document Number,Type,Date,Due Date,Customer,Subsidiary,Currency,Amount,"
                + "Amount Remaining,Status\n"
                + "TP-INV-1,TP-1001,Invoice,10/1/2026,10/31/2026,TP-1,US,USD,\"1,200.00\","
                + "\"1,200.00\",Open\n"
                + "TP-INV-2,TP-1002,Invoice,10/15/2026,11/14/2026,TP-1,US,USD,\"3,400.50\","
                + "400.50,Open\n"
                + "TP-INV-9,TP-1009,Invoice,10/25/2026,11/24/2026,TP-2,UK,GBP,75.00,75.00,Open\n");
    lena.click("#to-reconciliation");
    assertThat(lena.locator("h1")).hasText("ERP reconciliation");
    lena.selectOption("#reconcile-mapping", "preset:netsuite");
    lena.fill("#reconcile-source", SOURCE);
    lena.setInputFiles("#reconcile-file", openItems);
    lena.click("#reconcile-form button[type=submit]");
    assertThat(lena.locator(".alert.ok")).hasText("3 differences found.");
    assertThat(lena.locator("#count-agreeing")).hasText("1");
    assertThat(lena.locator("#count-missing-in-recoup")).hasText("1");
    assertThat(lena.locator("#count-missing-in-erp")).hasText("1");
    assertThat(lena.locator("#total-USD")).containsText("1,600.50 USD");
    assertThat(lena.locator("#total-USD")).containsText("4,600.50 USD");
    assertThat(lena.locator("#total-USD")).containsText("-3,000.00 USD");
    assertThat(lena.locator("#total-GBP")).containsText("75.00 GBP");
    assertThat(lena.locator("#total-GBP")).containsText("980.00 GBP");
    assertThat(lena.locator("#total-GBP")).containsText("-905.00 GBP");
    assertThat(lena.locator("#differences-table tbody tr")).hasCount(3);
    Browser.screenshot(lena, "74-reconciliation");

    lena.click("#kind-missing-in-erp");
    assertThat(lena.locator("#differences-table tbody tr")).hasCount(1);
    assertThat(lena.locator("#differences-table tbody tr")).containsText("TP-1003");
    assertThat(lena.locator("#differences-table tbody tr")).containsText("Pages Beta Ltd");
    Download csv = lena.waitForDownload(() -> lena.click("#differences-csv"));
    String differences = Files.readString(csv.path(), StandardCharsets.UTF_8);
    assertThat(differences.lines().count()).isEqualTo(2);
    assertThat(differences).contains("missing-in-erp,TP-INV-3,TP-1003,Pages Beta Ltd,TP-2");
    Browser.screenshot(lena, "75-reconciliation-missing-in-erp");

    lena.navigate(url("/reconciliation"));
    assertThat(lena.locator("#reconciliation-runs tbody tr").first())
        .containsText("pages-erp-open-items.csv");
    Browser.screenshot(lena, "76-reconciliations");
  }

  @Test
  void otherFilesAreRefusedWithAReason() throws IOException {
    Page lena = signIn("lena");
    lena.navigate(url("/imports"));
    upload(lena, "invoices", "preset:netsuite", file("statement.pdf", "%PDF-1.4 not a list"));
    assertThat(lena.locator("#upload-error"))
        .containsText("statement.pdf is not a CSV, text or Excel (.xlsx) file");
    assertThat(lena).hasURL(url("/imports"));
  }

  private void upload(Page page, String kind, String mapping, Path file) {
    page.selectOption("#upload-kind", kind);
    if (mapping != null) {
      page.selectOption("#upload-mapping", mapping);
    } else {
      page.selectOption("#upload-mapping", new SelectOption().setLabel("Pages test invoices"));
    }
    page.setInputFiles("#upload-file", file);
    page.click("#upload-form button[type=submit]");
  }

  private String openAmount(String externalId) {
    return jdbc.sql(
            "select open_amount::text from invoice where source_system = ? and external_id = ?")
        .params(SOURCE, externalId)
        .query(String.class)
        .single();
  }

  private static Path file(String name, String content) throws IOException {
    return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
  }

  private Page signIn(String username) {
    Page page = browser.newPage();
    page.navigate(url("/login"));
    page.fill("input[name=username]", username);
    page.fill("input[name=password]", RecoupTest.DEMO_PASSWORD);
    page.click("button[type=submit]");
    return page;
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
