package dev.recoup.dunning;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import dev.recoup.access.Access;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * arjun asks for a legal demand letter from the Account 360 of a customer who keeps not paying; the
 * request waits in the approvals queue, where lena (a lead) reads the evidence and approves it: the
 * letter goes to the customer and its PDF can be downloaded for post.
 */
@RecoupTest
class ApprovalsBrowserTests {

  static Browser browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Access access;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void aLeadApprovesADemandLetterFromTheQueue() {
    long arjun = access.user("arjun").orElseThrow().id().value();
    // arjun's demo customer with the highest id that owes past-due items in English.
    long account =
        jdbc.sql(
                """
                select max(a.id) from customer_account a
                where a.owner_id = ? and a.source_system <> 'DUNNING-TEST' and a.status = 'ACTIVE'
                  and not a.do_not_contact and not a.legal_hold and a.language = 'en'
                  and exists (select 1 from contact c where c.account_id = a.id and c.email is not null)
                  and exists (select 1 from invoice i where i.account_id = a.id
                              and i.open_amount > i.disputed_amount and i.due_date < date '2026-10-20')
                  and not exists (select 1 from dunning_approval p where p.account_id = a.id
                                  and p.status = 'PENDING')
                  and not exists (select 1 from promise_to_pay p where p.account_id = a.id
                                  and p.status = 'OPEN')
                  and not exists (select 1 from payment_plan p where p.account_id = a.id
                                  and p.status in ('PROPOSED', 'ACTIVE'))""")
            .param(arjun)
            .query(Long.class)
            .single();

    Page collector = signIn("arjun");
    collector.navigate(url("/accounts/" + account + "#dunning"));
    var request = collector.locator("#request-demand-letter");
    assertThat(request).isVisible();
    request
        .locator("input[name=note]")
        .fill("Three reminders and two calls, no payment and no answer");
    request.locator("button[type=submit]").click();
    assertThat(collector.locator(".alert.ok")).containsText("waits for a lead's approval");
    assertThat(collector.locator("h1")).containsText("pending");
    // arjun asked for it: he sees it, but no buttons to decide it.
    assertThat(collector.locator("#approve")).hasCount(0);
    String approval = collector.url().substring(collector.url().indexOf("/approvals/"));

    Page lead = signIn("lena");
    lead.click("nav >> text=Approvals");
    var row =
        lead.locator(
                "#pending-approvals tbody tr",
                new Page.LocatorOptions().setHasText("yours to decide"))
            .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("arjun"))
            .first();
    assertThat(row).isVisible();
    lead.click("#pending-approvals a[href='" + approval + "']");
    assertThat(lead.locator("#letter-items tbody tr").first()).isVisible();
    assertThat(lead.locator("#decision")).containsText("Three reminders and two calls");
    assertThat(lead.locator("#evidence-items")).containsText("Open items");
    assertThat(lead.locator("textarea[name=letterText]")).containsText("formally demand payment");
    Browser.screenshot(lead, "50-approvals-demand-letter");

    lead.click("#approve");
    assertThat(lead.locator(".alert.ok")).containsText("Approved");
    assertThat(lead.locator("h1")).containsText("approved");
    assertThat(lead.locator("#decision")).containsText("lena");
    Browser.screenshot(lead, "51-demand-letter-approved");

    APIResponse pdf = lead.request().get(url(approval + "/letter.pdf"));
    org.assertj.core.api.Assertions.assertThat(pdf.status()).isEqualTo(200);
    org.assertj.core.api.Assertions.assertThat(pdf.headers().get("content-type"))
        .startsWith("application/pdf");
    org.assertj.core.api.Assertions.assertThat(
            jdbc.sql("select count(*) from dunning_letter where account_id = ? and kind = 'DEMAND'")
                .param(account)
                .query(Long.class)
                .single())
        .isEqualTo(1);

    lead.navigate(url("/accounts/" + account + "#dunning"));
    assertThat(lead.locator("#dunning-approvals")).containsText("approved");
    Browser.screenshotViewport(lead, "52-account-dunning-section");
  }

  @Test
  void aLeadChangesAStrategysStepAndPreviewsADate() {
    String name = "Browser test " + System.nanoTime();
    dev.recoup.support.SignedIn.as(access, "maria");
    DunningStrategy strategy;
    try {
      strategy =
          strategies.create(
              new Strategies.NewStrategy(
                  name,
                  "UI_" + (System.nanoTime() % 100_000_000L),
                  null,
                  null,
                  null,
                  List.of(
                      new Strategies.StepDefinition(
                          3, StepChannel.EMAIL, StepAction.REMINDER, "reminder", null),
                      new Strategies.StepDefinition(
                          15, StepChannel.EMAIL, StepAction.NOTICE, "past-due-notice", null))));
    } finally {
      dev.recoup.support.SignedIn.out();
    }
    long reminder = strategy.steps().get(0).id();

    Page lead = signIn("liam");
    lead.click("nav >> text=Dunning");
    assertThat(lead.locator("#preview-steps tbody tr").first()).isVisible();
    Browser.screenshotViewport(lead, "53-dunning-preview");
    var card = lead.locator("#strategy-" + strategy.id());
    card.locator("input[form='step-" + reminder + "'][name=daysFromDue]").fill("5");
    card.locator("form#step-" + reminder + " button").click();
    assertThat(lead.locator(".alert.ok")).containsText("Step saved.");
    card = lead.locator("#strategy-" + strategy.id());
    assertThat(card.locator("input[name=daysFromDue]").first()).hasValue("5");
    card.locator("input[form='add-" + strategy.id() + "'][name=daysFromDue]").fill("30");
    card.locator("select[form='add-" + strategy.id() + "'][name=action]")
        .selectOption("FINAL_NOTICE");
    card.locator("select[form='add-" + strategy.id() + "'][name=template]")
        .selectOption("final-notice");
    card.locator("form#add-" + strategy.id() + " button").click();
    assertThat(lead.locator(".alert.ok")).containsText("Step added.");
    card = lead.locator("#strategy-" + strategy.id());
    assertThat(card.locator("tbody tr")).hasCount(4); // three steps and the row to add one
    card.scrollIntoViewIfNeeded();
    Browser.screenshotViewport(lead, "54-dunning-strategy-edited");

    // A collector reads the strategies but cannot change them.
    Page collector = signIn("arjun");
    collector.navigate(url("/dunning"));
    assertThat(collector.locator("#strategy-" + strategy.id() + " input")).hasCount(0);
  }

  @Autowired Strategies strategies;

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
