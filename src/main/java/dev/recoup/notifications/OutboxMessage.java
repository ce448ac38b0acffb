package dev.recoup.notifications;

import java.time.Instant;

/**
 * One e-mail in the outbox as it stands: what it says, where it is in its life, what went wrong.
 */
public record OutboxMessage(
    long id,
    String idempotencyKey,
    Long accountId,
    String kind,
    String to,
    String cc,
    String subject,
    String bodyHtml,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant createdAt,
    Instant sentAt,
    String createdBy) {

  /** Where a message is in its life. */
  public enum Status {
    /** Waiting for the worker, at {@code nextAttemptAt}. */
    PENDING,
    /** Handed to the mail server right now; never picked up again automatically. */
    SENDING,
    /** Accepted by the mail server. */
    SENT,
    /** Given up on: too many failures, or interrupted during a send. A person decides. */
    DEAD,
    /** Kept because no SMTP server is configured; readable, never sent until retried. */
    HELD
  }

  /** Only a person sends a dead or held message again, after checking why it stopped. */
  public boolean retryable() {
    return status == Status.DEAD || status == Status.HELD;
  }

  /** The body as plain text (tags removed): for previews and the text part of the e-mail. */
  public String bodyText() {
    return HtmlText.of(bodyHtml);
  }

  /** A file attached to a message, without its content. */
  public record AttachedFile(long id, String filename, String contentType, long sizeBytes) {}
}
