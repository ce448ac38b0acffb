package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Aging of open items as of any date, for the portfolio or one account, in set-based SQL. The open
 * amount of an invoice on a past date is its open amount today plus what was applied to it after
 * that date, so history needs no snapshots. Also keeps the per-account balance summary that lists
 * and worklists read.
 */
@Service
public class Aging {

  private final JdbcClient jdbc;
  private final AgingBuckets buckets;
  private final FxRates fx;
  private final Clock clock;

  Aging(JdbcClient jdbc, AgingBuckets buckets, FxRates fx, Clock clock) {
    this.jdbc = jdbc;
    this.buckets = buckets;
    this.fx = fx;
    this.clock = clock;
  }

  /**
   * Today's business date for portfolio-wide figures (UTC; entities' own dates differ by hours).
   */
  public LocalDate today() {
    return LocalDate.now(clock);
  }

  public AgingBuckets buckets() {
    return buckets;
  }

  /**
   * Open items of the whole portfolio (or, with {@code accountFilter}, a set of accounts) as of a
   * date: one row per item with its open amount on that date. {@code accountFilter} is a SQL
   * condition on {@code i.account_id} using named parameters.
   */
  String openItemsAsOf(String accountFilter) {
    String filter = accountFilter == null ? "" : " and " + accountFilter;
    String laterFilter =
        accountFilter == null
            ? ""
            : " and a.invoice_id in (select i.id from invoice i where " + accountFilter + ")";
    return """
        with later as (
          select a.invoice_id, sum(a.amount) as amount from application a
          where a.applied_on > :asOf %2$s group by a.invoice_id),
        items as (
          select i.id, i.account_id, i.currency, i.due_date, i.open_amount + coalesce(l.amount, 0) as open_asof,
                 i.disputed_amount
          from invoice i left join later l on l.invoice_id = i.id
          where i.open_amount > 0 and i.issue_date <= :asOf %1$s
          union all
          select i.id, i.account_id, i.currency, i.due_date, i.open_amount + coalesce(l.amount, 0),
                 0
          from invoice i join later l on l.invoice_id = i.id
          where i.closed_on > :asOf and i.issue_date <= :asOf %1$s),
        aged as (
          select account_id, currency, open_asof, (:asOf - due_date) as dpd,
                 least(disputed_amount, open_asof) as disputed,
                 %3$s as bucket
          from items)
        """
        .formatted(filter, laterFilter, buckets.sqlBucketOf("(:asOf - due_date)"));
  }

  /** The portfolio's aging as of a date, per currency and in the reporting currency. */
  @Transactional(readOnly = true)
  public AgingReport portfolio(LocalDate asOf) {
    return report(asOf, null, Map.of());
  }

  /** One account's aging as of a date. */
  @Transactional(readOnly = true)
  public AgingReport account(AccountId account, LocalDate asOf) {
    return report(asOf, "i.account_id = :account", Map.of("account", account.value()));
  }

  private AgingReport report(LocalDate asOf, String filter, Map<String, Object> params) {
    record Row(String currency, int bucket, BigDecimal amount, long items) {}
    List<Row> rows =
        jdbc.sql(
                openItemsAsOf(filter)
                    + """
                    select currency, bucket, sum(open_asof) as amount, count(*) as items
                    from aged group by currency, bucket order by currency, bucket""")
            .param("asOf", asOf)
            .params(params)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getString("currency").trim(),
                        rs.getInt("bucket"),
                        rs.getBigDecimal("amount"),
                        rs.getLong("items")))
            .list();
    Map<String, Money[]> perCurrency = new TreeMap<>();
    Map<String, Long> itemCounts = new TreeMap<>();
    for (Row r : rows) {
      Money[] b =
          perCurrency.computeIfAbsent(
              r.currency(),
              c -> {
                Money[] zeros = new Money[buckets.count()];
                java.util.Arrays.fill(zeros, Money.zero(c));
                return zeros;
              });
      b[r.bucket()] = Money.ofStored(r.amount(), r.currency());
      itemCounts.merge(r.currency(), r.items(), Long::sum);
    }
    var rates = fx.ratesOn(asOf);
    String rc = fx.reportingCurrency();
    Money[] rcBuckets = new Money[buckets.count()];
    java.util.Arrays.fill(rcBuckets, Money.zero(rc));
    List<AgingReport.CurrencyAging> byCurrency = new ArrayList<>();
    List<AgingReport.FxRate> used = new ArrayList<>();
    long rcItems = 0;
    for (var e : perCurrency.entrySet()) {
      Money[] b = e.getValue();
      byCurrency.add(aging(e.getKey(), b, itemCounts.get(e.getKey())));
      Optional.ofNullable(rates.get(e.getKey())).ifPresent(used::add);
      for (int i = 0; i < b.length; i++) {
        Money converted =
            fx.toReporting(b[i], rates)
                .orElseThrow(
                    () ->
                        new IllegalStateException("No FX rate for " + e.getKey() + " on " + asOf));
        rcBuckets[i] = rcBuckets[i].plus(converted);
      }
      rcItems += itemCounts.get(e.getKey());
    }
    return new AgingReport(
        asOf, buckets.labels(), byCurrency, aging(rc, rcBuckets, rcItems), List.copyOf(used));
  }

  private static AgingReport.CurrencyAging aging(String currency, Money[] b, long items) {
    Money total = Money.zero(currency);
    Money pastDue = Money.zero(currency);
    for (int i = 0; i < b.length; i++) {
      total = total.plus(b[i]);
      if (i > 0) {
        pastDue = pastDue.plus(b[i]);
      }
    }
    return new AgingReport.CurrencyAging(currency, List.of(b), total, pastDue, items);
  }

  /**
   * Rebuilds the per-account balance summary as of a date in one statement: open total, past due
   * (and the disputed part of it), buckets, the same in the reporting currency, unapplied cash and
   * credits. Lists, filters and worklists read it instead of the ledger.
   */
  @Transactional
  public int refreshBalances(LocalDate asOf) {
    jdbc.sql("delete from account_summary").update();
    jdbc.sql("delete from account_balance").update();
    int rows = rebuildBalances(asOf, null);
    jdbc.sql("analyze account_balance").update();
    jdbc.sql("analyze account_summary").update();
    return rows;
  }

  /** Rebuilds one account's balance rows, after a posting on it. */
  @Transactional
  public void refreshBalances(AccountId account, LocalDate asOf) {
    jdbc.sql("delete from account_summary where account_id = ?").param(account.value()).update();
    jdbc.sql("delete from account_balance where account_id = ?").param(account.value()).update();
    rebuildBalances(asOf, new Long[] {account.value()});
  }

  /** Rebuilds the balance rows of a set of accounts at once, after a bulk posting on them. */
  @Transactional
  public void refreshBalances(java.util.Collection<AccountId> accounts, LocalDate asOf) {
    if (accounts.isEmpty()) {
      return;
    }
    Long[] ids = accounts.stream().map(AccountId::value).distinct().toArray(Long[]::new);
    if (ids.length > MANY_ACCOUNTS) {
      // An import's or a bulk run's accounts: joined from a table, so that each statement reads
      // the rows of all of them at once (hash joins) instead of probing account by account.
      jdbc.sql(
              "create temporary table if not exists "
                  + REFRESHED
                  + " (id bigint primary key) on commit drop")
          .update();
      jdbc.sql("truncate " + REFRESHED).update();
      jdbc.sql("insert into " + REFRESHED + " select unnest(?)").param(ids).update();
      jdbc.sql("analyze " + REFRESHED).update();
    }
    String match = match(ids);
    Map<String, Object> params =
        ids.length > MANY_ACCOUNTS
            ? Map.of()
            : Map.of("account", ids.length == 1 ? (Object) ids[0] : ids);
    jdbc.sql("delete from account_summary where account_id" + match).params(params).update();
    jdbc.sql("delete from account_balance where account_id" + match).params(params).update();
    rebuildBalances(asOf, ids);
  }

  /** Above this many accounts, a refresh joins them from {@link #REFRESHED}. */
  private static final int MANY_ACCOUNTS = 1_000;

  /** The transaction's table of the accounts a large refresh covers. */
  private static final String REFRESHED = "balance_refresh_account";

  /** The condition on an account id column for a refresh of these accounts. */
  private static String match(Long[] account) {
    if (account.length == 1) {
      return " = :account";
    }
    return account.length > MANY_ACCOUNTS
        ? " in (select id from " + REFRESHED + ")"
        : " = any(:account)";
  }

  /** Inserts the balance rows of every account, or of one, into emptied tables. */
  private int rebuildBalances(LocalDate asOf, Long[] account) {
    int n = buckets.count();
    StringBuilder bucketArray = new StringBuilder("array[");
    for (int i = 0; i < n; i++) {
      bucketArray
          .append(i == 0 ? "" : ", ")
          .append("coalesce(sum(open_asof) filter (where bucket = ")
          .append(i)
          .append("), 0)");
    }
    bucketArray.append("]::numeric(19,4)[]");
    String rc = fx.reportingCurrency();
    int rcScale = Money.scaleOf(java.util.Currency.getInstance(rc));
    // One account binds a scalar: with "= any($1)" a generic plan guesses ten accounts and
    // prefers the closed_on index (every invoice closed in a year) over the account's own rows.
    boolean one = account != null && account.length == 1;
    String match = account == null ? "" : match(account);
    String only = account == null ? "" : " and account_id" + match;
    Map<String, Object> params = new java.util.HashMap<>();
    params.put("asOf", asOf);
    params.put("rc", rc);
    if (account != null && account.length <= MANY_ACCOUNTS) {
      params.put("account", one ? account[0] : account);
    }
    int rows =
        jdbc.sql(
                openItemsAsOf(account == null ? null : "i.account_id" + match)
                    + """
                , inv as (
                  select account_id, currency, sum(open_asof) as open_total,
                         coalesce(sum(open_asof) filter (where dpd > 0), 0) as past_due,
                         coalesce(sum(disputed) filter (where dpd > 0), 0) as disputed_past_due,
                         %1$s as buckets, max(bucket) as oldest, greatest(max(dpd), 0) as max_dpd,
                         count(*) as items
                  from aged group by account_id, currency),
                cash as (
                  select account_id, currency, sum(unapplied_amount) as amount from payment
                  where unapplied_amount > 0 %4$s group by account_id, currency),
                credit as (
                  select account_id, currency, sum(open_amount) as amount from credit_memo
                  where open_amount > 0 %4$s group by account_id, currency),
                keys as (
                  select account_id, currency from inv union
                  select account_id, currency from cash union
                  select account_id, currency from credit),
                rates as (
                  select distinct on (currency) currency, rate from fx_rate where rate_date <= :asOf
                  order by currency, rate_date desc)
                insert into account_balance (account_id, currency, as_of, open_total, past_due, buckets,
                  open_total_rc, past_due_rc, oldest_bucket, max_days_past_due, open_items,
                  unapplied_cash, unapplied_credit, bucket_mask, disputed_past_due)
                select k.account_id, k.currency, :asOf, coalesce(inv.open_total, 0),
                  coalesce(inv.past_due, 0), coalesce(inv.buckets, array_fill(0::numeric(19,4), array[%2$d])),
                  round(coalesce(inv.open_total, 0) * coalesce(r.rate, case when k.currency = :rc then 1 end), %3$d),
                  round(coalesce(inv.past_due, 0) * coalesce(r.rate, case when k.currency = :rc then 1 end), %3$d),
                  coalesce(inv.oldest, -1), coalesce(inv.max_dpd, 0), coalesce(inv.items, 0),
                  coalesce(cash.amount, 0), coalesce(credit.amount, 0),
                  coalesce((select bit_or(1 << (b - 1)) from generate_subscripts(inv.buckets, 1) b
                            where inv.buckets[b] > 0), 0),
                  coalesce(inv.disputed_past_due, 0)
                from keys k
                left join inv on inv.account_id = k.account_id and inv.currency = k.currency
                left join cash on cash.account_id = k.account_id and cash.currency = k.currency
                left join credit on credit.account_id = k.account_id and credit.currency = k.currency
                left join rates r on r.currency = k.currency
                """
                        .formatted(bucketArray, n, rcScale, only))
            .params(params)
            .update();
    jdbc.sql(
            """
            insert into account_summary (account_id, as_of, open_total_rc, past_due_rc,
              max_days_past_due, oldest_bucket, open_items, bucket_mask, disputed_past_due_rc)
            select b.account_id, max(b.as_of), sum(b.open_total_rc), sum(b.past_due_rc),
                   max(b.max_days_past_due), max(b.oldest_bucket), sum(b.open_items), bit_or(b.bucket_mask),
                   sum(round(b.disputed_past_due * coalesce(
                     (select f.rate from fx_rate f where f.currency = b.currency and f.rate_date <= :asOf
                      order by f.rate_date desc limit 1),
                     case when b.currency = :rc then 1 end), %d))
            from account_balance b where true %s group by b.account_id"""
                .formatted(rcScale, only))
        .params(params)
        .update();
    // Accounts with nothing open or unapplied still get their (zero) row: lists join one to one.
    jdbc.sql(
            """
            insert into account_summary (account_id, as_of, open_total_rc, past_due_rc,
              max_days_past_due, oldest_bucket, open_items, bucket_mask)
            select a.id, :asOf, 0, 0, 0, -1, 0, 0 from customer_account a
            where not exists (select 1 from account_summary s where s.account_id = a.id) %s"""
                .formatted(account == null ? "" : " and a.id" + match))
        .params(params)
        .update();
    // How each account usually pays: days beyond terms of what it settled in the last year. For
    // some accounts, "closed_on + 0" keeps the planner on their own rows: a generic plan otherwise
    // intersects with the closed_on index, i.e. reads every invoice closed in the year (tens of ms
    // per posting at tier S). For many accounts (an import's), the year's closed invoices are the
    // smaller read: probing each account's rows would fetch every invoice it ever had.
    String closed =
        account == null || account.length > MANY_ACCOUNTS ? "closed_on" : "(closed_on + 0)";
    jdbc.sql(
            """
            update account_summary s set avg_days_late = h.avg_late, paid_invoices_12m = h.paid
            from (select account_id, round(avg(closed_on - due_date), 1) as avg_late, count(*) as paid
                  from invoice
                  where status = 'PAID' and %2$s > cast(:asOf as date) - 365 and %2$s <= :asOf
                  %1$s group by account_id) h
            where h.account_id = s.account_id"""
                .formatted(only, closed))
        .params(params)
        .update();
    return rows;
  }

  /** The date the balance summary was last computed for, if ever. */
  public Optional<LocalDate> balancesAsOf() {
    return jdbc.sql("select max(as_of) from account_balance").query(LocalDate.class).optional();
  }
}
