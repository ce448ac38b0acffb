package dev.recoup.notifications;

/**
 * Where a signed webhook goes: the provisioning system that switches a customer's service off and
 * on, or the team's chat (a Slack-compatible incoming webhook). Each has its own configured URL.
 */
public enum WebhookTarget {
  /** {@code recoup.webhooks.provisioning-url} ({@code RECOUP_PROVISIONING_WEBHOOK_URL}). */
  PROVISIONING,
  /** {@code recoup.webhooks.chat-url} ({@code RECOUP_CHAT_WEBHOOK_URL}). */
  CHAT
}
