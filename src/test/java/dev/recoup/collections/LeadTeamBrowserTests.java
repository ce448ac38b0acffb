package dev.recoup.collections;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The EMEA lead's morning: the team board, a partner queue, and a quarter-end campaign. */
@RecoupTest
class LeadTeamBrowserTests {

  static Browser browser;

  @LocalServerPort int port;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void leadReadsTheBoardOpensAQueueAndLaunchesACampaign() {
    Page page = browser.newPage();
    page.navigate("http://localhost:" + port + "/login");
    page.fill("input[name=username]", "lena");
    page.fill("input[name=password]", RecoupTest.DEMO_PASSWORD);
    page.click("button[type=submit]");

    page.click("nav >> text=Worklist");
    page.click("#queues >> text=PARTNER");
    assertThat(page.locator("#worklist tbody tr").first()).isVisible();
    assertThat(page.locator(".page-head .muted")).containsText("Team queue");
    Browser.screenshotViewport(page, "20-partner-queue");
    String partnerAccount = page.locator("#worklist tbody tr td a").first().getAttribute("href");

    page.click("nav >> text=Team");
    assertThat(page.locator("#team-board")).containsText("Emma Collector");
    page.fill("#campaign-form input[name=name]", "Q4 EMEA push");
    page.fill(
        "#campaign-form input[name=endsOn]",
        LocalDate.parse(RecoupTest.TODAY).plusDays(14).toString());
    page.fill("#campaign-form input[name=minPastDue]", "50000");
    page.selectOption("#campaign-form select[name=region]", "EMEA");
    page.selectOption(
        "#campaign-form select[name=assignees]", new String[] {"emma", "erik", "elena"});
    page.click("#campaign-form button[type=submit]");
    assertThat(page.locator(".alert.ok")).containsText("Q4 EMEA push");
    assertThat(page.locator("#campaigns")).containsText("erik");
    Browser.screenshot(page, "21-team-board-campaign");

    // The lead sends a past-due notice herself; the outbox holds it until the worker sends it.
    page.navigate("http://localhost:" + port + partnerAccount);
    page.selectOption("#send-email select[name=template]", "past-due");
    page.click("#send-email button[type=submit]");
    assertThat(page.locator(".alert.ok")).hasText("E-mail queued in the outbox.");

    // The outbox: what was queued, sent or failed, and one message as the customer gets it.
    page.click("nav >> text=Outbox");
    assertThat(page.locator("h1")).containsText("Outbox");
    assertThat(page.locator("main")).containsText("Past-due notice");
    Browser.screenshotViewport(page, "22-outbox");
    page.locator("#outbox a:has-text('Past-due notice')").first().click();
    page.waitForURL(java.util.regex.Pattern.compile(".*/outbox/\\d+$"));
    // In the account's language: the top partner account may be a German customer.
    assertThat(page.locator("main"))
        .containsText(
            java.util.regex.Pattern.compile(
                "Please arrange payment within seven days|innerhalb von sieben Tagen"));
    Browser.screenshotViewport(page, "23-outbox-message");
  }
}
