package dev.recoup.notifications;

import dev.recoup.notifications.OutboxMessage.AttachedFile;
import dev.recoup.notifications.OutboxMessage.Status;
import dev.recoup.notifications.OutgoingEmail.Attachment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OutboxMessages {

  private final JdbcClient jdbc;

  OutboxMessages(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The new message's id, or empty when a message with this idempotency key already exists. */
  Optional<Long> insert(OutgoingEmail e, Status status, OffsetDateTime at, String createdBy) {
    return jdbc.sql(
            """
            insert into outbox_message (idempotency_key, account_id, kind, to_address, cc, subject,
                                        body_html, status, next_attempt_at, created_at, created_by)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (idempotency_key) do nothing
            returning id""")
        .params(
            e.idempotencyKey(),
            e.accountId(),
            e.kind(),
            e.to(),
            e.cc(),
            e.subject(),
            e.bodyHtml(),
            status.name(),
            at,
            at,
            createdBy)
        .query(Long.class)
        .optional();
  }

  Optional<Long> idOf(String idempotencyKey) {
    return jdbc.sql("select id from outbox_message where idempotency_key = ?")
        .param(idempotencyKey)
        .query(Long.class)
        .optional();
  }

  void insertAttachment(long messageId, Attachment a) {
    jdbc.sql(
            """
            insert into outbox_attachment (message_id, filename, content_type, content)
            values (?, ?, ?, ?)""")
        .params(messageId, a.filename(), a.contentType(), a.content())
        .update();
  }

  Optional<OutboxMessage> byId(long id) {
    return jdbc.sql("select * from outbox_message where id = ?")
        .param(id)
        .query(OutboxMessages::map)
        .optional();
  }

  Optional<OutboxMessage> byIdForUpdate(long id) {
    return jdbc.sql("select * from outbox_message where id = ? for update")
        .param(id)
        .query(OutboxMessages::map)
        .optional();
  }

  List<OutboxMessage> recent(Status statusOrNull, int limit) {
    if (statusOrNull == null) {
      return jdbc.sql("select * from outbox_message order by id desc limit ?")
          .param(limit)
          .query(OutboxMessages::map)
          .list();
    }
    return jdbc.sql("select * from outbox_message where status = ? order by id desc limit ?")
        .params(statusOrNull.name(), limit)
        .query(OutboxMessages::map)
        .list();
  }

  List<OutboxMessage> forAccount(long accountId, int limit) {
    return jdbc.sql("select * from outbox_message where account_id = ? order by id desc limit ?")
        .params(accountId, limit)
        .query(OutboxMessages::map)
        .list();
  }

  Map<Status, Long> countsByStatus() {
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0L);
    }
    jdbc.sql("select status, count(*) as n from outbox_message group by status")
        .query(
            rs -> {
              counts.put(Status.valueOf(rs.getString("status")), rs.getLong("n"));
            });
    return counts;
  }

  List<AttachedFile> attachedFiles(long messageId) {
    return jdbc.sql(
            """
            select id, filename, content_type, octet_length(content) as size_bytes
            from outbox_attachment where message_id = ? order by id""")
        .param(messageId)
        .query(
            (rs, row) ->
                new AttachedFile(
                    rs.getLong("id"),
                    rs.getString("filename"),
                    rs.getString("content_type"),
                    rs.getLong("size_bytes")))
        .list();
  }

  List<Attachment> attachments(long messageId) {
    return jdbc.sql(
            """
            select filename, content_type, content
            from outbox_attachment where message_id = ? order by id""")
        .param(messageId)
        .query(
            (rs, row) ->
                new Attachment(
                    rs.getString("filename"), rs.getString("content_type"), rs.getBytes("content")))
        .list();
  }

  /**
   * Claims the next due message for this worker and marks it SENDING. SKIP LOCKED lets several
   * instances poll one database: each row goes to exactly one of them.
   */
  Optional<OutboxMessage> claimNextDue(OffsetDateTime now) {
    return jdbc.sql(
            """
            update outbox_message set status = 'SENDING', sending_since = ?
            where id = (select id from outbox_message
                        where status = 'PENDING' and next_attempt_at <= ?
                        order by next_attempt_at, id
                        limit 1
                        for update skip locked)
            returning *""")
        .params(now, now)
        .query(OutboxMessages::map)
        .optional();
  }

  void markSent(long id, int attempts, OffsetDateTime at) {
    jdbc.sql(
            """
            update outbox_message
            set status = 'SENT', attempts = ?, sent_at = ?, last_error = null
            where id = ? and status = 'SENDING'""")
        .params(attempts, at, id)
        .update();
  }

  void reschedule(long id, int attempts, OffsetDateTime next, String error) {
    jdbc.sql(
            """
            update outbox_message
            set status = 'PENDING', attempts = ?, next_attempt_at = ?, last_error = ?
            where id = ? and status = 'SENDING'""")
        .params(attempts, next, error, id)
        .update();
  }

  void markDead(long id, int attempts, String error) {
    jdbc.sql(
            """
            update outbox_message set status = 'DEAD', attempts = ?, last_error = ?
            where id = ? and status = 'SENDING'""")
        .params(attempts, error, id)
        .update();
  }

  /** Dead-letters the sends that began before {@code cutoff} and never finished. */
  List<OutboxMessage> deadLetterSendingSince(OffsetDateTime cutoff, String error) {
    return jdbc.sql(
            """
            update outbox_message set status = 'DEAD', attempts = attempts + 1, last_error = ?
            where status = 'SENDING' and sending_since < ?
            returning *""")
        .params(error, cutoff)
        .query(OutboxMessages::map)
        .list();
  }

  boolean requeue(long id, OffsetDateTime now) {
    return jdbc.sql(
                """
                update outbox_message
                set status = 'PENDING', attempts = 0, next_attempt_at = ?, sending_since = null
                where id = ? and status in ('DEAD', 'HELD')""")
            .params(now, id)
            .update()
        == 1;
  }

  static OutboxMessage map(ResultSet rs, int row) throws SQLException {
    long account = rs.getLong("account_id");
    Long accountId = rs.wasNull() ? null : account;
    return new OutboxMessage(
        rs.getLong("id"),
        rs.getString("idempotency_key"),
        accountId,
        rs.getString("kind"),
        rs.getString("to_address"),
        rs.getString("cc"),
        rs.getString("subject"),
        rs.getString("body_html"),
        Status.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        instant(rs, "created_at"),
        instant(rs, "sent_at"),
        rs.getString("created_by"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
