package dev.recoup.notifications;

import dev.recoup.notifications.WebhookDelivery.Attempt;
import dev.recoup.notifications.WebhookDelivery.Status;
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
class WebhookDeliveries {

  private final JdbcClient jdbc;

  WebhookDeliveries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The new delivery's id, or empty when one with this idempotency key already exists. */
  Optional<Long> insert(
      OutgoingWebhook w,
      String body,
      Status status,
      String heldBecause,
      OffsetDateTime at,
      String createdBy) {
    return jdbc.sql(
            """
            insert into webhook_delivery (idempotency_key, target, event_type, account_id,
              subject_type, subject_id, ordering_key, body, status, next_attempt_at, last_error,
              created_at, created_by)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (idempotency_key) do nothing
            returning id""")
        .params(
            w.idempotencyKey(),
            w.target().name(),
            w.eventType(),
            w.accountId(),
            w.subjectType(),
            w.subjectId(),
            w.orderingKey(),
            body,
            status.name(),
            at,
            heldBecause,
            at,
            createdBy)
        .query(Long.class)
        .optional();
  }

  Optional<Long> idOf(String idempotencyKey) {
    return jdbc.sql("select id from webhook_delivery where idempotency_key = ?")
        .param(idempotencyKey)
        .query(Long.class)
        .optional();
  }

  Optional<WebhookDelivery> byId(long id) {
    return jdbc.sql("select * from webhook_delivery where id = ?")
        .param(id)
        .query(WebhookDeliveries::map)
        .optional();
  }

  Optional<WebhookDelivery> byIdForUpdate(long id) {
    return jdbc.sql("select * from webhook_delivery where id = ? for update")
        .param(id)
        .query(WebhookDeliveries::map)
        .optional();
  }

  List<WebhookDelivery> forSubject(String subjectType, long subjectId) {
    return jdbc.sql(
            "select * from webhook_delivery where subject_type = ? and subject_id = ? order by id")
        .params(subjectType, subjectId)
        .query(WebhookDeliveries::map)
        .list();
  }

  List<WebhookDelivery> withStatus(List<Status> statuses, String subjectTypeOrNull, int limit) {
    return jdbc.sql(
            """
            select * from webhook_delivery
            where status = any(?) and (cast(? as varchar) is null or subject_type = ?)
            order by id desc limit ?""")
        .params(
            statuses.stream().map(Status::name).toArray(String[]::new),
            subjectTypeOrNull,
            subjectTypeOrNull,
            limit)
        .query(WebhookDeliveries::map)
        .list();
  }

  Map<Status, Long> countsByStatus() {
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0L);
    }
    jdbc.sql("select status, count(*) as n from webhook_delivery group by status")
        .query(
            rs -> {
              counts.put(Status.valueOf(rs.getString("status")), rs.getLong("n"));
            });
    return counts;
  }

  List<Attempt> attempts(long deliveryId) {
    return jdbc.sql("select * from webhook_attempt where delivery_id = ? order by attempt, id")
        .param(deliveryId)
        .query(WebhookDeliveries::attempt)
        .list();
  }

  /**
   * Claims the next due delivery and marks it SENDING. A delivery waits while an earlier one with
   * the same ordering key is still to be sent; SKIP LOCKED hands each row to one worker only.
   */
  Optional<WebhookDelivery> claimNextDue(OffsetDateTime now) {
    return jdbc.sql(
            """
            update webhook_delivery set status = 'SENDING', sending_since = :now
            where id = (select d.id from webhook_delivery d
                        where d.status = 'PENDING' and d.next_attempt_at <= :now
                          and (d.ordering_key is null or not exists (
                                select 1 from webhook_delivery e
                                where e.ordering_key = d.ordering_key and e.id < d.id
                                  and e.status in ('PENDING', 'SENDING', 'HELD')))
                        order by d.next_attempt_at, d.id
                        limit 1
                        for update skip locked)
            returning *""")
        .param("now", now)
        .query(WebhookDeliveries::map)
        .optional();
  }

  int attemptCount(long deliveryId) {
    return jdbc.sql("select count(*) from webhook_attempt where delivery_id = ?")
        .param(deliveryId)
        .query(Integer.class)
        .single();
  }

  void insertAttempt(
      long deliveryId,
      int attempt,
      String url,
      OffsetDateTime startedAt,
      Integer durationMs,
      Integer httpStatus,
      String responseExcerpt,
      String error) {
    jdbc.sql(
            """
            insert into webhook_attempt (delivery_id, attempt, url, started_at, duration_ms,
              http_status, response_excerpt, error)
            values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(deliveryId, attempt, url, startedAt, durationMs, httpStatus, responseExcerpt, error)
        .update();
  }

  void markDelivered(long id, int attempts, int httpStatus, OffsetDateTime at) {
    jdbc.sql(
            """
            update webhook_delivery
            set status = 'DELIVERED', attempts = ?, last_http_status = ?, last_error = null,
                delivered_at = ?, sending_since = null
            where id = ? and status = 'SENDING'""")
        .params(attempts, httpStatus, at, id)
        .update();
  }

  void reschedule(long id, int attempts, OffsetDateTime next, Integer httpStatus, String error) {
    jdbc.sql(
            """
            update webhook_delivery
            set status = 'PENDING', attempts = ?, next_attempt_at = ?, last_http_status = ?,
                last_error = ?, sending_since = null
            where id = ? and status = 'SENDING'""")
        .params(attempts, next, httpStatus, error, id)
        .update();
  }

  void markDead(long id, int attempts, Integer httpStatus, String error) {
    jdbc.sql(
            """
            update webhook_delivery
            set status = 'DEAD', attempts = ?, last_http_status = ?, last_error = ?,
                sending_since = null
            where id = ? and status = 'SENDING'""")
        .params(attempts, httpStatus, error, id)
        .update();
  }

  void hold(long id, String why) {
    jdbc.sql(
            """
            update webhook_delivery set status = 'HELD', last_error = ?, sending_since = null
            where id = ? and status = 'SENDING'""")
        .params(why, id)
        .update();
  }

  /**
   * Puts sends that began before {@code cutoff} and never finished back in the queue, due now: the
   * receiver may have processed them, and gets the same delivery id again.
   */
  List<WebhookDelivery> requeueSendingSince(OffsetDateTime cutoff, OffsetDateTime now, String why) {
    return jdbc.sql(
            """
            update webhook_delivery
            set status = 'PENDING', attempts = attempts + 1, next_attempt_at = ?, last_error = ?,
                sending_since = null
            where status = 'SENDING' and sending_since < ?
            returning *""")
        .params(now, why, cutoff)
        .query(WebhookDeliveries::map)
        .list();
  }

  boolean requeue(long id, OffsetDateTime now) {
    return jdbc.sql(
                """
                update webhook_delivery
                set status = 'PENDING', attempts = 0, next_attempt_at = ?, sending_since = null
                where id = ? and status in ('DEAD', 'HELD')""")
            .params(now, id)
            .update()
        == 1;
  }

  List<WebhookDelivery> cancelUndelivered(String orderingKey, String why) {
    return jdbc.sql(
            """
            update webhook_delivery set status = 'CANCELLED', last_error = ?
            where ordering_key = ? and status in ('PENDING', 'HELD', 'DEAD')
            returning *""")
        .params(why, orderingKey)
        .query(WebhookDeliveries::map)
        .list();
  }

  static WebhookDelivery map(ResultSet rs, int row) throws SQLException {
    long account = rs.getLong("account_id");
    Long accountId = rs.wasNull() ? null : account;
    long subject = rs.getLong("subject_id");
    Long subjectId = rs.wasNull() ? null : subject;
    int http = rs.getInt("last_http_status");
    Integer lastHttp = rs.wasNull() ? null : http;
    return new WebhookDelivery(
        rs.getLong("id"),
        rs.getString("idempotency_key"),
        WebhookTarget.valueOf(rs.getString("target")),
        rs.getString("event_type"),
        accountId,
        rs.getString("subject_type"),
        subjectId,
        rs.getString("ordering_key"),
        rs.getString("body"),
        Status.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        lastHttp,
        rs.getString("last_error"),
        instant(rs, "created_at"),
        rs.getString("created_by"),
        instant(rs, "delivered_at"));
  }

  static Attempt attempt(ResultSet rs, int row) throws SQLException {
    int d = rs.getInt("duration_ms");
    Integer duration = rs.wasNull() ? null : d;
    int h = rs.getInt("http_status");
    Integer http = rs.wasNull() ? null : h;
    return new Attempt(
        rs.getLong("id"),
        rs.getLong("delivery_id"),
        rs.getInt("attempt"),
        rs.getString("url"),
        instant(rs, "started_at"),
        duration,
        http,
        rs.getString("response_excerpt"),
        rs.getString("error"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
