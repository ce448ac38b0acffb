package dev.recoup.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Erik, a collector, downloads a customer's statement from its Account 360 as of a date he picks,
 * as a PDF and as an Excel workbook, and finds the list downloads on the accounts list.
 */
@RecoupTest
class StatementBrowserTests {

  static Browser browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    browser = new Browser();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @Test
  void aCollectorDownloadsAStatementAsPdfAndExcelFromAccount360() throws Exception {
    long account =
        jdbc.sql(
                """
                select min(a.id) from customer_account a join app_user u on u.id = a.owner_id
                where u.username = 'erik' and a.channel = 'DIRECT'
                  and exists (select 1 from invoice i where i.account_id = a.id and i.open_amount > 0)""")
            .query(Long.class)
            .single();
    String oneOpenInvoice =
        jdbc.sql(
                "select min(number) from invoice where account_id = ? and open_amount > 0"
                    + " and issue_date <= date '2026-10-31'")
            .param(account)
            .query(String.class)
            .single();
    Page page = browser.newPage();
    page.navigate("http://localhost:" + port + "/login");
    page.fill("input[name=username]", "erik");
    page.fill("input[name=password]", RecoupTest.DEMO_PASSWORD);
    page.click("button[type=submit]");

    // The accounts list offers every list as CSV and Excel.
    page.click("nav >> text=Accounts");
    assertThat(page.locator("#export-accounts-xlsx")).isVisible();
    assertThat(page.locator("#list-exports")).containsText("Open items");
    assertThat(page.locator("#export-aging-xlsx")).isVisible();
    assertThat(page.locator("#export-unapplied-cash-csv")).isVisible();
    Browser.screenshotViewport(page, "exports-01-accounts-downloads");

    page.navigate("http://localhost:" + port + "/accounts/" + account);
    assertThat(page.locator("#statement")).isVisible();
    assertThat(page.locator("#statement-pdf")).hasText("PDF");
    assertThat(page.locator("#statement-xlsx")).hasText("Excel");
    assertThat(page.locator("#statement input[name=asOf]")).hasValue(RecoupTest.TODAY);
    page.fill("#statement input[name=asOf]", "2026-10-31");
    Browser.screenshotViewport(page, "exports-02-account-360-statement");

    Download pdf = page.waitForDownload(() -> page.click("#statement-pdf"));
    assertThat(pdf.suggestedFilename()).endsWith("-2026-10-31.pdf").startsWith("statement-");
    byte[] pdfBytes = Files.readAllBytes(pdf.path());
    try (PDDocument doc = Loader.loadPDF(pdfBytes)) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Statement of account", "Oct 31, 2026", oneOpenInvoice);
    }

    Download xlsx = page.waitForDownload(() -> page.click("#statement-xlsx"));
    assertThat(xlsx.suggestedFilename()).endsWith("-2026-10-31.xlsx");
    try (ReadableWorkbook wb =
        new ReadableWorkbook(new ByteArrayInputStream(Files.readAllBytes(xlsx.path())))) {
      try (var rows = wb.getFirstSheet().openStream()) {
        assertThat(rows.map(r -> r.getCellCount() > 0 ? r.getCellText(0) : ""))
            .contains("Statement of account", oneOpenInvoice, "Balance due");
      }
    }
    // Still on Account 360: a download does not leave the page.
    assertThat(page.locator("#account-name")).isVisible();
  }
}
