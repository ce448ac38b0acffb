package dev.recoup.disputes;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The trend figures, each one set-based statement over the disputes (and, for regions and product
 * lines, their accounts and invoices). Amounts are converted to the reporting currency at the
 * latest rate on or before the as-of date.
 */
@Component
class DisputeStatistics {

  /** Days deduction outstanding averages the amount raised per day over this many days. */
  static final int DDO_WINDOW_DAYS = 90;

  private final JdbcClient jdbc;

  DisputeStatistics(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Disputes with their amounts in the reporting currency; {@code :owner} < 0 means everyone's. */
  private static final String DS =
      """
      with rates as (
        select distinct on (currency) currency, rate from fx_rate
        where rate_date <= :asOf order by currency, rate_date desc),
      ds as materialized (
        select d.id, d.account_id, d.reason_code, d.opened_on, d.sla_due_on, d.resolution,
               d.resolved_on, coalesce(fx.rate, case when d.currency = :rc then 1 end) as rate,
               round(d.amount * coalesce(fx.rate, case when d.currency = :rc then 1 end), :scale)
                 as amount_rc,
               round(coalesce(d.credited_amount, 0)
                     * coalesce(fx.rate, case when d.currency = :rc then 1 end), :scale) as credited_rc
        from dispute d left join rates fx on fx.currency = d.currency
        where (:owner < 0 or d.owner_id = :owner))
      """;

  DisputeTrends trends(LocalDate asOf, Long onlyOwner, String rc, int scale) {
    LocalDate from = asOf.withDayOfMonth(1).minusMonths(DisputeTrends.MONTHS - 1);
    Map<String, Object> p = new HashMap<>();
    p.put("asOf", asOf);
    p.put("from", from);
    p.put("rc", rc);
    p.put("scale", scale);
    p.put("owner", onlyOwner == null ? -1L : onlyOwner);

    List<YearMonth> months = new ArrayList<>();
    for (int i = 0; i < DisputeTrends.MONTHS; i++) {
      months.add(YearMonth.from(from).plusMonths(i));
    }
    List<DisputeReason> reasons =
        jdbc.sql(
                "select code, label, sla_days, team, owner_username, position from dispute_reason order by position")
            .query(
                (rs, n) ->
                    new DisputeReason(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        DisputeTeam.valueOf(rs.getString(4)),
                        rs.getString(5),
                        rs.getInt(6)))
            .list();
    Map<String, long[]> counts = new LinkedHashMap<>();
    reasons.forEach(r -> counts.put(r.code(), new long[DisputeTrends.MONTHS]));
    jdbc.sql(
            DS
                + """
                select cast(date_trunc('month', opened_on) as date) as month, reason_code, count(*) as n
                from ds where opened_on >= :from and opened_on <= :asOf group by 1, 2""")
        .params(p)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  int i = months.indexOf(YearMonth.from(rs.getObject("month", LocalDate.class)));
                  long[] c = counts.get(rs.getString("reason_code"));
                  if (i >= 0 && c != null) {
                    c[i] = rs.getLong("n");
                  }
                });
    List<DisputeTrends.ReasonSeries> series = new ArrayList<>();
    for (DisputeReason r : reasons) {
      long[] c = counts.get(r.code());
      series.add(
          new DisputeTrends.ReasonSeries(
              r.code(), r.label(), java.util.Arrays.stream(c).boxed().toList()));
    }

    List<DisputeTrends.RegionRow> regions =
        jdbc.sql(
                DS
                    + """
                select a.region,
                  count(*) filter (where ds.opened_on >= :from) as raised,
                  coalesce(sum(ds.amount_rc) filter (where ds.opened_on >= :from), 0) as raised_rc,
                  count(*) filter (where ds.resolution is null) as open,
                  coalesce(sum(ds.amount_rc) filter (where ds.resolution is null), 0) as open_rc,
                  round(avg(ds.resolved_on - ds.opened_on) filter (where ds.resolved_on >= :from), 1)
                    as avg_cycle
                from ds join customer_account a on a.id = ds.account_id
                where ds.opened_on >= :from or ds.resolution is null or ds.resolved_on >= :from
                group by a.region order by raised desc, a.region""")
            .params(p)
            .query(
                (rs, n) ->
                    new DisputeTrends.RegionRow(
                        rs.getString("region"),
                        rs.getLong("raised"),
                        Money.ofStored(rs.getBigDecimal("raised_rc"), rc),
                        rs.getLong("open"),
                        Money.ofStored(rs.getBigDecimal("open_rc"), rc),
                        rs.getBigDecimal("avg_cycle")))
            .list();

    List<DisputeTrends.LineRow> lines =
        jdbc.sql(
                DS
                    + """
                select i.kind, count(distinct ds.id) as disputes,
                       coalesce(sum(round(di.amount * ds.rate, :scale)), 0) as amount_rc
                from ds join dispute_invoice di on di.dispute_id = ds.id
                join invoice i on i.id = di.invoice_id
                where ds.opened_on >= :from
                group by i.kind order by disputes desc, i.kind""")
            .params(p)
            .query(
                (rs, n) ->
                    new DisputeTrends.LineRow(
                        rs.getString("kind"),
                        rs.getLong("disputes"),
                        Money.ofStored(rs.getBigDecimal("amount_rc"), rc)))
            .list();

    List<DisputeTrends.CycleRow> cycle =
        jdbc.sql(
                DS
                    + """
                , done as (select * from ds where resolved_on >= :from)
                select r.code, r.label, r.sla_days,
                  (select count(*) from done where done.reason_code = r.code) as resolved,
                  (select round(avg(resolved_on - opened_on), 1) from done
                   where done.reason_code = r.code) as avg_days,
                  (select round(cast(percentile_cont(0.5) within group (order by resolved_on - opened_on)
                                     as numeric), 1)
                   from done where done.reason_code = r.code) as median_days,
                  (select round(100.0 * count(*) filter (where resolved_on <= sla_due_on)
                                / nullif(count(*), 0), 1)
                   from done where done.reason_code = r.code) as within_sla,
                  (select coalesce(sum(credited_rc), 0) from done
                   where done.reason_code = r.code) as credited_rc,
                  (select count(*) from ds where ds.reason_code = r.code and ds.resolution is null)
                    as open,
                  (select count(*) from ds where ds.reason_code = r.code and ds.resolution is null
                     and ds.sla_due_on < :asOf) as breached
                from dispute_reason r order by r.position""")
            .params(p)
            .query(
                (rs, n) ->
                    new DisputeTrends.CycleRow(
                        rs.getString("code"),
                        rs.getString("label"),
                        rs.getInt("sla_days"),
                        rs.getLong("resolved"),
                        rs.getBigDecimal("avg_days"),
                        rs.getBigDecimal("median_days"),
                        rs.getBigDecimal("within_sla"),
                        Money.ofStored(rs.getBigDecimal("credited_rc"), rc),
                        rs.getLong("open"),
                        rs.getLong("breached")))
            .list();

    List<DisputeTrends.RecurrenceRow> recurrence =
        jdbc.sql(
                DS
                    + """
                select ds.account_id, a.name, a.region, count(*) as disputes,
                       string_agg(distinct r.label, ', ' order by r.label) as reasons,
                       sum(ds.amount_rc) as amount_rc, max(ds.opened_on) as last_opened
                from ds join customer_account a on a.id = ds.account_id
                join dispute_reason r on r.code = ds.reason_code
                where ds.opened_on > cast(:asOf as date) - :days and ds.opened_on <= :asOf
                group by ds.account_id, a.name, a.region having count(*) >= 2
                order by disputes desc, amount_rc desc nulls last, ds.account_id limit 25""")
            .params(p)
            .param("days", DisputeTrends.RECURRENCE_DAYS)
            .query(
                (rs, n) ->
                    new DisputeTrends.RecurrenceRow(
                        new AccountId(rs.getLong("account_id")),
                        rs.getString("name"),
                        rs.getString("region"),
                        rs.getLong("disputes"),
                        rs.getString("reasons"),
                        Money.ofStored(rs.getBigDecimal("amount_rc"), rc),
                        rs.getObject("last_opened", LocalDate.class)))
            .list();

    DisputeTrends.Ddo ddo =
        jdbc.sql(
                DS
                    + """
                select coalesce(sum(amount_rc) filter (where resolution is null), 0) as open_rc,
                       count(*) filter (where resolution is null) as open_n,
                       count(*) filter (where resolution is null and sla_due_on < :asOf) as breached,
                       coalesce(sum(amount_rc) filter (
                         where opened_on > cast(:asOf as date) - :ddoDays and opened_on <= :asOf), 0)
                         as raised_rc
                from ds""")
            .params(p)
            .param("ddoDays", DDO_WINDOW_DAYS)
            .query(
                (rs, n) -> {
                  Money open = Money.ofStored(rs.getBigDecimal("open_rc"), rc);
                  Money raised = Money.ofStored(rs.getBigDecimal("raised_rc"), rc);
                  BigDecimal window = BigDecimal.valueOf(DDO_WINDOW_DAYS);
                  Money perDay =
                      Money.rounded(
                          raised.amount().divide(window, 10, RoundingMode.HALF_EVEN),
                          rc,
                          RoundingMode.HALF_EVEN);
                  // open ÷ (raised ÷ window), computed as open × window ÷ raised: no rounding
                  // of the daily average leaks into the days.
                  BigDecimal days =
                      raised.isZero()
                          ? null
                          : open.amount()
                              .multiply(window)
                              .divide(raised.amount(), 1, RoundingMode.HALF_EVEN);
                  return new DisputeTrends.Ddo(
                      open,
                      rs.getLong("open_n"),
                      rs.getLong("breached"),
                      raised,
                      DDO_WINDOW_DAYS,
                      perDay,
                      days);
                })
            .single();

    return new DisputeTrends(asOf, rc, months, series, regions, lines, cycle, recurrence, ddo);
  }
}
