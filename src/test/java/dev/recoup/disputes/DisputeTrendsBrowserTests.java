package dev.recoup.disputes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dispute root-cause loop in a browser: the manager reads the trends of the demo portfolio,
 * billing works its queue, and a collector raises a dispute from Account 360.
 */
@RecoupTest
class DisputeTrendsBrowserTests {

  static Browser browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  Page signIn(String username) {
    Page page = browser.newPage();
    page.navigate("http://localhost:" + port + "/login");
    page.fill("input[name=username]", username);
    page.fill("input[name=password]", RecoupTest.DEMO_PASSWORD);
    page.click("button[type=submit]");
    return page;
  }

  @Test
  void managerSeesDisputesByReasonAndMonthOnTheDemoPortfolio() {
    Page page = signIn("maria");
    page.click("nav >> text=Disputes");
    page.click("text=Trends");
    assertThat(page.locator("h1")).hasText("Dispute trends");
    assertThat(page.locator("#dispute-trend-chart")).isVisible();
    // The chart drew: Chart.js sized the canvas and the data block holds 24 months by reason.
    page.waitForFunction(
        "() => { const c = document.getElementById('dispute-trend-chart'); return c && c.width > 300; }");
    org.assertj.core.api.Assertions.assertThat(page.locator("#dispute-trend-data").textContent())
        .contains("\"label\":\"Pricing\"", "\"label\":\"PO missing\"");
    assertThat(page.locator("#cycle-time tbody tr")).hasCount(8);
    assertThat(page.locator("#cycle-time")).containsText("Service not delivered");
    assertThat(page.locator("#by-region")).containsText("EMEA");
    assertThat(page.locator("#recurrence tbody tr").first()).isVisible(); // the last section
    assertThat(page.locator("#ddo")).not().hasText("–");
    assertThat(page.locator("#ddo-formula")).containsText("last 90 days");
    Browser.screenshot(page, "50-dispute-trends");

    // The manager tunes a reason code's SLA from the same place, and puts it back.
    page.click("text=Reason codes");
    page.fill("#reason-TAX input[name=slaDays]", "12");
    page.click("#reason-TAX button[type=submit]");
    assertThat(page.locator(".alert.ok")).hasText("Tax: 12 days, routed to bianca.");
    Browser.screenshotViewport(page, "55-reason-codes");
    page.fill("#reason-TAX input[name=slaDays]", "10");
    page.click("#reason-TAX button[type=submit]");
    assertThat(page.locator(".alert.ok")).hasText("Tax: 10 days, routed to bianca.");
  }

  @Test
  void billingWorksItsQueue() {
    Page page = signIn("bianca");
    // A resolver lands on its disputes, and sees only those routed to it.
    assertThat(page.locator("h1")).hasText("Disputes");
    assertThat(page.locator("nav.pager")).isVisible(); // the whole list has arrived
    assertThat(page.locator("#disputes-table tbody tr").first()).isVisible();
    for (String owner :
        page.locator("#disputes-table tbody tr td:nth-child(5) span").allTextContents()) {
      org.assertj.core.api.Assertions.assertThat(owner).isEqualTo("Bianca Billing");
    }
    Browser.screenshot(page, "51-dispute-queue-bianca");
    page.click("#disputes-table thead >> text=SLA due");
    assertThat(page.locator("nav.pager")).isVisible();
    page.locator("#disputes-table tbody tr td a").first().click();
    assertThat(page.locator("#dispute-history")).isVisible();
    assertThat(page.locator("#dispute-actions")).isVisible();
    assertThat(page.locator("#dispute-invoices tbody tr").first()).isVisible();
    Browser.screenshot(page, "52-dispute-detail-bianca");
  }

  @Test
  void collectorRaisesADisputeFromAccount360() {
    // One of Chloe's accounts that has disputed before and still has something collectible.
    var pick =
        jdbc.sql(
                """
                select a.id, min(i.id) from customer_account a
                join app_user u on u.id = a.owner_id
                join invoice i on i.account_id = a.id and i.open_amount - i.disputed_amount > 100
                where u.username = 'chloe' and a.status = 'ACTIVE'
                  and a.id > (select min(id) from customer_account where owner_id = u.id)
                  and exists (select 1 from dispute d where d.account_id = a.id
                              and d.resolution is not null)
                group by a.id order by a.id limit 1""")
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .single();
    Page page = signIn("chloe");
    page.navigate("http://localhost:" + port + "/accounts/" + pick[0]);
    assertThat(page.locator("#disputes")).isVisible();
    page.click("#raise-dispute summary");
    page.check("#dispute-invoice-" + pick[1]);
    page.fill("#raise-dispute-form input[name='amount-" + pick[1] + "']", "100.00");
    page.selectOption("#raise-dispute-form select[name=reason]", "PO_MISSING");
    page.fill("#raise-dispute-form textarea[name=notes]", "AP needs the PO on the invoice");
    page.click("#raise-dispute-form button[type=submit]");
    assertThat(page.locator(".alert.ok")).containsText("routed to Bianca Billing");
    assertThat(page.locator("#account-disputes")).containsText("PO missing");
    assertThat(page.locator("#timeline")).isVisible(); // the page below the section has arrived
    page.locator("#disputes").scrollIntoViewIfNeeded();
    Browser.screenshotViewport(page, "53-account-raise-dispute");
    String raised = page.locator(".alert.ok").textContent();
    String id = raised.replaceAll("(?s)^Dispute #(\\d+).*$", "$1");

    // Bianca takes it up: in review, then a credit memo for what was disputed.
    Page billing = signIn("bianca");
    billing.navigate("http://localhost:" + port + "/disputes/" + id);
    billing.selectOption("#dispute-status-form select[name=status]", "IN_REVIEW");
    billing.fill("#dispute-status-form input[name=note]", "PO 4500123 found in the order");
    billing.click("#dispute-status-form button[type=submit]");
    assertThat(billing.locator(".alert.ok")).containsText("in review");
    billing.selectOption("#dispute-resolve-form select[name=outcome]", "CREDIT_MEMO");
    billing.fill(
        "#dispute-resolve-form textarea[name=rootCause]", "Invoice template dropped the PO field");
    billing.fill(
        "#dispute-resolve-form input[name=ticketUrl]", "https://tickets.example.com/BILL-77");
    billing.click("#dispute-resolve-form button[type=submit]");
    assertThat(billing.locator(".alert.ok")).containsText("100.00 USD credited");
    assertThat(billing.locator("#dispute-status")).hasText("Resolved");
    assertThat(billing.locator("#dispute-outcome")).containsText("DSP-" + id);
    assertThat(billing.locator("#dispute-history tbody tr")).hasCount(3);
    assertThat(billing.locator("#dispute-history")).containsText("open → in review");
    Browser.screenshot(billing, "54-dispute-resolved-bianca");
  }
}
