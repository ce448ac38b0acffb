package dev.recoup.promises;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.recoup.access.Access;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A collector proposes a five-month plan from the Account 360; the policy sends it to the lead, who
 * approves it from the promises and plans page.
 */
@RecoupTest
class PlanApprovalBrowserTests {

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
  void collectorProposesAPlanAndTheLeadApprovesIt() {
    long emma = access.user("emma").orElseThrow().id().value();
    // One of emma's accounts with a collectible past-due invoice under 20k in its currency.
    var invoice =
        jdbc.sql(
                """
                select i.account_id, i.id, i.open_amount - i.disputed_amount as collectible
                from invoice i join customer_account a on a.id = i.account_id
                where a.owner_id = ? and a.status = 'ACTIVE' and i.currency = a.currency
                  and i.open_amount > i.disputed_amount and i.open_amount between 1000 and 20000
                  and i.due_date < '2026-11-01'
                  and not exists (select 1 from payment_plan p where p.account_id = a.id)
                order by a.id desc limit 1""")
            .param(emma)
            .query(
                (rs, n) ->
                    new long[] {
                      rs.getLong(1),
                      rs.getLong(2),
                      rs.getBigDecimal(3)
                          .multiply(new java.math.BigDecimal("0.2"))
                          .setScale(0, java.math.RoundingMode.UP)
                          .longValue()
                    })
            .single();
    long account = invoice[0];

    Page collector = signIn("emma");
    collector.navigate(url("/accounts/" + account + "#commitments"));
    collector.click("#plan-details summary");
    var form = collector.locator("#propose-plan");
    assertThat(form).isVisible();
    form.locator("input[name=invoiceIds][value='" + invoice[1] + "']").check();
    form.locator("input[name=months]").fill("5");
    form.locator("input[name=downPayment]").fill(String.valueOf(invoice[2]));
    form.locator("input[name=firstDueOn]")
        .fill(LocalDate.parse(RecoupTest.TODAY).plusDays(30).toString());
    form.locator("button[type=submit]").click();
    assertThat(collector.locator(".alert.ok")).containsText("a lead approves");
    assertThat(collector.locator("h1")).containsText("proposed");
    Browser.screenshot(collector, "40-plan-proposed");

    Page lead = signIn("lena");
    lead.click("nav >> text=Plans");
    var row =
        lead.locator(
                "#proposed-plans tbody tr", new Page.LocatorOptions().setHasText("yours to decide"))
            .first();
    assertThat(row).isVisible();
    Browser.screenshotViewport(lead, "41-plans-waiting-for-approval");
    String plan = collector.url().substring(collector.url().indexOf("/plans/"));
    lead.click("#proposed-plans a[href='" + plan + "']");
    assertThat(lead.locator("#approval")).containsText("5 months is beyond a collector's 3");
    lead.click("#approve-plan");
    assertThat(lead.locator(".alert.ok")).containsText("Plan approved");
    assertThat(lead.locator("h1")).containsText("active");
    assertThat(lead.locator("#schedule tbody tr")).hasCount(6);
    Browser.screenshot(lead, "42-plan-approved");

    lead.navigate(url("/accounts/" + account + "#commitments"));
    assertThat(lead.locator("#plans")).containsText("active");
    Browser.screenshotViewport(lead, "43-account-commitments");
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
