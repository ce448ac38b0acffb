package dev.recoup.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.recoup.audit.AuditTrail;
import dev.recoup.notifications.OutboxMessage.Status;
import dev.recoup.notifications.OutgoingEmail.Attachment;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox against a real SMTP server (GreenMail, started here): e-mails go out once, failures
 * back off and dead-letter, interrupted sends are never repeated. Each test builds its own {@link
 * Outbox} around its own mail server, whatever the shared application context configures.
 */
@RecoupTest
class OutboxIntegrationTests {

  /** Not a demo account: the Account 360 history of the demo portfolio stays untouched. */
  static final long ACCOUNT = 987_654_321L;

  static final int MAX_ATTEMPTS = 5;
  static final long BACKOFF_SECONDS = 30;

  /** The application's own outbox (a transactional proxy), for what its wiring decides. */
  @Autowired Outbox applicationOutbox;

  @Autowired ObjectProvider<JavaMailSender> applicationMailSender;
  @Autowired OutboxMessages messages;
  @Autowired PlatformTransactionManager transactions;
  @Autowired AuditTrail audit;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;

  TransactionTemplate tx;
  GreenMail smtp;
  JavaMailSenderImpl mailSender;
  Outbox outbox;
  Instant clockAtStart;
  String run;

  @BeforeEach
  void startMailServer() {
    tx = new TransactionTemplate(transactions);
    clockAtStart = clock.instant();
    run = UUID.randomUUID().toString();
    smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
    smtp.start();
    mailSender = new JavaMailSenderImpl();
    mailSender.setHost("127.0.0.1");
    mailSender.setPort(smtp.getSmtp().getPort());
    Properties timeouts = new Properties();
    timeouts.setProperty("mail.smtp.connectiontimeout", "5000");
    timeouts.setProperty("mail.smtp.timeout", "5000");
    mailSender.setJavaMailProperties(timeouts);
    outbox =
        new Outbox(
            messages,
            transactions,
            audit,
            clock,
            mailSender,
            "Recoup Collections <collections@recoup.example>",
            MAX_ATTEMPTS,
            BACKOFF_SECONDS,
            // Room for messages other test classes left due, so that this run's are always reached.
            1000);
  }

  @AfterEach
  void stopMailServerAndRestoreTheClock() {
    if (smtp != null) {
      smtp.stop();
    }
    // The clock is shared with every test class of the context: put it back where it was.
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void sendsAQueuedEmailWithItsAttachmentExactlyOnce() throws Exception {
    OutgoingEmail email =
        reminder(
            "first-reminder",
            List.of(
                new Attachment(
                    "statement-ACME-2026-11-20.pdf",
                    "application/pdf",
                    "%PDF-1.4 statement".getBytes(StandardCharsets.US_ASCII))));

    long id = tx.execute(s -> outbox.enqueue(email));

    assertThat(outbox.find(id).orElseThrow().status()).isEqualTo(Status.PENDING);
    outbox.sendDue();
    outbox.sendDue();

    List<MimeMessage> received = receivedWithSubject(email.subject());
    assertThat(received).hasSize(1);
    String raw = raw(received.get(0));
    assertThat(raw)
        .contains("statement-ACME-2026-11-20.pdf")
        .contains("X-Recoup-Outbox-Id: " + id)
        .contains("collections@recoup.example");
    assertThat(Arrays.stream(received.get(0).getAllRecipients()).map(Object::toString))
        .containsExactly("ap@customer.example", "controller@customer.example");
    OutboxMessage sent = outbox.find(id).orElseThrow();
    assertThat(sent.status()).isEqualTo(Status.SENT);
    assertThat(sent.sentAt()).isEqualTo(clock.instant());
    assertThat(sent.attempts()).isEqualTo(1);
    assertThat(outbox.attachmentsOf(id))
        .extracting(OutboxMessage.AttachedFile::filename)
        .containsExactly("statement-ACME-2026-11-20.pdf");
    assertThat(audit.historyOf("account", ACCOUNT, 500))
        .extracting(e -> e.action() + " " + e.after())
        .anySatisfy(s -> assertThat(s).startsWith("email.queued").contains(messageId(id)))
        .anySatisfy(s -> assertThat(s).startsWith("email.sent").contains(messageId(id)));
  }

  @Test
  void sameIdempotencyKeyQueuesOneMessage() {
    OutgoingEmail email = reminder("double-submit");

    long first = tx.execute(s -> outbox.enqueue(email));
    long second = tx.execute(s -> outbox.enqueue(email));

    assertThat(second).isEqualTo(first);
    assertThat(
            jdbc.sql("select count(*) from outbox_message where idempotency_key = ?")
                .param(email.idempotencyKey())
                .query(Long.class)
                .single())
        .isEqualTo(1L);
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from audit_event
                    where action = 'email.queued' and (after_state::jsonb ->> 'messageId') = ?""")
                .param(String.valueOf(first))
                .query(Long.class)
                .single())
        .isEqualTo(1L);
    outbox.sendDue();
    assertThat(receivedWithSubject(email.subject())).hasSize(1);
  }

  @Test
  void anEmailQueuedInATransactionThatRollsBackIsNeverSent() {
    OutgoingEmail email = reminder("rolled-back");

    tx.executeWithoutResult(
        s -> {
          outbox.enqueue(email);
          s.setRollbackOnly();
        });
    outbox.sendDue();

    assertThat(messages.idOf(email.idempotencyKey())).isEmpty();
    assertThat(receivedWithSubject(email.subject())).isEmpty();
  }

  @Test
  void retriesWithBackoffThenDeadLettersWhenSmtpIsDown_andARetryAfterRecoverySendsOnce() {
    OutgoingEmail email = reminder("smtp-down");
    long id = tx.execute(s -> outbox.enqueue(email));
    smtp.stop(); // the mail server goes down; nothing listens on its port any more

    // 1st attempt fails: due again after 30 s, then 60, 120, 240; the 5th failure dead-letters it.
    long expectedDelay = BACKOFF_SECONDS;
    for (int attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      assertThat(outbox.sendDue()).isZero();
      OutboxMessage failed = outbox.find(id).orElseThrow();
      assertThat(failed.status()).isEqualTo(Status.PENDING);
      assertThat(failed.attempts()).isEqualTo(attempt);
      assertThat(failed.lastError()).isNotBlank();
      assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(expectedDelay));

      outbox.sendDue(); // not due yet: no new attempt
      assertThat(outbox.find(id).orElseThrow().attempts()).isEqualTo(attempt);

      clock.advanceSeconds(expectedDelay);
      expectedDelay *= 2;
    }
    assertThat(outbox.sendDue()).isZero();
    OutboxMessage dead = outbox.find(id).orElseThrow();
    assertThat(dead.status()).isEqualTo(Status.DEAD);
    assertThat(dead.attempts()).isEqualTo(MAX_ATTEMPTS);
    assertThat(dead.lastError()).isNotBlank();
    assertThat(dead.retryable()).isTrue();

    clock.advanceSeconds(3600);
    outbox.sendDue(); // dead stays dead, however long one waits
    assertThat(outbox.find(id).orElseThrow().status()).isEqualTo(Status.DEAD);

    // The mail server is back; a person retries the message.
    smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
    smtp.start();
    mailSender.setPort(smtp.getSmtp().getPort());
    tx.executeWithoutResult(s -> outbox.retry(id));
    OutboxMessage retried = outbox.find(id).orElseThrow();
    assertThat(retried.status()).isEqualTo(Status.PENDING);
    assertThat(retried.attempts()).isZero();
    assertThat(retried.nextAttemptAt()).isEqualTo(clock.instant());
    outbox.sendDue();
    outbox.sendDue();

    assertThat(receivedWithSubject(email.subject())).hasSize(1);
    assertThat(outbox.find(id).orElseThrow().status()).isEqualTo(Status.SENT);
    assertThat(audit.historyOf("account", ACCOUNT, 500))
        .extracting(e -> e.action() + " " + e.after())
        .anySatisfy(s -> assertThat(s).startsWith("email.dead-lettered").contains(messageId(id)))
        .anySatisfy(s -> assertThat(s).startsWith("email.retried").contains(messageId(id)));
  }

  @Test
  void aSendInterruptedLongAgoIsDeadLetteredForAPersonToCheckNeverResent() {
    OutgoingEmail recentEmail = reminder("interrupted-recently");
    OutgoingEmail longAgoEmail = reminder("interrupted-long-ago");
    long recent = tx.execute(s -> outbox.enqueue(recentEmail));
    long longAgo = tx.execute(s -> outbox.enqueue(longAgoEmail));
    // Both were claimed by a worker that then stopped mid-send: one 2 minutes ago, one 11.
    markSending(recent, clock.instant().minusSeconds(120));
    markSending(longAgo, clock.instant().minusSeconds(660));

    outbox.sendDue();

    OutboxMessage dead = outbox.find(longAgo).orElseThrow();
    assertThat(dead.status()).isEqualTo(Status.DEAD);
    assertThat(dead.lastError())
        .isEqualTo("interrupted during send; check the mail server before retrying");
    assertThat(outbox.find(recent).orElseThrow().status()).isEqualTo(Status.SENDING);

    clock.advanceSeconds(9 * 60); // now the other one is 11 minutes old too
    outbox.sendDue();

    assertThat(outbox.find(recent).orElseThrow().status()).isEqualTo(Status.DEAD);
    assertThat(receivedWithSubject(recentEmail.subject())).isEmpty();
    assertThat(receivedWithSubject(longAgoEmail.subject())).isEmpty();
  }

  @Test
  void withoutSmtpMessagesAreHeldAndReadable() {
    // As configured in production without RECOUP_SMTP_HOST: the host property is present but empty,
    // and Spring Boot may still define a mail sender; the outbox must not use it.
    Outbox heldOutbox =
        new Outbox(
            messages,
            transactions,
            audit,
            clock,
            applicationMailSender,
            "",
            "collections@recoup.example",
            MAX_ATTEMPTS,
            BACKOFF_SECONDS,
            50);
    OutgoingEmail email = reminder("no-smtp");

    long id = tx.execute(s -> heldOutbox.enqueue(email));

    assertThat(heldOutbox.sendsMail()).isFalse();
    OutboxMessage held = heldOutbox.find(id).orElseThrow();
    assertThat(held.status()).isEqualTo(Status.HELD);
    assertThat(held.to()).isEqualTo(email.to());
    assertThat(held.subject()).isEqualTo(email.subject());
    assertThat(held.bodyHtml()).isEqualTo(email.bodyHtml());
    assertThat(held.bodyText()).contains("Dear Accounts Payable,").doesNotContain("<p>");
    assertThat(held.createdBy()).isEqualTo("system");
    assertThat(heldOutbox.recent("HELD", 1000)).extracting(OutboxMessage::id).contains(id);
    assertThat(heldOutbox.forAccount(ACCOUNT, 1000)).extracting(OutboxMessage::id).contains(id);
    assertThat(heldOutbox.sendDue()).isZero();
    assertThatThrownBy(() -> heldOutbox.retry(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no SMTP server");
    assertThat(heldOutbox.find(id).orElseThrow().status()).isEqualTo(Status.HELD);
  }

  @Test
  void queuingNeedsTheCallersTransactionAndAValidAddress() {
    assertThatThrownBy(() -> applicationOutbox.enqueue(reminder("no-transaction")))
        .isInstanceOf(IllegalTransactionStateException.class);
    OutgoingEmail badAddress =
        new OutgoingEmail(
            "bad-address:" + run,
            ACCOUNT,
            "COLLECTION_EMAIL",
            "not an address",
            null,
            "Hi",
            "<p/>");
    assertThatThrownBy(() -> tx.execute(s -> applicationOutbox.enqueue(badAddress)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("to:");
    assertThatThrownBy(
            () ->
                new OutgoingEmail(
                    "no-recipient:" + run, ACCOUNT, "COLLECTION_EMAIL", " ", null, "Hi", "<p/>"))
        .hasMessage("to: required");
  }

  @Test
  void backoffDoublesFromTheBaseAndStopsAtAnHour() {
    assertThat(Outbox.backoffSeconds(30, 1)).isEqualTo(30);
    assertThat(Outbox.backoffSeconds(30, 2)).isEqualTo(60);
    assertThat(Outbox.backoffSeconds(30, 4)).isEqualTo(240);
    assertThat(Outbox.backoffSeconds(30, 8)).isEqualTo(3600);
    assertThat(Outbox.backoffSeconds(30, 1000)).isEqualTo(3600);
  }

  /** A payment reminder unique to this test run, so that rows of other runs never interfere. */
  OutgoingEmail reminder(String name) {
    return reminder(name, List.of());
  }

  OutgoingEmail reminder(String name, List<Attachment> attachments) {
    return new OutgoingEmail(
        "test-reminder:" + name + ":" + run,
        ACCOUNT,
        "COLLECTION_EMAIL",
        "ap@customer.example",
        "controller@customer.example",
        "Payment reminder " + name + " " + run,
        """
        <html><head><title>Payment reminder</title></head><body>
        <p>Dear Accounts Payable,</p>
        <p>Invoice INV-1001 for 1,200.00 EUR is 14 days past due &amp; still open.</p>
        </body></html>""",
        attachments);
  }

  /** How audit rows name the message (the keys are sorted, and messageId is never the last). */
  static String messageId(long id) {
    return "\"messageId\":" + id + ",";
  }

  void markSending(long id, Instant since) {
    jdbc.sql("update outbox_message set status = 'SENDING', sending_since = ? where id = ?")
        .params(OffsetDateTime.ofInstant(since, ZoneOffset.UTC), id)
        .update();
  }

  /**
   * The distinct messages the mail server accepted with this subject. GreenMail keeps one copy per
   * recipient's mailbox; a copy carries the Message-ID of its send, and a second send would have a
   * new one.
   */
  List<MimeMessage> receivedWithSubject(String subject) {
    smtp.waitForIncomingEmail(500, 1);
    Map<String, MimeMessage> byMessageId = new LinkedHashMap<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      try {
        if (subject.equals(m.getSubject())) {
          byMessageId.putIfAbsent(m.getMessageID(), m);
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return List.copyOf(byMessageId.values());
  }

  static String raw(MimeMessage message) throws IOException, MessagingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
