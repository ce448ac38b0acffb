package dev.recoup.disputes;

import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.LedgerBulkLoad;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two years of dispute history for a generated ledger, deterministic from the seed and written
 * set-based (a handful of statements, whatever the tier), consistent with the ledger it joins:
 *
 * <ul>
 *   <li>most credit memos the generator applied to an invoice were the end of a dispute: its reason
 *       follows the memo's ("Pricing adjustment" → pricing or tax, "Service credit (SLA)" → service
 *       not delivered, "Duplicate billing", "Cancelled seats" → cancelled contract or quantity), it
 *       was opened between the invoice date and the memo date and resolved on the memo date with a
 *       credit memo, a partial credit (the customer contested more than was credited) or a rebill
 *       (the account's next invoice of the same line);
 *   <li>about one paid invoice in a hundred was disputed and the dispute rejected before the
 *       customer paid it in full;
 *   <li>almost 1 % of today's open invoices are under an open dispute (open, in review or waiting
 *       on the customer), most raised in the last month, a tail up to three months old; its amount
 *       is set as disputed in the ledger.
 * </ul>
 *
 * Reasons are skewed the way deduction desks see them: pricing first, then PO missing, quantity,
 * service, duplicate billing, tax, cancelled contracts.
 */
@Service
public class DisputeHistory {

  private final JdbcClient jdbc;
  private final LedgerBulkLoad ledger;
  private final AuditTrail audit;

  DisputeHistory(JdbcClient jdbc, LedgerBulkLoad ledger, AuditTrail audit) {
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.audit = audit;
  }

  /** A deterministic draw 0 ≤ h < 2^31 per row and salt. */
  private static String h(String key, String salt) {
    return "abs(hashtext(" + key + "::text || :seed || '" + salt + "')::bigint)";
  }

  /** Rounds an expression to the minor unit of the currency column {@code c}. */
  private static String round(String expr, String c) {
    return "round("
        + expr
        + ", case when "
        + c
        + " in ('JPY','KRW','CLP','ISK','VND') then 0"
        + " when "
        + c
        + " in ('KWD','BHD','OMR','JOD','TND','LYD','IQD') then 3 else 2 end)";
  }

  /** A reason code drawn from {@code draw} (0-99) with the desk's usual skew. */
  private static String skewedReason(String draw) {
    return "case when "
        + draw
        + " < 27 then 'PRICING' when "
        + draw
        + " < 42 then 'PO_MISSING' when "
        + draw
        + " < 56 then 'QUANTITY' when "
        + draw
        + " < 68 then 'SERVICE_NOT_DELIVERED' when "
        + draw
        + " < 78 then 'DUPLICATE_BILLING' when "
        + draw
        + " < 86 then 'TAX' when "
        + draw
        + " < 94 then 'CANCELLED_CONTRACT' else 'OTHER' end";
  }

  /**
   * Writes the history for the ledger just loaded, as of {@code asOf}. Call it in the load's
   * transaction, after the ledger and before the balance refresh. Returns how many disputes it
   * wrote.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public long generate(long seed, LocalDate asOf) {
    Map<String, Object> p = Map.of("seed", ":" + seed + ":", "asOf", asOf);
    jdbc.sql(
            """
            create temporary table demo_dispute (
              account_id bigint, invoice_id bigint, currency char(3), reason_code varchar(32),
              status varchar(20), amount numeric(19,4), opened_on date, resolution varchar(16),
              credited numeric(19,4), memo_id bigint, rebill varchar(64), resolved_on date
            ) on commit drop""")
        .update();

    // Credit memos the generator applied: the end of a dispute (85 % of them).
    jdbc.sql(
            """
            insert into demo_dispute (account_id, invoice_id, currency, reason_code, status, amount,
              opened_on, resolution, credited, memo_id, rebill, resolved_on)
            select c.account_id, c.invoice_id, c.currency, c.reason_code, 'RESOLVED',
                   case when c.resolution = 'PARTIAL' then c.partial_amount else c.credit end,
                   c.opened_on, c.resolution, c.credit, c.memo_id,
                   case when c.resolution = 'REBILL' then c.rebill end, c.memo_on
            from (
              select b.*,
                case when b.credit = b.invoice_amount
                       then case when b.h2 %% 100 < 30 and b.rebill is not null then 'REBILL'
                                 else 'CREDIT_MEMO' end
                     when b.h2 %% 100 < 40 and b.partial_amount > b.credit then 'PARTIAL'
                     else 'CREDIT_MEMO' end as resolution
              from (
                select i.id as invoice_id, i.account_id, i.currency, i.amount as invoice_amount,
                  ap.amount as credit, m.id as memo_id, m.issue_date as memo_on,
                  i.issue_date + cast(h.h1 %% greatest(m.issue_date - i.issue_date, 1) as int)
                    as opened_on,
                  case m.reason
                    when 'Pricing adjustment' then case when h.h2 %% 5 = 0 then 'TAX' else 'PRICING' end
                    when 'Service credit (SLA)' then 'SERVICE_NOT_DELIVERED'
                    when 'Duplicate billing' then 'DUPLICATE_BILLING'
                    when 'Cancelled seats' then
                      case when h.h2 %% 2 = 0 then 'CANCELLED_CONTRACT' else 'QUANTITY' end
                    else 'OTHER' end as reason_code,
                  least(i.amount, %1$s) as partial_amount,
                  (select n.number from invoice n
                   where n.account_id = i.account_id and n.kind = i.kind and n.id <> i.id
                     and n.issue_date >= m.issue_date
                   order by n.issue_date, n.id limit 1) as rebill,
                  h.h2
                from application ap
                join credit_memo m on m.id = ap.credit_memo_id
                join invoice i on i.id = ap.invoice_id
                cross join lateral (select %2$s as h1, %3$s as h2, %4$s as h3) h
                where m.source_system <> 'RECOUP' and m.issue_date > i.issue_date
                  and m.issue_date <= :asOf and h.h3 %% 100 < 85) b) c"""
                .formatted(
                    round("ap.amount * (125 + h.h2 % 75) / 100.0", "i.currency"),
                    h("i.id", "a"),
                    h("i.id", "b"),
                    h("i.id", "c")))
        .params(p)
        .update();

    // Paid invoices (settled by one payment, so wholly open until then) disputed and rejected.
    jdbc.sql(
            """
            insert into demo_dispute (account_id, invoice_id, currency, reason_code, status, amount,
              opened_on, resolution, credited, memo_id, rebill, resolved_on)
            select i.account_id, i.id, i.currency, %1$s, 'REJECTED',
                   case when h.h2 %% 100 < 55 then i.amount else %2$s end,
                   o.opened_on, 'REJECTED', 0, null, null,
                   o.opened_on + 1 + cast(h.h2 %% greatest(i.closed_on - o.opened_on - 2, 1) as int)
            from invoice i
            cross join lateral (select %3$s as h1, %4$s as h2, %5$s as h3) h
            cross join lateral (
              select i.issue_date + 5 + cast(h.h1 %% (i.closed_on - i.issue_date - 8) as int)
                as opened_on) o
            where i.status = 'PAID' and i.closed_on - i.issue_date >= 12 and h.h3 %% 1000 < 10
              and i.closed_on <= :asOf
              and (select count(*) from application a where a.invoice_id = i.id) = 1"""
                .formatted(
                    skewedReason("(h.h1 % 100)"),
                    round("i.amount * (20 + h.h1 % 60) / 100.0", "i.currency"),
                    h("i.id", "d"),
                    h("i.id", "e"),
                    h("i.id", "f")))
        .params(p)
        .update();

    // Open disputes on today's open invoices: the newer the likelier (the older ones got resolved).
    jdbc.sql(
            """
            insert into demo_dispute (account_id, invoice_id, currency, reason_code, status, amount,
              opened_on, resolution, credited, memo_id, rebill, resolved_on)
            select i.account_id, i.id, i.currency, %1$s,
                   case when h.h1 %% 100 < 40 then 'OPEN' when h.h1 %% 100 < 75 then 'IN_REVIEW'
                        else 'WAITING_ON_CUSTOMER' end,
                   case when h.h2 %% 100 < 60 then i.open_amount
                        else least(i.open_amount, greatest(%2$s, 1)) end,
                   greatest(i.issue_date,
                            cast(:asOf as date) - cast(least(h.h1 %% 90, h.h3 %% 90) as int)),
                   null, 0, null, null, null
            from invoice i
            cross join lateral (select %3$s as h1, %4$s as h2, %5$s as h3, %6$s as h4) h
            where i.open_amount > 0 and i.status in ('OPEN', 'PARTIALLY_PAID')
              and i.disputed_amount = 0 and i.issue_date <= :asOf and h.h4 %% 1000 < 8"""
                .formatted(
                    skewedReason("(h.h2 % 100)"),
                    round("i.open_amount * (20 + h.h1 % 70) / 100.0", "i.currency"),
                    h("i.id", "g"),
                    h("i.id", "h"),
                    h("i.id", "i"),
                    h("i.id", "j")))
        .params(p)
        .update();

    // Ids in the order the disputes were opened.
    jdbc.sql(
            """
            create temporary table demo_dispute_numbered on commit drop as
            select nextval(pg_get_serial_sequence('dispute', 'id')) as id, q.*
            from (select * from demo_dispute order by opened_on, invoice_id, resolution nulls last) q""")
        .update();

    long written =
        jdbc.sql(
                """
                insert into dispute (id, account_id, reason_code, status, team, owner_id, currency,
                  amount, notes, opened_by, opened_at, opened_on, sla_due_on, resolution,
                  credited_amount, credit_memo_id, rebill_invoice, root_cause, ticket_url,
                  resolved_by, resolved_at, resolved_on)
                select n.id, n.account_id, n.reason_code, n.status, r.team,
                  coalesce(ru.id, a.owner_id), n.currency, n.amount,
                  case n.reason_code
                    when 'PRICING' then 'Customer says the price differs from the order form.'
                    when 'QUANTITY' then 'Customer disputes the number of seats billed.'
                    when 'SERVICE_NOT_DELIVERED' then 'Customer reports the service was not delivered in the period.'
                    when 'DUPLICATE_BILLING' then 'Customer says this was billed twice.'
                    when 'TAX' then 'Customer says tax was charged despite an exemption.'
                    when 'PO_MISSING' then 'AP cannot book the invoice without a PO number.'
                    when 'CANCELLED_CONTRACT' then 'Customer says the contract was cancelled before this period.'
                    else 'Customer query on the invoice.' end,
                  coalesce(ou.username, 'system'),
                  (n.opened_on + time '09:30') at time zone 'UTC', n.opened_on,
                  n.opened_on + r.sla_days, n.resolution,
                  case when n.resolution is not null then n.credited end, n.memo_id, n.rebill,
                  case
                    when n.resolution is null then null
                    when n.resolution = 'REJECTED' then
                      case n.reason_code
                        when 'PO_MISSING' then 'PO number supplied by the customer; invoice stands.'
                        when 'PRICING' then 'Price matches the signed order form.'
                        when 'QUANTITY' then 'Seat count matches provisioning records.'
                        when 'SERVICE_NOT_DELIVERED' then 'Service logs show delivery; no SLA breach.'
                        when 'DUPLICATE_BILLING' then 'Two distinct periods, not a duplicate.'
                        when 'TAX' then 'No valid exemption certificate on file.'
                        when 'CANCELLED_CONTRACT' then 'Cancellation notice arrived after the renewal date.'
                        else 'Customer query answered; invoice stands.' end
                    else
                      case n.reason_code
                        when 'PRICING' then 'Renewal price not updated in billing after the order form changed.'
                        when 'TAX' then 'Exemption certificate not applied in the billing system.'
                        when 'SERVICE_NOT_DELIVERED' then 'Outage breached the SLA; service credit due.'
                        when 'DUPLICATE_BILLING' then 'Usage billed twice after an ERP re-sync.'
                        when 'CANCELLED_CONTRACT' then 'Cancellation processed late; billed after termination.'
                        when 'QUANTITY' then 'Seat reduction not reflected in billing.'
                        else 'Billing error corrected.' end
                  end,
                  case when n.resolution is not null and n.resolution <> 'REJECTED'
                            and %1$s %% 10 < 7
                       then 'https://tickets.recoup.example/'
                            || case r.team when 'BILLING' then 'BILL' when 'SALES' then 'SALES'
                                           when 'SUPPORT' then 'SUP' else 'AR' end
                            || '-' || (1000 + n.id %% 9000) end,
                  case when n.resolution is not null
                       then coalesce(ru.username, ou.username, 'system') end,
                  case when n.resolved_on is not null
                       then (n.resolved_on + time '16:00') at time zone 'UTC' end,
                  n.resolved_on
                from demo_dispute_numbered n
                join dispute_reason r on r.code = n.reason_code
                join customer_account a on a.id = n.account_id
                left join app_user ru on ru.username = r.owner_username and r.team <> 'COLLECTIONS'
                left join app_user ou on ou.id = a.owner_id"""
                    .formatted(h("n.id", "k")))
            .params(p)
            .update();
    jdbc.sql(
            """
            insert into dispute_invoice (dispute_id, invoice_id, currency, amount, credited)
            select id, invoice_id, currency, amount, coalesce(credited, 0) from demo_dispute_numbered""")
        .update();

    // The open ones are disputed in the ledger: one statement for all of them.
    List<Long> invoices = new ArrayList<>();
    List<BigDecimal> amounts = new ArrayList<>();
    jdbc.sql(
            """
            select invoice_id, sum(amount) from demo_dispute_numbered
            where resolution is null group by invoice_id order by invoice_id""")
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  invoices.add(rs.getLong(1));
                  amounts.add(rs.getBigDecimal(2));
                });
    ledger.markDisputed(
        invoices.stream().mapToLong(Long::longValue).toArray(), amounts.toArray(BigDecimal[]::new));

    Map<String, Long> byOutcome = new LinkedHashMap<>();
    jdbc.sql(
            "select coalesce(resolution, 'OPEN') as outcome, count(*) from demo_dispute_numbered group by 1 order by 1")
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> byOutcome.put(rs.getString(1), rs.getLong(2)));
    jdbc.sql("drop table demo_dispute_numbered").update();
    jdbc.sql("drop table demo_dispute").update();
    audit.recordAs(
        "system",
        "disputes.generated",
        "portfolio",
        null,
        null,
        Map.of("disputes", written, "byOutcome", byOutcome, "asOf", asOf.toString()),
        "dispute history of the generated portfolio (seed " + seed + ")");
    return written;
  }
}
