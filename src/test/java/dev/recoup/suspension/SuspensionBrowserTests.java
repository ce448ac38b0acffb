package dev.recoup.suspension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * arjun proposes a suspension from the Account 360; maria finds it on the suspensions page as hers
 * to decide and approves it, and the customer's notice goes out.
 */
@RecoupTest
class SuspensionBrowserTests {

  static Browser browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Access access;
  @Autowired SettableClock clock;

  Instant clockAtStart;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @BeforeEach
  void today() {
    clockAtStart = clock.instant();
    clock.setDate("2026-11-20");
  }

  @AfterEach
  void restoreTheClock() {
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void aCollectorProposesASuspensionAndTheManagerApprovesItFromTheSuspensionsPage() {
    AccountId account =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);

    Page collector = signIn("arjun");
    collector.navigate(url("/accounts/" + account.value() + "#suspension"));
    assertThat(collector.locator("#suspension")).containsText("Collectible past due");
    collector.click("#propose-suspension-details summary");
    var form = collector.locator("#propose-suspension");
    assertThat(form.locator("input[name=suspendOn]")).hasValue("2026-11-27");
    form.locator("input[name=suspendOn]").fill("2026-12-04");
    form.locator("textarea[name=reason]").fill("Four invoices unpaid; final notice ignored");
    Browser.screenshotViewport(collector, "80-suspension-propose");
    form.locator("button[type=submit]").click();
    assertThat(collector.locator(".alert.ok")).containsText("Suspension proposed for 2026-12-04");
    assertThat(collector.locator("#suspension-status")).hasText("proposed");
    assertThat(collector.locator("#decision")).containsText("Waiting for a manager");
    String path = collector.url().substring(collector.url().indexOf("/suspensions/"));

    Page manager = signIn("maria");
    manager.click("nav >> text=Suspensions");
    var row =
        manager
            .locator(
                "#proposed-suspensions tbody tr",
                new Page.LocatorOptions().setHasText("yours to decide"))
            .filter(
                new com.microsoft.playwright.Locator.FilterOptions()
                    .setHas(manager.locator("a[href='" + path + "']")));
    assertThat(row).isVisible();
    assertThat(row).containsText("Four invoices unpaid");
    Browser.screenshot(manager, "81-suspensions-manager");

    manager.click("#proposed-suspensions a[href='" + path + "']");
    manager.fill("#approve-form input[name=note]", "Agreed with sales");
    manager.click("#approve-suspension");
    assertThat(manager.locator(".alert.ok"))
        .containsText("notice on 2026-11-27, suspension on 2026-12-04");
    assertThat(manager.locator("#suspension-status")).hasText("approved");
    assertThat(manager.locator("#history")).containsText("suspension.approved");
    assertThat(manager.locator("#deliveries-table")).containsText("suspension.proposed");
    Browser.screenshot(manager, "82-suspension-approved");

    manager.navigate(url("/accounts/" + account.value() + "#suspension"));
    assertThat(manager.locator("#open-suspension")).containsText("approved");
    Browser.screenshotViewport(manager, "83-account-suspension-section");
  }

  private Page signIn(String user) {
    Page page = browser.newPage();
    page.navigate(url("/login"));
    page.fill("input[name=username]", user);
    page.fill("input[name=password]", RecoupTest.DEMO_PASSWORD);
    page.click("button[type=submit]");
    return page;
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
