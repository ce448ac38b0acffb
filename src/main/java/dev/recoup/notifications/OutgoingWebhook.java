package dev.recoup.notifications;

import java.util.Map;

/**
 * A webhook another module wants POSTed, handed to {@link Webhooks#enqueue}. The idempotency key
 * names the logical event (for example {@code "suspension:12:suspend"}): it is sent to the receiver
 * as the delivery id, and enqueuing the same key again stores nothing new. Deliveries that share an
 * {@code orderingKey} reach the receiver in the order they were queued. The payload becomes the
 * JSON body as it is, in its map's order.
 */
public record OutgoingWebhook(
    String idempotencyKey,
    WebhookTarget target,
    String eventType,
    Long accountId,
    String subjectType,
    Long subjectId,
    String orderingKey,
    Map<String, Object> payload) {

  static final int MAX_KEY = 200;

  public OutgoingWebhook {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("idempotencyKey: required");
    }
    if (idempotencyKey.length() > MAX_KEY) {
      throw new IllegalArgumentException("idempotencyKey: at most " + MAX_KEY + " characters");
    }
    if (target == null) {
      throw new IllegalArgumentException("target: required");
    }
    if (eventType == null || eventType.isBlank() || eventType.length() > 64) {
      throw new IllegalArgumentException("eventType: 1 to 64 characters");
    }
    if (subjectType != null && subjectType.length() > 32) {
      throw new IllegalArgumentException("subjectType: at most 32 characters");
    }
    if (orderingKey != null && orderingKey.length() > 200) {
      throw new IllegalArgumentException("orderingKey: at most 200 characters");
    }
    if (payload == null) {
      throw new IllegalArgumentException("payload: required");
    }
  }
}
