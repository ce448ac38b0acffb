package dev.recoup.refunds;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The refund table and its exports. */
@Repository
class RefundRecords {

  private static final String SELECT =
      """
      select r.*, a.name as account_name, a.external_id as account_external_id,
             coalesce(m.number, p.external_id) as document,
             coalesce(p.value_date, m.issue_date) as document_date,
             x.exported_at,
             case when r.paid_at is not null
                  then round(extract(epoch from (r.paid_at - r.requested_at)) / 86400, 1) end as cycle_days
      from refund r
      join customer_account a on a.id = r.account_id
      left join payment p on p.id = r.payment_id
      left join credit_memo m on m.id = r.credit_memo_id
      left join refund_export x on x.id = r.export_id
      """;

  private final JdbcClient jdbc;

  RefundRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Refund> byId(long id) {
    return jdbc.sql(SELECT + " where r.id = ?").param(id).query(RefundRecords::map).optional();
  }

  /** The refund, its row locked until the transaction ends (transitions are serialised). */
  Optional<Refund> lock(long id) {
    return jdbc.sql(SELECT + " where r.id = ? for update of r")
        .param(id)
        .query(RefundRecords::map)
        .optional();
  }

  /** A refund created under an idempotency key, with the digest of the request it came with. */
  Optional<Map.Entry<Refund, String>> byIdempotencyKey(String key) {
    return jdbc.sql(SELECT + " where r.idempotency_key = ?")
        .param(key)
        .query((rs, n) -> Map.entry(map(rs, n), rs.getString("request_digest")))
        .optional();
  }

  /** The new refund's id, or empty when one with this idempotency key exists. */
  Optional<Long> insert(
      NewRefund r, String requestedBy, Instant at, String idempotencyKey, String digest) {
    return jdbc.sql(
            """
            insert into refund (account_id, payment_id, credit_memo_id, currency, amount, reason,
              status, requested_by, requested_at, idempotency_key, request_digest)
            values (?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?)
            on conflict (idempotency_key) do nothing
            returning id""")
        .params(
            r.account().value(),
            r.source().isPayment() ? r.source().id() : null,
            r.source().isPayment() ? null : r.source().id(),
            r.amount().currencyCode(),
            r.amount().amount(),
            r.reason(),
            requestedBy,
            utc(at),
            idempotencyKey,
            digest)
        .query(Long.class)
        .optional();
  }

  /** What pending refunds (other than {@code excluding}) reserve of a credit. */
  Money reserved(CreditSourceRef source, String currency, Long excluding) {
    BigDecimal sum =
        jdbc.sql(
                """
                select coalesce(sum(amount), 0) from refund
                where %s = ? and status in %s and id <> ?"""
                    .formatted(
                        source.isPayment() ? "payment_id" : "credit_memo_id",
                        RefundStatus.PENDING_SQL))
            .params(source.id(), excluding == null ? -1L : excluding)
            .query(BigDecimal.class)
            .single();
    return Money.ofStored(sum, currency);
  }

  List<Refund> withStatus(List<RefundStatus> statuses, String orderBy, int limit) {
    return jdbc.sql(SELECT + " where r.status in (:statuses) order by " + orderBy + " limit :limit")
        .param("statuses", statuses.stream().map(Enum::name).toList())
        .param("limit", limit)
        .query(RefundRecords::map)
        .list();
  }

  List<Refund> ofAccount(AccountId account, int limit) {
    return jdbc.sql(
            SELECT + " where r.account_id = ? order by r.requested_at desc, r.id desc limit ?")
        .params(account.value(), limit)
        .query(RefundRecords::map)
        .list();
  }

  /** Refunds, newest first, optionally of one status and one account. */
  List<Refund> list(RefundStatus status, Long account, int limit) {
    return jdbc.sql(
            SELECT
                + """
                where (cast(:status as varchar) is null or r.status = :status)
                  and (cast(:account as bigint) is null or r.account_id = :account)
                order by r.requested_at desc, r.id desc limit :limit""")
        .param("status", status == null ? null : status.name())
        .param("account", account)
        .param("limit", limit)
        .query(RefundRecords::map)
        .list();
  }

  void decide(long id, RefundStatus to, String by, Instant at, String reason) {
    jdbc.sql(
            "update refund set status = ?, decided_by = ?, decided_at = ?, decision_reason = ? where id = ?")
        .params(to.name(), by, utc(at), reason, id)
        .update();
  }

  void verify(long id, String by, Instant at, BankCheck check) {
    jdbc.sql(
            """
            update refund set status = 'VERIFIED', verified_by = ?, verified_at = ?,
              verification_method = ?, bank_account_last4 = ?, verification_note = ?
            where id = ?""")
        .params(by, utc(at), check.method().name(), check.bankAccountLast4(), check.note(), id)
        .update();
  }

  void pay(long id, String by, Instant at, LocalDate paidOn, String reference) {
    jdbc.sql(
            """
            update refund set status = 'PAID', paid_by = ?, paid_at = ?, paid_on = ?,
              payment_reference = ?
            where id = ?""")
        .params(by, utc(at), paidOn, reference, id)
        .update();
  }

  void cancel(long id, String by, Instant at, String reason) {
    jdbc.sql(
            """
            update refund set status = 'CANCELLED', cancelled_by = ?, cancelled_at = ?,
              cancel_reason = ?
            where id = ?""")
        .params(by, utc(at), reason, id)
        .update();
  }

  Optional<Long> refundWithReference(String reference) {
    return jdbc.sql("select id from refund where payment_reference = ?")
        .param(reference)
        .query(Long.class)
        .optional();
  }

  /** Paid refunds not yet exported, oldest payment first, locked for the export. */
  List<Long> unexportedForUpdate() {
    return jdbc.sql(
            """
            select id from refund where status = 'PAID' and export_id is null
            order by paid_at, id for update""")
        .query(Long.class)
        .list();
  }

  long createExport(String by, Instant at, List<Long> refunds) {
    long exportId =
        jdbc.sql(
                """
                insert into refund_export (exported_at, exported_by, refunds)
                values (?, ?, ?) returning id""")
            .params(utc(at), by, refunds.size())
            .query(Long.class)
            .single();
    jdbc.sql("update refund set export_id = :export where id in (:ids)")
        .param("export", exportId)
        .param("ids", refunds)
        .update();
    return exportId;
  }

  List<Refund> ofExport(long exportId) {
    return jdbc.sql(SELECT + " where r.export_id = ? order by r.paid_at, r.id")
        .param(exportId)
        .query(RefundRecords::map)
        .list();
  }

  long unexportedCount() {
    return jdbc.sql("select count(*) from refund where status = 'PAID' and export_id is null")
        .query(Long.class)
        .single();
  }

  List<Refunds.ExportBatch> exports(int limit) {
    return jdbc.sql("select * from refund_export order by exported_at desc, id desc limit ?")
        .param(limit)
        .query(
            (rs, n) ->
                new Refunds.ExportBatch(
                    rs.getLong("id"),
                    rs.getObject("exported_at", OffsetDateTime.class).toInstant(),
                    rs.getString("exported_by"),
                    rs.getInt("refunds")))
        .list();
  }

  Optional<Refunds.ExportBatch> export(long id) {
    return jdbc.sql("select * from refund_export where id = ?")
        .param(id)
        .query(
            (rs, n) ->
                new Refunds.ExportBatch(
                    rs.getLong("id"),
                    rs.getObject("exported_at", OffsetDateTime.class).toInstant(),
                    rs.getString("exported_by"),
                    rs.getInt("refunds")))
        .optional();
  }

  /** Requested → paid of the refunds paid since a moment: how many, the mean and the median. */
  Refunds.CycleTime cycleTime(Instant since) {
    return jdbc.sql(
            """
            with t as (
              select extract(epoch from (paid_at - requested_at)) / 86400 as days
              from refund where status = 'PAID' and paid_at >= ?)
            select count(*) as n, round(avg(days), 1) as mean,
                   round(cast(percentile_cont(0.5) within group (order by days) as numeric), 1) as median
            from t""")
        .param(utc(since))
        .query(
            (rs, n) ->
                new Refunds.CycleTime(
                    rs.getLong("n"), rs.getBigDecimal("mean"), rs.getBigDecimal("median")))
        .single();
  }

  static Refund map(ResultSet rs, int row) throws SQLException {
    String currency = rs.getString("currency");
    long paymentId = rs.getLong("payment_id");
    boolean fromPayment = !rs.wasNull();
    long exportId = rs.getLong("export_id");
    boolean exported = !rs.wasNull();
    String method = rs.getString("verification_method");
    return new Refund(
        new RefundId(rs.getLong("id")),
        new AccountId(rs.getLong("account_id")),
        rs.getString("account_name"),
        rs.getString("account_external_id"),
        fromPayment
            ? CreditSourceRef.payment(paymentId)
            : CreditSourceRef.creditMemo(rs.getLong("credit_memo_id")),
        rs.getString("document"),
        rs.getObject("document_date", LocalDate.class),
        Money.ofStored(rs.getBigDecimal("amount"), currency),
        rs.getString("reason"),
        RefundStatus.valueOf(rs.getString("status")),
        rs.getString("requested_by"),
        instant(rs, "requested_at"),
        rs.getString("decided_by"),
        instant(rs, "decided_at"),
        rs.getString("decision_reason"),
        rs.getString("verified_by"),
        instant(rs, "verified_at"),
        method == null ? null : VerificationMethod.valueOf(method),
        rs.getString("bank_account_last4"),
        rs.getString("verification_note"),
        rs.getString("paid_by"),
        instant(rs, "paid_at"),
        rs.getObject("paid_on", LocalDate.class),
        rs.getString("payment_reference"),
        rs.getString("cancelled_by"),
        instant(rs, "cancelled_at"),
        rs.getString("cancel_reason"),
        exported ? exportId : null,
        instant(rs, "exported_at"),
        rs.getBigDecimal("cycle_days"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
