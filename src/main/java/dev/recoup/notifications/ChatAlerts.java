package dev.recoup.notifications;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages to the team's chat through a Slack-compatible incoming webhook ({@code {"text": ...}}),
 * signed and delivered like every other webhook: stored with the change that causes them, retried
 * with backoff, visible and replayable when the chat is down.
 */
@Service
public class ChatAlerts {

  static final int MAX_TEXT = 3000;

  private final Webhooks webhooks;

  ChatAlerts(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  /**
   * Queues a chat message in the caller's transaction. {@code idempotencyKey} names the logical
   * alert: the same key again sends nothing new. Returns the delivery id.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public long alert(
      String idempotencyKey,
      String eventType,
      Long accountId,
      String subjectType,
      Long subjectId,
      String text) {
    return webhooks.enqueue(
        new OutgoingWebhook(
            idempotencyKey,
            WebhookTarget.CHAT,
            eventType,
            accountId,
            subjectType,
            subjectId,
            null,
            payload(text)));
  }

  /** The Slack-compatible body: the text, at most {@value #MAX_TEXT} characters. */
  static Map<String, Object> payload(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text: required");
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("text", text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…");
    return p;
  }
}
