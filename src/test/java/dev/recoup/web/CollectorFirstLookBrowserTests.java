package dev.recoup.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A demo collector's first look at Recoup in Chromium: sign in, see the portfolio's aging chart,
 * find accounts, open an Account 360.
 */
@RecoupTest
class CollectorFirstLookBrowserTests {

  static Browser browser;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() {
    browser = new Browser();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  private Page signIn(String username, String password) {
    Page page = browser.newPage();
    page.navigate("http://localhost:" + port + "/");
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login$"));
    page.fill("input[name=username]", username);
    page.fill("input[name=password]", password);
    page.click("button[type=submit]");
    return page;
  }

  @Test
  void collectorSeesAgingChartAccountsListAndAccount360() {
    Page page = signIn("carlos", RecoupTest.DEMO_PASSWORD);

    // Home: the portfolio's aging in the reporting currency, as a chart and a table.
    assertThat(page.locator("h1")).hasText("Portfolio");
    assertThat(page.locator(".who .user")).hasText("carlos");
    assertThat(page.locator("#aging-table tfoot th").first()).containsText("USD");
    assertThat(page.locator("#total-ar")).containsText("USD");
    page.waitForFunction("() => window.Chart && Chart.getChart('aging-chart') !== undefined");
    Object bars = page.evaluate("() => Chart.getChart('aging-chart').data.datasets[0].data.length");
    assertThat(((Number) bars).intValue()).isEqualTo(6);
    Browser.screenshot(page, "01-home");

    // Accounts: a collector starts in its own portfolio; filter and sort on the server.
    page.click("nav >> text=Accounts");
    assertThat(page.locator("h1")).hasText("Accounts");
    assertThat(page.locator("select[name=owner]")).hasValue("carlos");
    Locator rows = page.locator("#accounts-table tbody tr");
    assertThat(rows.first()).isVisible();
    assertThat(rows).hasCount(50);
    page.selectOption("select[name=bucket]", "5");
    page.click("#account-filters button[type=submit]");
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*bucket=5.*"));
    assertThat(page.locator("select[name=bucket]")).hasValue("5");
    assertThat(page.locator(".pager")).isVisible();
    Browser.screenshot(page, "02-accounts");

    // Account 360 of the top account by past due.
    String name = page.locator("#accounts-table tbody tr td a").first().textContent();
    page.locator("#accounts-table tbody tr td a").first().click();
    assertThat(page.locator("#account-name")).hasText(name);
    assertThat(page.locator("#account-aging")).containsText("120+");
    assertThat(page.locator("#open-invoices tbody tr").first()).isVisible();
    assertThat(page.locator("#payments")).isVisible();
    assertThat(page.locator("#contacts tbody tr").first()).isVisible();
    page.waitForFunction("() => window.Chart && Chart.getChart('trend-chart') !== undefined");
    assertThat(page.locator("#edit-record")).isVisible(); // its own account: it may change it
    Browser.screenshotViewport(page, "03-account-360");
    Browser.screenshot(page, "03-account-360-full");

    // The open invoices leave as CSV, one row per open invoice.
    com.microsoft.playwright.Download download =
        page.waitForDownload(() -> page.click("#export-open-invoices"));
    String csv = readAll(download);
    assertThat(csv).startsWith("\ufeffInvoice,Issued,Due");
    assertThat(csv.strip().split("\n"))
        .hasSize(1 + page.locator("#open-invoices tbody tr").count());

    // The collector records the customer's AP payment run; the change shows in its history.
    page.click("#edit-record summary");
    page.locator("#edit-record input[name=paymentRunDays][value=THU]").check();
    page.fill("#edit-record textarea[name=notes]", "AP runs payments on Thursdays");
    page.fill("#edit-record input[name=reason]", "confirmed with AP on the phone");
    page.click("#edit-record button[type=submit]");
    assertThat(page.locator(".alert.ok")).isVisible();
    assertThat(page.locator("dl.facts")).containsText("THURSDAY");
    assertThat(page.locator("#history")).containsText("carlos");
    assertThat(page.locator("#history")).containsText("confirmed with AP on the phone");
    Browser.screenshotViewport(page, "05-record-saved");
  }

  private static String readAll(com.microsoft.playwright.Download download) {
    try {
      return java.nio.file.Files.readString(
          download.path(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void partnerAccountListsItsEndCustomers() {
    Page page = signIn("maria", RecoupTest.DEMO_PASSWORD);
    page.navigate(
        "http://localhost:" + port + "/accounts?owner=all&channel=PARTNER&sort=open&dir=desc");
    page.locator("#accounts-table tbody tr td a").first().click();
    assertThat(page.locator("#end-customers li").first()).isVisible();
    assertThat(page.locator("#open-invoices thead")).containsText("End customer");
    Browser.screenshotViewport(page, "04-partner-360");
  }

  @Test
  void wrongPasswordIsRefusedWithAClearMessage() {
    Page page = signIn("carlos", "not-the-password");
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?error$"));
    assertThat(page.locator(".alert.error")).containsText("Wrong username or password");
  }
}
