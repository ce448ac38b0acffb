package dev.recoup.notifications;

import dev.recoup.shared.DatabaseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends what the outbox holds, every {@code recoup.outbox.poll-ms}. Every instance of a cluster
 * runs one; the outbox hands each message to exactly one of them. Idle when no SMTP server is
 * configured, when {@code recoup.outbox.worker-enabled=false}, and in command-line runs.
 */
@Component
class OutboxWorker {

  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

  private final Outbox outbox;
  private final boolean command;
  private final boolean active;

  OutboxWorker(
      Outbox outbox,
      ObjectProvider<JavaMailSender> mailSender,
      Environment env,
      @Value("${recoup.outbox.worker-enabled:true}") boolean enabled) {
    this.outbox = outbox;
    this.command = DatabaseMode.isCommand(env);
    this.active = enabled && !command && mailSender.getIfAvailable() != null && outbox.sendsMail();
  }

  /** A send cut short by the last shutdown is settled before anything else goes out. */
  @EventListener(ApplicationReadyEvent.class)
  void atStartup() {
    if (command) {
      return;
    }
    if (!outbox.sendsMail()) {
      log.info(
          "Outbox: no SMTP server configured (RECOUP_SMTP_HOST); e-mails are held on the Outbox"
              + " page and nothing is sent");
    }
    try {
      outbox.deadLetterInterruptedSends();
    } catch (RuntimeException e) {
      log.warn("Outbox: could not check for interrupted sends at startup", e);
    }
  }

  @Scheduled(
      fixedDelayString = "${recoup.outbox.poll-ms:2000}",
      initialDelayString = "${recoup.outbox.poll-ms:2000}")
  void poll() {
    if (!active) {
      return;
    }
    try {
      outbox.sendDue();
    } catch (RuntimeException e) {
      // The next poll tries again; a message left SENDING is settled by the interrupted-send rule.
      log.warn("Outbox: sending failed, trying again on the next poll", e);
    }
  }
}
