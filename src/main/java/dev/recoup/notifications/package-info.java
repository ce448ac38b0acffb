/**
 * Notifications: the e-mail outbox. Other modules hand an {@link
 * dev.recoup.notifications.OutgoingEmail} to {@link dev.recoup.notifications.Outbox#enqueue} inside
 * the transaction of the activity that causes it; the {@code OutboxWorker} sends it afterwards,
 * retries with backoff and dead-letters what cannot be delivered. This module owns the outbox and
 * is the only one that talks to the mail server: nothing else sends e-mail. Without an SMTP server
 * ({@code RECOUP_SMTP_HOST}) messages are held and stay readable on the Outbox page.
 *
 * <p>It also owns outgoing webhooks ({@code Webhooks}: the provisioning system, chat alerts through
 * {@code ChatAlerts}): stored first, signed with HMAC-SHA256 over timestamp and body, delivered by
 * the {@code WebhookWorker} with the same delivery id on every retry, backed off, dead-lettered
 * with an alert and replayable.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "audit"})
package dev.recoup.notifications;
