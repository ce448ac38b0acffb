package dev.recoup.refunds;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.Postings;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Connor asks for a refund from the account page; Liam, his lead, finds it on the refunds page with
 * its evidence, approves it, records the call-back, and marks it paid.
 */
@RecoupTest
class RefundsBrowserTests {

  static Browser browser;

  @LocalServerPort int port;
  @Autowired Postings postings;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void collectorRequestsARefundAndTheLeadApprovesVerifiesAndPaysIt() {
    RefundFixtures fx = new RefundFixtures(jdbc, postings, port);
    AccountId account = fx.connorsAccount(6);
    SignedIn.as(access, "connor");
    PaymentId payment = fx.overPayment(account, "980");
    SignedIn.out();

    // Connor, on the account page: the credit balance, a refund request, an outreach e-mail.
    Page connor = signIn("connor");
    connor.navigate(url("/accounts/" + account.value()));
    Locator section = connor.locator("#refunds");
    assertThat(section).containsText("Credit balance and refunds");
    assertThat(section.locator("#credit-sources")).containsText("980");
    connor.selectOption(
        "#credit-outreach select[name=contactId]",
        connor
            .locator("#credit-outreach select[name=contactId] option")
            .first()
            .getAttribute("value"));
    connor.click("#credit-outreach button[type=submit]");
    assertThat(connor.locator(".alert.ok")).containsText("queued in the outbox");
    assertThat(connor.locator("#account-outreach")).containsText("connor");
    connor.selectOption("#request-refund select[name=source]", "PAYMENT:" + payment.value());
    connor.fill("#request-refund input[name=amount]", "980");
    connor.fill("#request-refund input[name=reason]", "Customer paid the Q3 invoice twice");
    connor.locator("#refunds").scrollIntoViewIfNeeded();
    connor
        .locator("#refunds")
        .screenshot(
            new Locator.ScreenshotOptions()
                .setPath(Browser.SCREENSHOTS.resolve("60-account-credit-balance.png")));
    connor.click("#request-refund button[type=submit]");
    assertThat(connor.locator(".alert.ok")).containsText("waits for approval");
    assertThat(connor.locator("#refund-status")).hasText("Requested");
    assertThat(connor.locator("#refund-actions")).containsText("someone else approves it");
    String refundPath = connor.url().substring(connor.url().indexOf("/refunds/"));

    // Liam, on the refunds page: the aged credit balances and what waits for him.
    Page liam = signIn("liam");
    liam.navigate(url("/refunds"));
    assertThat(liam.locator("h1")).hasText("Refunds");
    assertThat(liam.locator("#credit-table tbody tr").first()).isVisible();
    Locator waiting =
        liam.locator(
            "#awaiting-approval tr",
            new Page.LocatorOptions().setHasText("Customer paid the Q3 invoice twice"));
    assertThat(waiting).containsText("connor");
    assertThat(waiting).containsText("980");
    Browser.screenshotViewport(liam, "61-refunds-lead");

    waiting.locator("text=Review").click();
    assertThat(liam.locator("#evidence")).containsText("Credits of the account");
    liam.fill("#approve-form input[name=reason]", "Duplicate wire seen on the bank statement");
    liam.click("#approve-form button[type=submit]");
    assertThat(liam.locator(".alert.ok")).containsText("approved");
    liam.selectOption("#verify-form select[name=method]", "CALL_BACK");
    liam.fill("#verify-form input[name=bankAccountLast4]", "4821");
    liam.fill("#verify-form input[name=note]", "Called AP on the number on file");
    liam.click("#verify-form button[type=submit]");
    assertThat(liam.locator("#verification")).containsText("bank account ending 4821");
    String reference = RefundFixtures.unique("WIRE-BROWSER");
    liam.fill("#pay-form input[name=reference]", reference);
    liam.click("#pay-form button[type=submit]");
    assertThat(liam.locator("#refund-status")).hasText("Paid");
    assertThat(liam.locator("#refund-history")).containsText("refund.paid");
    Browser.screenshot(liam, "62-refund-paid");
    liam.navigate(url("/refunds"));
    assertThat(liam.locator("#paid")).containsText(reference);
    Browser.screenshot(liam, "63-refunds-after-payment");
    assertThat(liam.locator("#awaiting-approval"))
        .not()
        .containsText("Customer paid the Q3 invoice twice");
    connor.navigate(url(refundPath));
    assertThat(connor.locator("#refund-status")).hasText("Paid");
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
