package dev.recoup.notifications;

import dev.recoup.audit.AuditTrail;
import dev.recoup.notifications.OutboxMessage.AttachedFile;
import dev.recoup.notifications.OutboxMessage.Status;
import dev.recoup.notifications.OutgoingEmail.Attachment;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The e-mail outbox: the only way Recoup sends e-mail. A message is stored in the caller's
 * transaction ({@link #enqueue}), so it exists exactly when the activity that caused it committed;
 * the worker ({@link #sendDue}) sends it afterwards, retries failures with exponential backoff and
 * dead-letters what keeps failing. A message is never sent twice: it is marked SENDING and
 * committed before the mail server is called, and a send that was interrupted is dead-lettered for
 * a person to check rather than repeated.
 */
@Service
public class Outbox {

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** A send takes seconds (bounded by the SMTP timeouts); one older than this was interrupted. */
  static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(10);

  static final String INTERRUPTED =
      "interrupted during send; check the mail server before retrying";

  static final long MAX_BACKOFF_SECONDS = 3600;

  private static final int MAX_ERROR_LENGTH = 2000;
  private static final int MAX_LIMIT = 1000;

  private final OutboxMessages messages;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final Clock clock;

  /** Null when no SMTP server is configured: messages are then held instead of sent. */
  private final JavaMailSender mailSender;

  private final String from;
  private final int maxAttempts;
  private final long backoffSeconds;
  private final int batchSize;

  /**
   * Spring Boot defines a mail sender as soon as {@code spring.mail.host} is present, even empty
   * (our properties always name it), so a blank host is what means "no SMTP server".
   */
  @Autowired
  Outbox(
      OutboxMessages messages,
      PlatformTransactionManager transactions,
      AuditTrail audit,
      Clock clock,
      ObjectProvider<JavaMailSender> mailSender,
      @Value("${spring.mail.host:}") String smtpHost,
      @Value("${recoup.mail.from:collections@recoup.example}") String from,
      @Value("${recoup.outbox.max-attempts:5}") int maxAttempts,
      @Value("${recoup.outbox.backoff-seconds:30}") long backoffSeconds,
      @Value("${recoup.outbox.batch-size:50}") int batchSize) {
    this(
        messages,
        transactions,
        audit,
        clock,
        smtpHost == null || smtpHost.isBlank() ? null : mailSender.getIfAvailable(),
        from,
        maxAttempts,
        backoffSeconds,
        batchSize);
  }

  /** With a mail sender of the caller's choosing (null: no SMTP server, messages are held). */
  Outbox(
      OutboxMessages messages,
      PlatformTransactionManager transactions,
      AuditTrail audit,
      Clock clock,
      JavaMailSender mailSenderOrNull,
      String from,
      int maxAttempts,
      long backoffSeconds,
      int batchSize) {
    if (maxAttempts < 1 || backoffSeconds < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "recoup.outbox: max-attempts, backoff-seconds and batch-size must be at least 1");
    }
    this.messages = messages;
    this.tx = new TransactionTemplate(transactions);
    this.audit = audit;
    this.clock = clock;
    this.mailSender = mailSenderOrNull;
    this.from = from;
    this.maxAttempts = maxAttempts;
    this.backoffSeconds = backoffSeconds;
    this.batchSize = batchSize;
  }

  /** Raised for an id that names no message in the outbox. */
  public static class NoSuchMessage extends RuntimeException {
    public NoSuchMessage(long id) {
      super("No outbox message " + id);
    }
  }

  /** Whether an SMTP server is configured; without one, messages are held on the Outbox page. */
  public boolean sendsMail() {
    return mailSender != null;
  }

  /** The sender address of every message ({@code recoup.mail.from}). */
  public String fromAddress() {
    return from;
  }

  /**
   * Stores an e-mail in the caller's transaction (there must be one: the e-mail and the activity
   * that caused it commit or roll back together) and audits it. Returns the message id; when a
   * message with the same idempotency key exists, returns its id and stores nothing.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public long enqueue(OutgoingEmail e) {
    requireAddress("to", e.to());
    if (e.cc() != null) {
      addresses("cc", e.cc());
    }
    Status status = sendsMail() ? Status.PENDING : Status.HELD;
    Optional<Long> inserted = messages.insert(e, status, now(), currentActor());
    if (inserted.isEmpty()) {
      return messages
          .idOf(e.idempotencyKey())
          .orElseThrow(() -> new IllegalStateException("idempotency key vanished"));
    }
    long id = inserted.get();
    for (Attachment a : e.attachments()) {
      messages.insertAttachment(id, a);
    }
    audit.record(
        "email.queued",
        subjectType(e.accountId()),
        subjectId(e.accountId(), id),
        null,
        Map.of("to", e.to(), "subject", e.subject(), "messageId", id),
        null);
    return id;
  }

  /** The most recent messages, newest first; {@code statusOrNull} names one {@link Status}. */
  public List<OutboxMessage> recent(String statusOrNull, int limit) {
    return messages.recent(status(statusOrNull), cap(limit));
  }

  public Optional<OutboxMessage> find(long id) {
    return messages.byId(id);
  }

  /** The messages about one account, newest first. */
  public List<OutboxMessage> forAccount(long accountId, int limit) {
    return messages.forAccount(accountId, cap(limit));
  }

  /** The files attached to a message (names and sizes, not the content). */
  public List<AttachedFile> attachmentsOf(long id) {
    return messages.attachedFiles(id);
  }

  /** How many messages are in each status (every status present, zero when none). */
  public Map<Status, Long> countsByStatus() {
    return messages.countsByStatus();
  }

  /**
   * Sends a dead or held message again: PENDING, attempts reset, due now (audited). Refused while
   * no SMTP server is configured, since the message would only wait where nobody sees it.
   */
  @Transactional
  public void retry(long id) {
    OutboxMessage m = messages.byIdForUpdate(id).orElseThrow(() -> new NoSuchMessage(id));
    if (!m.retryable()) {
      throw new IllegalArgumentException(
          "status: only dead or held e-mails are sent again; this one is " + m.status());
    }
    if (!sendsMail()) {
      throw new IllegalArgumentException(
          "mail: no SMTP server is configured (RECOUP_SMTP_HOST), so the e-mail stays held");
    }
    messages.requeue(id, now());
    audit.record(
        "email.retried",
        subjectType(m.accountId()),
        subjectId(m.accountId(), id),
        Map.of("messageId", id, "status", m.status().name(), "attempts", m.attempts()),
        Map.of("messageId", id, "status", Status.PENDING.name()),
        null);
  }

  /**
   * The worker's step: dead-letters interrupted sends, then sends the due messages one by one (at
   * most {@code recoup.outbox.batch-size}). Returns how many were sent. Runs outside any
   * transaction: each message is claimed and committed as SENDING before the mail server is called.
   */
  public int sendDue() {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      // Inside a caller's transaction the SENDING mark would commit only after the send, and a
      // crash in between would send the message again.
      throw new IllegalStateException("Outbox.sendDue must run outside a transaction");
    }
    if (!sendsMail()) {
      return 0;
    }
    deadLetterInterruptedSends();
    int sent = 0;
    for (int i = 0; i < batchSize; i++) {
      Optional<OutboxMessage> claimed = tx.execute(s -> messages.claimNextDue(now()));
      if (claimed == null || claimed.isEmpty()) {
        break;
      }
      if (send(claimed.get())) {
        sent++;
      }
    }
    return sent;
  }

  /**
   * Dead-letters messages that have been SENDING for more than ten minutes: the process stopped
   * during the send, and the mail server may have accepted them. A person checks and retries; the
   * outbox never guesses. Returns how many there were.
   */
  public int deadLetterInterruptedSends() {
    OffsetDateTime cutoff = now().minus(INTERRUPTED_AFTER);
    List<OutboxMessage> dead =
        tx.execute(
            s -> {
              List<OutboxMessage> rows = messages.deadLetterSendingSince(cutoff, INTERRUPTED);
              for (OutboxMessage m : rows) {
                auditDeadLetter(m, m.attempts(), INTERRUPTED);
              }
              return rows;
            });
    if (dead == null) {
      return 0;
    }
    for (OutboxMessage m : dead) {
      alert(m, m.attempts(), INTERRUPTED);
    }
    return dead.size();
  }

  private boolean send(OutboxMessage m) {
    try {
      transmit(m);
    } catch (MessagingException | RuntimeException e) {
      tx.executeWithoutResult(s -> recordFailure(m, e));
      return false;
    }
    tx.executeWithoutResult(
        s -> {
          messages.markSent(m.id(), m.attempts() + 1, now());
          audit.recordAs(
              "system",
              "email.sent",
              subjectType(m.accountId()),
              subjectId(m.accountId(), m.id()),
              null,
              Map.of("messageId", m.id(), "to", m.to(), "subject", m.subject()),
              null);
        });
    return true;
  }

  private void transmit(OutboxMessage m) throws MessagingException {
    MimeMessage mime = mailSender.createMimeMessage();
    MimeMessageHelper mail = new MimeMessageHelper(mime, true, "UTF-8");
    mail.setFrom(from);
    mail.setTo(requireAddress("to", m.to()));
    if (m.cc() != null) {
      mail.setCc(addresses("cc", m.cc()));
    }
    mail.setSubject(m.subject());
    mail.setText(m.bodyText(), m.bodyHtml());
    for (Attachment a : messages.attachments(m.id())) {
      mail.addAttachment(a.filename(), new ByteArrayResource(a.content()), a.contentType());
    }
    // Lets whoever checks the mail server after an interrupted send find this exact message.
    mime.setHeader("X-Recoup-Outbox-Id", String.valueOf(m.id()));
    mailSender.send(mime);
  }

  private void recordFailure(OutboxMessage m, Exception e) {
    int attempts = m.attempts() + 1;
    String error = describe(e);
    if (attempts >= maxAttempts) {
      messages.markDead(m.id(), attempts, error);
      auditDeadLetter(m, attempts, error);
      alert(m, attempts, error);
      return;
    }
    OffsetDateTime next = now().plusSeconds(backoffSeconds(backoffSeconds, attempts));
    messages.reschedule(m.id(), attempts, next, error);
    log.warn(
        "Outbox: message {} to {} failed (attempt {} of {}), next attempt at {}: {}",
        m.id(),
        m.to(),
        attempts,
        maxAttempts,
        next,
        error);
  }

  /**
   * Delay before the next attempt after {@code attempts} failures: base, doubling, capped at 1h.
   */
  static long backoffSeconds(long base, int attempts) {
    int doublings = Math.max(0, Math.min(attempts - 1, 20));
    return Math.min(base << doublings, MAX_BACKOFF_SECONDS);
  }

  private void auditDeadLetter(OutboxMessage m, int attempts, String error) {
    audit.recordAs(
        "system",
        "email.dead-lettered",
        subjectType(m.accountId()),
        subjectId(m.accountId(), m.id()),
        null,
        Map.of("messageId", m.id(), "to", m.to(), "attempts", attempts, "error", error),
        null);
  }

  /** The line operations alert on. */
  private static void alert(OutboxMessage m, int attempts, String error) {
    log.error(
        "Outbox: message {} to {} dead-lettered after {} attempts: {}",
        m.id(),
        m.to(),
        attempts,
        error);
  }

  private static InternetAddress requireAddress(String field, String address) {
    try {
      InternetAddress a = new InternetAddress(address, true);
      a.validate();
      return a;
    } catch (AddressException e) {
      throw new IllegalArgumentException(field + ": not an e-mail address: " + address);
    }
  }

  private static InternetAddress[] addresses(String field, String list) {
    try {
      InternetAddress[] parsed = InternetAddress.parse(list, true);
      for (InternetAddress a : parsed) {
        a.validate();
      }
      return parsed;
    } catch (AddressException e) {
      throw new IllegalArgumentException(field + ": not a list of e-mail addresses: " + list);
    }
  }

  private static Status status(String statusOrNull) {
    if (statusOrNull == null || statusOrNull.isBlank()) {
      return null;
    }
    try {
      return Status.valueOf(statusOrNull.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "status: one of "
              + Arrays.stream(Status.values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }

  private static int cap(int limit) {
    return Math.max(1, Math.min(limit, MAX_LIMIT));
  }

  /** Messages about an account appear in its history; the others under their own id. */
  private static String subjectType(Long accountId) {
    return accountId == null ? "email" : "account";
  }

  private static Object subjectId(Long accountId, long messageId) {
    return accountId == null ? messageId : accountId;
  }

  private static String describe(Exception e) {
    String text =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }

  private static String currentActor() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null || !auth.isAuthenticated() ? "system" : auth.getName();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
