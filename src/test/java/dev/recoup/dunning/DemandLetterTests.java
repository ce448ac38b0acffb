package dev.recoup.dunning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.recoup.access.Access;
import dev.recoup.ledger.Postings;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutboxMessage;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Legal demand letters: the daily run puts one in the approvals queue when an item reaches +45;
 * nothing reaches the customer until a lead approves it; once approved, a PDF on the entity's
 * letterhead naming the customer, the invoices and the total is e-mailed (a real SMTP server,
 * GreenMail, receives it) and can be downloaded for post. Who asked for a letter cannot approve it.
 */
@RecoupTest
class DemandLetterTests {

  static GreenMail smtp;

  @Autowired Dunning dunning;
  @Autowired Approvals approvals;
  @Autowired Strategies strategies;
  @Autowired Postings postings;
  @Autowired Outbox outbox;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @Autowired TransactionTemplate tx;

  DunningFixtures given;
  Instant clockAtStart;

  @BeforeAll
  static void startMailServer() {
    smtp = new GreenMail(new ServerSetup(3925, "localhost", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterAll
  static void stopMailServer() {
    smtp.stop();
  }

  @BeforeEach
  void setUp() {
    clockAtStart = clock.instant();
    given = new DunningFixtures(jdbc, access, strategies, postings, tx, clock);
    given.strategies();
  }

  @AfterEach
  void restore() {
    SignedIn.out();
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void aDemandLetterWaitsForALeadThenReachesTheCustomerAsAPdfOnTheLetterhead() throws Exception {
    LocalDate today = LocalDate.parse(RecoupTest.TODAY);
    var customer = given.customer("Overdue Widgets Ltd", "IE", "DIRECT");
    // Both invoices fell due on 6 October: 45 days past due today.
    var first = given.invoice(customer, "DL1", "2026-10-06", "1250.00");
    var second = given.invoice(customer, "DL2", "2026-10-06", "730.50");
    RunScope scope = RunScope.of(List.of(customer.id()));

    DunningRun run = dunning.run(today, scope);
    assertThat(run.approvals()).isEqualTo(1);
    Approvals.Approval waiting =
        approvals.pending(10_000).stream()
            .filter(a -> a.accountId().equals(customer.id()))
            .findFirst()
            .orElseThrow();
    assertThat(waiting.action()).isEqualTo(StepAction.DEMAND_LETTER);
    assertThat(waiting.requestedBy()).isEqualTo("system");
    assertThat(waiting.items()).isEqualTo(2);
    assertThat(waiting.total()).isEqualTo("1980.50 EUR");
    assertThat(dunning.lettersTo(customer.id(), 10)).as("nothing sent before approval").isEmpty();
    assertThat(outboxTo(customer.email())).isEmpty();

    // A collector may not approve it, whatever the step: a lead does.
    assertThatThrownBy(() -> as("arjun", () -> approvals.approve(waiting.id(), null)))
        .isInstanceOf(AccessDeniedException.class);
    as("lena", () -> approvals.approve(waiting.id(), null));

    Dunning.SentLetter sent = dunning.lettersTo(customer.id(), 10).get(0);
    assertThat(sent.kind()).isEqualTo("DEMAND");
    assertThat(sent.topAction()).isEqualTo(StepAction.DEMAND_LETTER);
    assertThat(sent.to()).isEqualTo(customer.email());

    // The outbox delivers it to the mail server.
    sendUntilSent(sent.outboxMessageId());
    MimeMessage mail = receivedBy(customer.email());
    assertThat(mail.getSubject()).startsWith("Formal demand for payment: 1980.50 EUR");
    List<String> files = new ArrayList<>();
    String pdfText = null;
    Multipart parts = (Multipart) mail.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart part = parts.getBodyPart(i);
      if (part.getFileName() != null) {
        files.add(part.getFileName());
        if (part.getFileName().startsWith("demand-letter-")) {
          pdfText = text(part.getInputStream().readAllBytes());
        }
      }
    }
    assertThat(files).hasSize(2).anyMatch(f -> f.startsWith("statement-"));
    assertThat(pdfText)
        .as("the letter names the customer, the invoices and the total")
        .contains("Recoup Software Ireland Ltd")
        .contains("1 Grand Canal Square, Dublin 2, Ireland")
        .contains(customer.name())
        .contains(given.numberOf(first))
        .contains(given.numberOf(second))
        .contains("Total due: 1980.50 EUR")
        .contains("Legal demand letter")
        .contains("Lena Lead")
        .doesNotContain("DRAFT");
    // The same letter, for post.
    assertThat(text(approvals.letterPdf(waiting.id()))).isEqualTo(pdfText);
    assertThat(approvals.find(waiting.id()).orElseThrow().status()).isEqualTo("APPROVED");
  }

  @Test
  void whoAsksForADemandLetterCannotApproveItAndTheApproverMayRewordIt() throws Exception {
    var customer = given.customer("Slow Payer Ltd", "UK", "DIRECT");
    var invoice = given.invoice(customer, "RQ1", "2026-10-30", "400.00");

    // arjun asks for a demand letter before the strategy gets there (21 days past due).
    Approvals.Approval requested =
        as(
            "arjun",
            () -> approvals.requestDemandLetter(customer.id(), "Promised twice, paid nothing"));
    assertThat(requested.requestedBy()).isEqualTo("arjun");
    assertThat(requested.items()).isEqualTo(1);
    assertThatThrownBy(
            () -> as("arjun", () -> approvals.requestDemandLetter(customer.id(), "again")))
        .hasMessageContaining("already waiting for approval");
    // The draft PDF says it is a draft.
    assertThat(text(approvals.letterPdf(requested.id()))).contains("DRAFT");

    // A lead who is not the requester rewords it and approves.
    SignedIn.as(access, "liam");
    String wording =
        "You have twice promised to pay invoice "
            + given.numberOf(invoice)
            + " and not done so.\n\nPay 400.00 GBP by 4 December 2026.";
    approvals.approve(requested.id(), wording);
    SignedIn.out();
    String letter = text(approvals.letterPdf(requested.id()));
    assertThat(letter)
        .contains("You have twice promised to pay invoice " + given.numberOf(invoice))
        .contains("Pay 400.00 GBP by 4 December 2026.")
        .contains("Recoup Software UK Ltd")
        .contains("Liam Lead")
        .doesNotContain("We hereby formally demand");
    // Its item has had its demand letter: the run never issues that step again for it.
    assertThat(
            jdbc.sql(
                    "select status from dunning_action where invoice_id = ? and action = 'DEMAND_LETTER'")
                .param(invoice.value())
                .query(String.class)
                .list())
        .containsExactly("APPROVED");

    // Rejecting needs a reason, and a rejected request sends nothing.
    var other = given.customer("Disputed Tone Ltd", "UK", "DIRECT");
    given.invoice(other, "RQ2", "2026-10-15", "90.00");
    Approvals.Approval second =
        as("arjun", () -> approvals.requestDemandLetter(other.id(), "No answer to calls"));
    assertThatThrownBy(() -> as("liam", () -> approvals.reject(second.id(), " ")))
        .hasMessageStartingWith("reason:");
    as("liam", () -> approvals.reject(second.id(), "Customer is a strategic account: call first"));
    assertThat(approvals.find(second.id()).orElseThrow().status()).isEqualTo("REJECTED");
    assertThat(dunning.lettersTo(other.id(), 10)).isEmpty();
  }

  @Test
  void lateFeesAndInterestAppearOnlyWhereTheEntitysRuleEnablesThem() {
    var customer = given.customer("Tokyo Trading KK", "JP", "DIRECT");
    given.invoice(customer, "JP1", "2026-10-31", "100000"); // 20 days past due: the +15 notice
    jdbc.sql("update customer_account set language = 'ja' where id = ?")
        .param(customer.id().value())
        .update();
    RunScope scope = RunScope.of(List.of(customer.id()));
    assertThatThrownBy(
            () ->
                as(
                    "liam",
                    () ->
                        entityRules.change("JP", true, new java.math.BigDecimal("5"), false, null)))
        .isInstanceOf(AccessDeniedException.class);
    as(
        "maria",
        () ->
            entityRules.change(
                "JP", true, new java.math.BigDecimal("5"), true, new java.math.BigDecimal("14.6")));
    try {
      dunning.run(LocalDate.parse(RecoupTest.TODAY), scope);
      String body =
          jdbc.sql(
                  """
                  select m.body_html from dunning_letter l
                  join outbox_message m on m.id = l.outbox_message_id where l.account_id = ?""")
              .param(customer.id().value())
              .query(String.class)
              .single();
      // 5% of 100000; 14.6% a year over 20 days is 800.
      assertThat(body)
          .contains("100000 JPY")
          .contains("5000 JPY")
          .contains("800 JPY")
          .contains("the amount due is 105800 JPY");
      // The notice has no Japanese text: it goes in English.
      assertThat(dunning.lettersTo(customer.id(), 1).get(0).language()).isEqualTo("en");
    } finally {
      as("maria", () -> entityRules.change("JP", false, null, false, null));
    }
    assertThat(entityRules.forEntity("JP").chargesAnything()).isFalse();
  }

  @Autowired EntityRules entityRules;

  private static String text(byte[] pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  private List<Long> outboxTo(String address) {
    return jdbc.sql("select id from outbox_message where to_address = ?")
        .param(address)
        .query(Long.class)
        .list();
  }

  private void sendUntilSent(long messageId) {
    for (int i = 0; i < 100; i++) {
      if (outbox.find(messageId).orElseThrow().status() == OutboxMessage.Status.SENT) {
        return;
      }
      outbox.sendDue();
    }
    assertThat(outbox.find(messageId).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENT);
  }

  private static MimeMessage receivedBy(String address) throws Exception {
    for (MimeMessage m : smtp.getReceivedMessages()) {
      for (var to : m.getAllRecipients()) {
        if (to.toString().contains(address)) {
          return m;
        }
      }
    }
    throw new AssertionError("No e-mail to " + address);
  }

  private <T> T as(String user, Supplier<T> work) {
    SignedIn.as(access, user);
    try {
      return work.get();
    } finally {
      SignedIn.out();
    }
  }
}
