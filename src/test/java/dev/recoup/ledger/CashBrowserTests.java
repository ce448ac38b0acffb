package dev.recoup.ledger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cass works her unapplied cash: a payment whose remittance names INV-1042 and INV-1043 is
 * suggested against them, she accepts it from the cash page and the Account 360 shows it applied; a
 * short payment's page offers the dispute form; Liam auto-applies what is sure enough.
 */
@RecoupTest
class CashBrowserTests {

  static Browser browser;

  @LocalServerPort int port;
  @Autowired Postings postings;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void collectorAcceptsASuggestionAndTheAccount360ShowsItApplied() {
    CashFixtures fx = new CashFixtures(jdbc, access, postings, clock);
    SignedIn.as(access, CashFixtures.COLLECTOR);
    AccountId customer = fx.customer("Northwind Browser");
    fx.invoice(customer, "INV-1042", "2026-10-15", "600.00");
    fx.invoice(customer, "INV-1043", "2026-10-31", "400.00");
    fx.invoice(customer, "INV-1044", "2026-11-10", "250.00");
    fx.invoice(customer, "INV-1045", "2026-11-12", "180.00");
    fx.pays(customer, "1000.00", "Payment for INV-1042 INV-1043");
    PaymentId partial = fx.pays(customer, "300.00", "INV-1044 INV-1045");
    AccountId other = fx.customer("Litware Browser");
    fx.invoice(other, "INV-2042", "2026-10-01", "125.00");
    fx.pays(other, "125.00", "INV-2042");
    SignedIn.out();
    String name = fx.nameOf(customer);

    Page cass = signIn(CashFixtures.COLLECTOR);
    cass.navigate(url("/cash"));
    assertThat(cass.locator("h1")).hasText("Cash application");
    Locator row =
        cass.locator(
            "#unapplied-table tbody tr",
            new Page.LocatorOptions().setHasText("Payment for INV-1042 INV-1043"));
    assertThat(row).containsText(name);
    Locator best = row.locator(".suggestion").first();
    assertThat(best)
        .containsText(
            "INV-1042 and INV-1043 named in the remittance; their open amounts sum to the payment");
    assertThat(best.locator(".chip")).hasText("95");
    assertThat(cass.locator("#unapplied-total")).isVisible();
    Browser.screenshot(cass, "90-cash-worklist");

    best.locator("button:has-text('Accept')").click();
    assertThat(cass.locator(".alert.ok")).containsText("Applied 1000.00 USD: INV-1042 600.00 USD");
    assertThat(cass.locator("#unapplied-table"))
        .not()
        .containsText("Payment for INV-1042 INV-1043");

    cass.navigate(url("/accounts/" + customer.value()));
    Locator payments = cass.locator("#payments");
    assertThat(payments).containsText("INV-1042");
    assertThat(payments).containsText("INV-1043");
    payments.scrollIntoViewIfNeeded();
    payments.screenshot(
        new Locator.ScreenshotOptions()
            .setPath(Browser.SCREENSHOTS.resolve("91-account-360-payment-applied.png")));

    // The short payment: its page says what stays open and leads to the dispute form.
    cass.navigate(url("/cash/payments/" + partial.value()));
    assertThat(cass.locator("#suggestions"))
        .containsText(
            "INV-1044 and INV-1045 named in the remittance; the payment is 130.00 USD short");
    assertThat(cass.locator("#short-payment a"))
        .hasAttribute("href", "/accounts/" + customer.value() + "#raise-dispute");
    cass.locator("#suggestions a:has-text('Edit')").first().click();
    assertThat(cass.locator("#apply h2")).hasText("Edit the suggestion");
    assertThat(cass.locator("#apply-form input[value='250.00']")).hasCount(1);
    Browser.screenshot(cass, "92-cash-payment-short");
    cass.fill("#apply-form input[value='250.00']", "150.00");
    cass.locator("#apply-form input[placeholder='180.00']").fill("150.00");
    cass.click("#apply-form button[type=submit]");
    assertThat(cass.locator(".alert.ok")).containsText("Applied 300.00 USD");
    assertThat(cass.locator("#matches")).containsText("Edited");

    // Liam auto-applies the other customer's sure match, for that customer only.
    Page liam = signIn("liam");
    liam.navigate(url("/cash?scope=all&q=" + fx.nameOf(other).replace(" ", "+")));
    assertThat(liam.locator("#unapplied-table tbody tr")).hasCount(1);
    liam.fill("#auto-apply input[name=threshold]", "90");
    liam.click("#auto-apply button[type=submit]");
    assertThat(liam.locator(".alert.ok")).containsText("1 of 1 payments applied");
    assertThat(liam.locator("#run-table tbody tr").first()).containsText("liam");
    Browser.screenshot(liam, "93-cash-auto-apply");
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
