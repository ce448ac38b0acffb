package dev.recoup.suspension;

import dev.recoup.accounts.AccountId;
import dev.recoup.suspension.Suspension.Origin;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The suspension table. Status changes are guarded by the status they leave (no lost updates). */
@Repository
class SuspensionRecords {

  private static final String SELECT =
      """
      select s.*, a.name as account_name, a.external_id as account_external_id
      from suspension s join customer_account a on a.id = s.account_id
      """;

  private static final String[] OPEN =
      SuspensionStatus.OPEN.stream().map(Enum::name).toArray(String[]::new);

  private final JdbcClient jdbc;

  SuspensionRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new suspension; empty when the account (and scope) already has an open one (I4). */
  Optional<Long> insert(
      AccountId account,
      String contractRef,
      Long parentId,
      SuspensionStatus status,
      Origin origin,
      String reason,
      String evidence,
      LocalDate suspendOn,
      LocalDate noticeOn,
      String requestedBy,
      Instant requestedAt,
      String decidedBy,
      Instant decidedAt,
      String requestKey) {
    return jdbc.sql(
            """
            insert into suspension (account_id, contract_ref, parent_id, status, origin, reason,
              evidence, suspend_on, notice_on, requested_by, requested_at, decided_by, decided_at,
              request_key)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict do nothing
            returning id""")
        .params(
            account.value(),
            contractRef,
            parentId,
            status.name(),
            origin.name(),
            reason,
            evidence,
            suspendOn,
            noticeOn,
            requestedBy,
            at(requestedAt),
            decidedBy,
            decidedAt == null ? null : at(decidedAt),
            requestKey)
        .query(Long.class)
        .optional();
  }

  Optional<Suspension> byId(long id) {
    return jdbc.sql(SELECT + " where s.id = ?").param(id).query(SuspensionRecords::map).optional();
  }

  /**
   * Locks the row for a status change: the job, a listener and a person never step on each other.
   */
  Optional<Suspension> byIdForUpdate(long id) {
    jdbc.sql("select id from suspension where id = ? for update")
        .param(id)
        .query(Long.class)
        .list();
    return byId(id);
  }

  Optional<Long> idOfRequest(String requestKey) {
    return jdbc.sql("select id from suspension where request_key = ?")
        .param(requestKey)
        .query(Long.class)
        .optional();
  }

  List<Suspension> openOn(AccountId account) {
    return jdbc.sql(SELECT + " where s.account_id = ? and s.status = any(?) order by s.id")
        .params(account.value(), OPEN)
        .query(SuspensionRecords::map)
        .list();
  }

  /** Of these accounts, those with an open suspension of their own (not cascaded), by id. */
  List<AccountId> withOpenRoots(java.util.Collection<AccountId> accounts) {
    Long[] ids = accounts.stream().map(AccountId::value).distinct().toArray(Long[]::new);
    return jdbc.sql(
            """
            select distinct account_id from suspension
            where account_id = any(?) and status = any(?) and parent_id is null
            order by account_id""")
        .params(ids, OPEN)
        .query((rs, n) -> new AccountId(rs.getLong(1)))
        .list();
  }

  /** The open suspensions that decide for themselves (not cascaded children), oldest first. */
  List<Long> openRoots() {
    return jdbc.sql(
            "select id from suspension where status = any(?) and parent_id is null order by id")
        .param(OPEN)
        .query(Long.class)
        .list();
  }

  List<Suspension> withStatus(Collection<SuspensionStatus> statuses, int limit) {
    return jdbc.sql(SELECT + " where s.status = any(?) order by s.suspend_on, s.id limit ?")
        .params(statuses.stream().map(Enum::name).toArray(String[]::new), limit)
        .query(SuspensionRecords::map)
        .list();
  }

  /** Suspensions that ended (reinstated, cancelled, rejected) since a moment, newest first. */
  List<Suspension> endedSince(Instant since, int limit) {
    return jdbc.sql(
            SELECT
                + " where s.ended_at >= ? and s.parent_id is null order by s.ended_at desc limit ?")
        .params(at(since), limit)
        .query(SuspensionRecords::map)
        .list();
  }

  List<Suspension> all(int limit) {
    return jdbc.sql(SELECT + " order by s.id desc limit ?")
        .param(limit)
        .query(SuspensionRecords::map)
        .list();
  }

  List<Suspension> forAccount(AccountId account, int limit) {
    return jdbc.sql(SELECT + " where s.account_id = ? order by s.id desc limit ?")
        .params(account.value(), limit)
        .query(SuspensionRecords::map)
        .list();
  }

  List<Suspension> childrenOf(long parentId) {
    return jdbc.sql(SELECT + " where s.parent_id = ? order by s.id")
        .param(parentId)
        .query(SuspensionRecords::map)
        .list();
  }

  boolean approve(
      long id,
      String by,
      Instant at,
      String note,
      LocalDate noticeOn,
      LocalDate suspendOn,
      boolean cascade) {
    return jdbc.sql(
                """
                update suspension set status = 'APPROVED', decided_by = ?, decided_at = ?,
                  decision_note = ?, notice_on = ?, suspend_on = ?, cascade_end_customers = ?
                where id = ? and status = 'PROPOSED'""")
            .params(by, at(at), note, noticeOn, suspendOn, cascade, id)
            .update()
        == 1;
  }

  boolean reject(long id, String by, Instant at, String note) {
    return jdbc.sql(
                """
                update suspension set status = 'REJECTED', decided_by = ?, decided_at = ?,
                  decision_note = ?, ended_at = ?, end_reason = ?
                where id = ? and status = 'PROPOSED'""")
            .params(by, at(at), note, at(at), note, id)
            .update()
        == 1;
  }

  /**
   * The suspension and its cascaded children: notice sent (the message is the parent's). Returns
   * the ids moved, the parent's first; empty when the parent was not waiting for its notice.
   */
  List<Long> noticeSent(long id, Long messageId, Instant at) {
    List<Long> moved =
        jdbc.sql(
                """
                update suspension set status = 'NOTICE_SENT', notice_message_id = ?,
                  notice_sent_at = ?
                where id = ? and status = 'APPROVED'
                returning id""")
            .params(messageId, at(at), id)
            .query(Long.class)
            .list();
    if (moved.isEmpty()) {
      return moved;
    }
    List<Long> all = new java.util.ArrayList<>(moved);
    all.addAll(
        jdbc.sql(
                """
                update suspension set status = 'NOTICE_SENT', notice_sent_at = ?
                where parent_id = ? and status = 'APPROVED'
                returning id""")
            .params(at(at), id)
            .query(Long.class)
            .list());
    return all;
  }

  /** Moves the suspension and its children from one status to another; returns those moved. */
  List<Long> move(
      long id,
      Collection<SuspensionStatus> from,
      SuspensionStatus to,
      Instant at,
      String endReason) {
    boolean ends = !to.isOpen();
    return jdbc.sql(
            """
            update suspension set status = :to,
              suspended_at = case when :to = 'SUSPENDED' then cast(:at as timestamptz) else suspended_at end,
              ended_at = case when :ends then cast(:at as timestamptz) else ended_at end,
              end_reason = case when :ends then :why else end_reason end
            where (id = :id or parent_id = :id) and status = any(:from)
            returning id""")
        .param("to", to.name())
        .param("at", at(at))
        .param("ends", ends)
        .param("why", endReason)
        .param("id", id)
        .param("from", from.stream().map(Enum::name).toArray(String[]::new))
        .query(Long.class)
        .list();
  }

  private static OffsetDateTime at(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Suspension map(ResultSet rs, int row) throws SQLException {
    long parent = rs.getLong("parent_id");
    Long parentId = rs.wasNull() ? null : parent;
    long message = rs.getLong("notice_message_id");
    Long messageId = rs.wasNull() ? null : message;
    return new Suspension(
        rs.getLong("id"),
        new AccountId(rs.getLong("account_id")),
        rs.getString("account_name"),
        rs.getString("account_external_id"),
        rs.getString("contract_ref"),
        parentId,
        SuspensionStatus.valueOf(rs.getString("status")),
        Origin.valueOf(rs.getString("origin")),
        rs.getString("reason"),
        rs.getString("evidence"),
        rs.getObject("suspend_on", LocalDate.class),
        rs.getObject("notice_on", LocalDate.class),
        rs.getBoolean("cascade_end_customers"),
        rs.getString("requested_by"),
        instant(rs, "requested_at"),
        rs.getString("decided_by"),
        instant(rs, "decided_at"),
        rs.getString("decision_note"),
        messageId,
        instant(rs, "notice_sent_at"),
        instant(rs, "suspended_at"),
        instant(rs, "ended_at"),
        rs.getString("end_reason"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
