/**
 * Notifications: the e-mail outbox. Other modules hand an {@link
 * dev.recoup.notifications.OutgoingEmail} to {@link dev.recoup.notifications.Outbox#enqueue} inside
 * the transaction of the activity that causes it; the {@code OutboxWorker} sends it afterwards,
 * retries with backoff and dead-letters what cannot be delivered. This module owns the outbox and
 * is the only one that talks to the mail server: nothing else sends e-mail. Without an SMTP server
 * ({@code RECOUP_SMTP_HOST}) messages are held and stay readable on the Outbox page.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "audit"})
package dev.recoup.notifications;
