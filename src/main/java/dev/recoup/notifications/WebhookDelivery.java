package dev.recoup.notifications;

import java.time.Instant;

/** A webhook as stored: what is sent, to which target, and how its delivery went so far. */
public record WebhookDelivery(
    long id,
    String idempotencyKey,
    WebhookTarget target,
    String eventType,
    Long accountId,
    String subjectType,
    Long subjectId,
    String orderingKey,
    String body,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Integer lastHttpStatus,
    String lastError,
    Instant createdAt,
    String createdBy,
    Instant deliveredAt) {

  public enum Status {
    /** Waiting for its next attempt. */
    PENDING,
    /** Claimed by a worker and being POSTed right now. */
    SENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Given up on: too many failures, or refused by the receiver. A person replays it. */
    DEAD,
    /** Kept because its target has no URL or no signing secret configured; replayed by a person. */
    HELD,
    /**
     * Made pointless by a later delivery (a reinstatement supersedes an undelivered suspension).
     */
    CANCELLED
  }

  /** Only a person sends a dead or held delivery again, after checking why it stopped. */
  public boolean replayable() {
    return status == Status.DEAD || status == Status.HELD;
  }

  /** One POST of a delivery and what the receiver answered (or why there was no answer). */
  public record Attempt(
      long id,
      long deliveryId,
      int attempt,
      String url,
      Instant startedAt,
      Integer durationMs,
      Integer httpStatus,
      String responseExcerpt,
      String error) {

    public boolean succeeded() {
      return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
    }
  }
}
