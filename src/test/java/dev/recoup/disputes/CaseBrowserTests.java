package dev.recoup.disputes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Connor works his cases in Chromium: a customer's call becomes a case from Account 360 (bad input
 * shows the fields' errors), the case queue shows what is due and what breached its SLA, and the
 * case page pauses the SLA, answers from a template and keeps the history.
 */
@RecoupTest
class CaseBrowserTests {

  static Browser browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Access access;
  @Autowired CustomerCases cases;
  @Autowired SettableClock clock;

  @BeforeAll
  static void startBrowser() {
    browser = new Browser();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @AfterEach
  void backToToday() {
    SignedIn.out();
    clock.setDate(RecoupTest.TODAY);
  }

  @Test
  void connorOpensACaseFromAccount360AndWorksItFromTheQueue() {
    long connor = access.user("connor").orElseThrow().id().value();
    // Connor's second-newest account whose contacts have e-mail addresses.
    long account =
        jdbc.sql(
                """
                select a.id from customer_account a
                where a.owner_id = ? and not a.do_not_contact
                  and exists (select 1 from contact c where c.account_id = a.id and c.email is not null)
                order by a.id desc offset 1 limit 1""")
            .param(connor)
            .query(Long.class)
            .single();
    long contact =
        jdbc.sql("select min(id) from contact where account_id = ? and email is not null")
            .param(account)
            .query(Long.class)
            .single();
    // Last Monday a customer asked a payment question nobody answered: it is past its SLA now.
    SignedIn.as(access, "connor");
    clock.setDate("2026-11-16");
    CustomerCase late =
        open(account, contact, "PAYMENT_QUESTION", "Was our payment of 12 November received?");
    clock.setDate(RecoupTest.TODAY);
    CustomerCase w9 = open(account, contact, "TAX_FORM", "Please send your W-9");
    open(account, contact, "INVOICE_COPY", "Copy of the October invoice");
    SignedIn.out();

    Page page = browser.newPage();
    page.navigate("http://localhost:" + port + "/login");
    page.fill("input[name=username]", "connor");
    page.fill("input[name=password]", RecoupTest.DEMO_PASSWORD);
    page.click("button[type=submit]");

    // The worklist says how many cases are his.
    page.navigate("http://localhost:" + port + "/worklist");
    assertThat(page.locator("#my-cases")).containsText("Cases:");

    // Account 360: the account's cases, and a new one from the customer's call.
    page.navigate("http://localhost:" + port + "/accounts/" + account);
    assertThat(page.locator("#account-cases")).containsText(late.reference());
    page.click("#new-case summary");
    page.selectOption("#new-case-form select[name=contactId]", String.valueOf(contact));
    page.click("#new-case-form button[type=submit]");
    // Nothing chosen: every field says what is missing, and what was typed stays.
    assertThat(page.locator(".alert.error")).containsText("The case was not opened");
    assertThat(page.locator("#new-case-form .field-error")).hasCount(2);
    assertThat(page.locator("#new-case-form .field-error").first()).hasText("required");
    assertThat(page.locator("#new-case-form select[name=contactId]"))
        .hasValue(String.valueOf(contact));
    page.locator("#cases").scrollIntoViewIfNeeded();
    Browser.screenshotViewport(page, "42-account-new-case-errors");
    page.selectOption("#new-case-form select[name=type]", "ADDRESS_CHANGE");
    page.fill("#new-case-form input[name=subject]", "New bill-to address from January");
    page.fill("#new-case-form textarea[name=description]", "Moving to 1 Harbour Street, Boston.");
    page.click("#new-case-form button[type=submit]");
    assertThat(page.locator(".alert.ok")).containsText("opened for Connor Collector");
    assertThat(page.locator("#account-cases")).containsText("New bill-to address from January");

    // The queue: his cases by type, what breached its SLA, sortable, exportable.
    page.navigate("http://localhost:" + port + "/cases");
    assertThat(page.locator("h1")).hasText("Cases");
    assertThat(page.locator("#case-scopes a.active")).hasText("Mine");
    assertThat(page.locator("#cases-table")).containsText(late.reference());
    assertThat(
            page.locator("#cases-table tr", new Page.LocatorOptions().setHasText(late.reference())))
        .containsText("SLA breached");
    assertThat(page.locator("#cases-table")).not().containsText(w9.reference());
    assertThat(page.locator("#export-cases"))
        .hasAttribute("href", java.util.regex.Pattern.compile("scope=MINE"));
    Browser.screenshot(page, "40-cases-connor");

    // His team view adds the W-9 that billing has on his account.
    page.click("#case-scopes >> text=Team");
    assertThat(page.locator("#cases-table")).containsText(w9.reference());
    assertThat(page.locator("#cases-table")).containsText("Bianca Billing");

    // The case: wait on the customer (the SLA pauses), then answer from the template.
    page.click("#case-scopes >> text=Mine");
    page.locator(
            "#cases-table tbody tr",
            new Page.LocatorOptions().setHasText("New bill-to address from January"))
        .locator("td a")
        .first()
        .click();
    assertThat(page.locator("#case-title")).containsText("New bill-to address from January");
    page.fill("#waiting-form input[name=note]", "Asked for the postcode");
    page.click("#waiting-form button[type=submit]");
    assertThat(page.locator(".alert.ok")).containsText("the SLA is paused");
    assertThat(page.locator("#case-status")).hasText("Waiting on customer");
    page.click("#resume-form button[type=submit]");
    assertThat(page.locator("#case-status")).hasText("Open");
    page.click("#reply-form button[type=submit]");
    assertThat(page.locator(".alert.ok")).containsText("queued in the outbox");
    assertThat(page.locator("#case-replies")).containsText("Address or contact change (en)");
    assertThat(page.locator("#case-history")).containsText("Reply sent");
    assertThat(page.locator("#case-history")).containsText("Waiting on the customer (SLA paused)");
    assertThat(page.locator("#case-history")).containsText("Asked for the postcode");
    Browser.screenshot(page, "41-case-connor");
  }

  private CustomerCase open(long account, long contact, String type, String subject) {
    return cases
        .open(
            new AccountId(account),
            new CaseIntake(type, contact, subject, "From the customer's call."),
            "browser-" + UUID.randomUUID())
        .customerCase();
  }
}
