package dev.recoup.disputes;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Disputes and their invoices (tables dispute, dispute_invoice). Lists join the account, the owner
 * and the latest FX rate so that amounts sort in the reporting currency.
 */
@Repository
class DisputeRecords {

  private final JdbcClient jdbc;

  DisputeRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Who is asking, for the scope filters: the viewer and the people of its team. */
  record Viewer(long id, boolean onlyRoutedToMe, Collection<Long> team) {}

  record NewRow(
      long accountId,
      String reasonCode,
      DisputeTeam team,
      Long ownerId,
      Money amount,
      String notes,
      String openedBy,
      Instant openedAt,
      LocalDate openedOn,
      LocalDate slaDueOn,
      String idempotencyKey,
      String fingerprint) {}

  long insert(NewRow r) {
    return jdbc.sql(
            """
            insert into dispute (account_id, reason_code, status, team, owner_id, currency, amount,
              notes, opened_by, opened_at, opened_on, sla_due_on, idempotency_key, request_fingerprint)
            values (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(
            r.accountId(),
            r.reasonCode(),
            r.team().name(),
            r.ownerId(),
            r.amount().currencyCode(),
            r.amount().amount(),
            r.notes(),
            r.openedBy(),
            utc(r.openedAt()),
            r.openedOn(),
            r.slaDueOn(),
            r.idempotencyKey(),
            r.fingerprint())
        .query(Long.class)
        .single();
  }

  void insertInvoice(long dispute, InvoiceId invoice, Money amount) {
    jdbc.sql(
            "insert into dispute_invoice (dispute_id, invoice_id, currency, amount) values (?, ?, ?, ?)")
        .params(dispute, invoice.value(), amount.currencyCode(), amount.amount())
        .update();
  }

  record Keyed(long id, String fingerprint) {}

  Optional<Keyed> byIdempotencyKey(String key) {
    return jdbc.sql("select id, request_fingerprint from dispute where idempotency_key = ?")
        .param(key)
        .query((rs, n) -> new Keyed(rs.getLong(1), rs.getString(2)))
        .optional();
  }

  /** Locks a dispute's row for a change; empty when there is none. */
  boolean lock(long id) {
    return jdbc.sql("select id from dispute where id = ? for update")
        .param(id)
        .query(Long.class)
        .optional()
        .isPresent();
  }

  void changeStatus(long id, DisputeStatus status) {
    jdbc.sql("update dispute set status = ? where id = ?").params(status.name(), id).update();
  }

  void changeOwner(long id, long ownerId) {
    jdbc.sql("update dispute set owner_id = ? where id = ?").params(ownerId, id).update();
  }

  void resolve(
      long id,
      Resolution resolution,
      Money credited,
      String rebillInvoice,
      String rootCause,
      String ticketUrl,
      String resolvedBy,
      Instant at,
      LocalDate on) {
    jdbc.sql(
            """
            update dispute set status = ?, resolution = ?, credited_amount = ?, rebill_invoice = ?,
              root_cause = ?, ticket_url = ?, resolved_by = ?, resolved_at = ?, resolved_on = ?
            where id = ?""")
        .params(
            resolution.finalStatus().name(),
            resolution.name(),
            credited.amount(),
            rebillInvoice,
            rootCause,
            ticketUrl,
            resolvedBy,
            utc(at),
            on,
            id)
        .update();
  }

  void creditedBy(long id, long creditMemoId, Map<InvoiceId, Money> credited) {
    jdbc.sql("update dispute set credit_memo_id = ? where id = ?")
        .params(creditMemoId, id)
        .update();
    credited.forEach(
        (invoice, amount) ->
            jdbc.sql(
                    "update dispute_invoice set credited = ? where dispute_id = ? and invoice_id = ?")
                .params(amount.amount(), id, invoice.value())
                .update());
  }

  /** What all open disputes on an invoice contest together: its disputed amount in the ledger. */
  BigDecimal openDisputedOn(InvoiceId invoice) {
    return jdbc.sql(
            """
            select coalesce(sum(di.amount), 0) from dispute_invoice di
            join dispute d on d.id = di.dispute_id
            where di.invoice_id = ? and d.resolution is null""")
        .param(invoice.value())
        .query(BigDecimal.class)
        .single();
  }

  /** An invoice as a dispute needs it, locked against a concurrent change. */
  record InvoiceState(
      InvoiceId id,
      long accountId,
      String number,
      LocalDate dueDate,
      Money amount,
      Money open,
      Money disputed) {

    Money collectible() {
      return open.minus(disputed);
    }
  }

  Map<Long, InvoiceState> invoicesForUpdate(Collection<Long> ids) {
    Map<Long, InvoiceState> m = new HashMap<>();
    if (ids.isEmpty()) {
      return m;
    }
    jdbc.sql(
            """
            select id, account_id, number, due_date, currency, amount, open_amount, disputed_amount
            from invoice where id = any(?) order by id for update""")
        .param(ids.toArray(Long[]::new))
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  String c = rs.getString("currency");
                  m.put(
                      rs.getLong("id"),
                      new InvoiceState(
                          new InvoiceId(rs.getLong("id")),
                          rs.getLong("account_id"),
                          rs.getString("number"),
                          rs.getObject("due_date", LocalDate.class),
                          Money.ofStored(rs.getBigDecimal("amount"), c),
                          Money.ofStored(rs.getBigDecimal("open_amount"), c),
                          Money.ofStored(rs.getBigDecimal("disputed_amount"), c)));
                });
    return m;
  }

  Money openAmountOf(InvoiceId invoice) {
    return jdbc.sql("select open_amount, currency from invoice where id = ?")
        .param(invoice.value())
        .query((rs, n) -> Money.ofStored(rs.getBigDecimal(1), rs.getString(2)))
        .single();
  }

  // ---- reading ----

  /**
   * The rows of a list in two steps: the page of dispute ids is chosen first (filters, order,
   * limit, with the total), then only those rows get their account, owner, reason, credit memo and
   * invoice numbers. {@code %1$s} is the filter, {@code %2$s} the order, {@code %3$s} the limit.
   */
  private static final String LIST =
      """
      with rates as (
        select distinct on (currency) currency, rate from fx_rate
        where rate_date <= :asOf order by currency, rate_date desc),
      base as (
        select d.id,
               round(d.amount * coalesce(fx.rate, case when d.currency = :rc then 1 end), :rcScale)
                 as amount_rc,
               count(*) over () as total
        from dispute d
        join customer_account a on a.id = d.account_id
        left join rates fx on fx.currency = d.currency
        %1$s
        %2$s
        %3$s)
      select d.*, a.name as account_name, a.region as account_region,
             r.label as reason_label, u.username as owner_username, u.display_name as owner_name,
             m.number as credit_memo_number,
             (select string_agg(i.number, ', ' order by i.due_date, i.id)
              from dispute_invoice di join invoice i on i.id = di.invoice_id
              where di.dispute_id = d.id) as invoice_numbers,
             base.amount_rc, cast(:rc as varchar) as rc_code, base.total
      from base
      join dispute d on d.id = base.id
      join customer_account a on a.id = d.account_id
      join dispute_reason r on r.code = d.reason_code
      left join app_user u on u.id = d.owner_id
      left join credit_memo m on m.id = d.credit_memo_id
      %2$s
      """;

  record Found(List<Dispute> rows, long total) {}

  Found find(DisputeQuery q, Viewer viewer, LocalDate asOf, String rc, int rcScale, boolean paged) {
    Map<String, Object> p = new HashMap<>();
    p.put("asOf", asOf);
    p.put("rc", rc);
    p.put("rcScale", rcScale);
    StringBuilder where = new StringBuilder(" where true");
    if (viewer.onlyRoutedToMe()) {
      where.append(" and d.owner_id = :me");
      p.put("me", viewer.id());
    } else if ("mine".equals(q.scope())) {
      where.append(" and (d.owner_id = :me or a.owner_id = :me)");
      p.put("me", viewer.id());
    } else if ("team".equals(q.scope()) && viewer.team() != null) {
      where.append(" and (d.owner_id = any(:team) or a.owner_id = any(:team))");
      p.put("team", viewer.team().toArray(Long[]::new));
    }
    if ("open".equals(q.status())) {
      where.append(" and d.resolution is null");
    } else if (q.statusFilter() != null) {
      where.append(" and d.status = :status");
      p.put("status", q.statusFilter().name());
    }
    if (q.reason() != null) {
      where.append(" and d.reason_code = :reason");
      p.put("reason", q.reason());
    }
    if (q.team() != null) {
      where.append(" and d.team = :team_name");
      p.put("team_name", q.team());
    }
    if (q.breachedOnly()) {
      where.append(" and d.resolution is null and d.sla_due_on < :asOf");
    }
    if (q.accountId() != null) {
      where.append(" and d.account_id = :account");
      p.put("account", q.accountId());
    }
    String column =
        switch (q.sort()) {
          case "due" -> "d.sla_due_on";
          case "amount" -> "amount_rc";
          case "account" -> "a.name";
          case "status" -> "d.status";
          case "age" -> "d.opened_on";
          default -> "d.opened_at";
        };
    // Age grows as the opening date goes back: "oldest first" is the opening date ascending.
    String dir = q.sort().equals("age") ? (q.dir().equals("asc") ? "desc" : "asc") : q.dir();
    String order = " order by " + column + " " + dir + " nulls last, d.id " + dir;
    String limit = "";
    if (paged) {
      limit = " limit :limit offset :offset";
      p.put("limit", q.size());
      p.put("offset", (long) q.page() * q.size());
    }
    long[] total = {0};
    List<Dispute> rows =
        jdbc.sql(LIST.formatted(where, order, limit))
            .params(p)
            .query(
                (rs, n) -> {
                  total[0] = rs.getLong("total");
                  return map(rs, List.of());
                })
            .list();
    return new Found(rows, total[0]);
  }

  /** Streams every dispute a query finds (for a CSV export), without paging. */
  void forEach(
      DisputeQuery q,
      Viewer viewer,
      LocalDate asOf,
      String rc,
      int rcScale,
      Consumer<Dispute> each) {
    // The list is small (thousands at most at M tier per year): one query, then streamed out.
    find(q, viewer, asOf, rc, rcScale, false).rows().forEach(each);
  }

  Optional<Dispute> byId(long id, LocalDate asOf, String rc, int rcScale) {
    Optional<Dispute> head =
        jdbc.sql(LIST.formatted(" where d.id = :id", "", ""))
            .param("asOf", asOf)
            .param("rc", rc)
            .param("rcScale", rcScale)
            .param("id", id)
            .query((rs, n) -> map(rs, List.of()))
            .optional();
    return head.map(d -> withInvoices(d, invoicesOf(id)));
  }

  Optional<Long> ownerOf(long id) {
    return jdbc.sql("select owner_id from dispute where id = ?")
        .param(id)
        .query((rs, n) -> rs.getObject(1) == null ? -1L : rs.getLong(1))
        .optional();
  }

  List<Dispute.DisputedInvoice> invoicesOf(long dispute) {
    return jdbc.sql(
            """
            select di.invoice_id, di.amount, di.credited, i.number, i.due_date, i.currency,
                   i.amount as invoice_amount, i.open_amount, i.disputed_amount
            from dispute_invoice di join invoice i on i.id = di.invoice_id
            where di.dispute_id = ? order by i.due_date, i.id""")
        .param(dispute)
        .query(
            (rs, n) -> {
              String c = rs.getString("currency");
              return new Dispute.DisputedInvoice(
                  new InvoiceId(rs.getLong("invoice_id")),
                  rs.getString("number"),
                  rs.getObject("due_date", LocalDate.class),
                  Money.ofStored(rs.getBigDecimal("invoice_amount"), c),
                  Money.ofStored(rs.getBigDecimal("open_amount"), c),
                  Money.ofStored(rs.getBigDecimal("disputed_amount"), c),
                  Money.ofStored(rs.getBigDecimal("amount"), c),
                  Money.ofStored(rs.getBigDecimal("credited"), c));
            })
        .list();
  }

  private static Dispute withInvoices(Dispute d, List<Dispute.DisputedInvoice> invoices) {
    return new Dispute(
        d.id(),
        d.accountId(),
        d.accountName(),
        d.accountRegion(),
        d.reasonCode(),
        d.reasonLabel(),
        d.status(),
        d.team(),
        d.ownerUsername(),
        d.ownerName(),
        d.amount(),
        d.amountReporting(),
        d.invoiceNumbers(),
        d.notes(),
        d.openedBy(),
        d.openedAt(),
        d.openedOn(),
        d.slaDueOn(),
        d.outcome(),
        new ArrayList<>(invoices));
  }

  private static Dispute map(ResultSet rs, List<Dispute.DisputedInvoice> invoices)
      throws SQLException {
    String c = rs.getString("currency");
    BigDecimal rcAmount = rs.getBigDecimal("amount_rc");
    String resolution = rs.getString("resolution");
    Dispute.Outcome outcome = null;
    if (resolution != null) {
      OffsetDateTime at = rs.getObject("resolved_at", OffsetDateTime.class);
      outcome =
          new Dispute.Outcome(
              Resolution.valueOf(resolution),
              Money.ofStored(rs.getBigDecimal("credited_amount"), c),
              rs.getString("credit_memo_number"),
              rs.getString("rebill_invoice"),
              rs.getString("root_cause"),
              rs.getString("ticket_url"),
              rs.getString("resolved_by"),
              at == null ? null : at.toInstant(),
              rs.getObject("resolved_on", LocalDate.class));
    }
    return new Dispute(
        new DisputeId(rs.getLong("id")),
        new AccountId(rs.getLong("account_id")),
        rs.getString("account_name"),
        rs.getString("account_region"),
        rs.getString("reason_code"),
        rs.getString("reason_label"),
        DisputeStatus.valueOf(rs.getString("status")),
        DisputeTeam.valueOf(rs.getString("team")),
        rs.getString("owner_username"),
        rs.getString("owner_name"),
        Money.ofStored(rs.getBigDecimal("amount"), c),
        rcAmount == null ? null : Money.ofStored(rcAmount, rs.getString("rc_code")),
        rs.getString("invoice_numbers"),
        rs.getString("notes"),
        rs.getString("opened_by"),
        rs.getObject("opened_at", OffsetDateTime.class).toInstant(),
        rs.getObject("opened_on", LocalDate.class),
        rs.getObject("sla_due_on", LocalDate.class),
        outcome,
        invoices);
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
