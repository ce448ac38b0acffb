package dev.recoup.collections;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Page;
import dev.recoup.notifications.Outbox;
import dev.recoup.support.Browser;
import dev.recoup.support.RecoupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A collector's day in Chromium: sign in, open the worklist, open the top account and see why it is
 * there, log a call with a next action, send a templated e-mail with the statement attached (a real
 * SMTP server receives it), and the account leaves today's worklist.
 */
@RecoupTest
class CollectorDayBrowserTests {

  static Browser browser;
  static GreenMail smtp;

  @LocalServerPort int port;
  @Autowired Outbox outbox;

  @BeforeAll
  static void start() {
    smtp = new GreenMail(new ServerSetup(3925, "localhost", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
    smtp.stop();
  }

  @Test
  void collectorWorksTheTopAccountOfItsWorklist() throws Exception {
    Page page = browser.newPage();
    page.navigate("http://localhost:" + port + "/login");
    page.fill("input[name=username]", "elena");
    page.fill("input[name=password]", RecoupTest.DEMO_PASSWORD);
    page.click("button[type=submit]");

    // The worklist, best first, each row saying why it is there.
    page.click("nav >> text=Worklist");
    assertThat(page.locator("h1")).hasText("Worklist");
    var firstRow = page.locator("#worklist tbody tr").first();
    assertThat(firstRow.locator("ul.reasons li").first()).isVisible();
    assertThat(firstRow.locator("ul.reasons")).containsText("past due");
    String account = firstRow.locator("td a").first().textContent();
    Browser.screenshotViewport(page, "10-worklist");

    // Open it: Account 360 with the forms to work it.
    firstRow.locator("td a").first().click();
    assertThat(page.locator("#account-name")).hasText(account);

    // Log a call with a next action next week.
    String nextWeek = LocalDate.parse(RecoupTest.TODAY).plusDays(7).toString();
    page.selectOption("#log-call select[name=outcome]", "REACHED");
    page.fill("#log-call textarea[name=notes]", "Spoke to AP; payment run on Thursday");
    page.fill("#log-call input[name=nextAction]", "Check the Thursday payment arrived");
    page.fill("#log-call input[name=nextActionOn]", nextWeek);
    page.click("#log-call button[type=submit]");
    assertThat(page.locator(".alert.ok")).hasText("Logged.");
    assertThat(page.locator("#timeline tbody tr").first()).containsText("Reached");
    assertThat(page.locator("#timeline tbody tr").first())
        .containsText("Check the Thursday payment arrived");

    // Send the friendly reminder with the statement attached.
    String to = page.locator("#send-email select[name=contactId] option").first().textContent();
    page.selectOption("#send-email select[name=template]", "reminder");
    page.click("#send-email button[type=submit]");
    assertThat(page.locator(".alert.ok")).hasText("E-mail queued in the outbox.");
    assertThat(page.locator("#timeline tbody tr").first()).containsText("EMAIL");
    Browser.screenshotViewport(page, "11-account-worked");

    int sent = outbox.sendDue();
    assertThat(sent).isGreaterThanOrEqualTo(1);
    MimeMessage mail = receivedFor(addressIn(to));
    assertThat(mail.getSubject()).startsWith("Friendly reminder:").contains("past due");
    String statementText = pdfAttachmentText(mail);
    assertThat(statementText)
        .contains("Statement of account")
        .contains(account.replaceAll("\\s+\\(.*", ""));
    assertThat(statementText).containsPattern(Pattern.compile("INV-[A-Z]{2}-\\d+"));

    // The account has been worked today: it leaves today's worklist.
    page.click("nav >> text=Worklist");
    assertThat(page.locator("#worklist")).not().containsText(account);
    Browser.screenshotViewport(page, "12-worklist-after");
  }

  private static String addressIn(String option) {
    return option.substring(option.indexOf('<') + 1, option.indexOf('>'));
  }

  private static MimeMessage receivedFor(String address) throws Exception {
    for (MimeMessage m : smtp.getReceivedMessages()) {
      if (m.getAllRecipients()[0].toString().equals(address)) {
        return m;
      }
    }
    throw new AssertionError(
        "No e-mail received for " + address + "; got " + smtp.getReceivedMessages().length);
  }

  private static String pdfAttachmentText(MimeMessage mail) throws Exception {
    List<String> names = new ArrayList<>();
    Multipart multipart = (Multipart) mail.getContent();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      names.add(part.getFileName());
      if (part.getFileName() != null && part.getFileName().endsWith(".pdf")) {
        byte[] pdf = part.getInputStream().readAllBytes();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
          return new PDFTextStripper().getText(doc);
        }
      }
    }
    throw new AssertionError(
        "No PDF attachment; parts: " + names + " " + GreenMailUtil.getBody(mail));
  }
}
