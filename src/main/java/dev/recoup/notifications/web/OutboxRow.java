package dev.recoup.notifications.web;

import dev.recoup.notifications.OutboxMessage;
import dev.recoup.notifications.OutboxMessage.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A message as the Outbox pages show it: moments in UTC, the status chip's colour. */
record OutboxRow(
    OutboxMessage message, String createdAt, String nextAttemptAt, String sentAt, String chip) {

  private static final DateTimeFormatter MOMENT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  static OutboxRow of(OutboxMessage m) {
    return new OutboxRow(
        m, moment(m.createdAt()), moment(m.nextAttemptAt()), moment(m.sentAt()), chip(m.status()));
  }

  static String chip(Status status) {
    return switch (status) {
      case PENDING -> "";
      case SENDING, HELD -> "warn";
      case SENT -> "ok";
      case DEAD -> "bad";
    };
  }

  private static String moment(Instant at) {
    return at == null ? "" : MOMENT.format(at);
  }
}
