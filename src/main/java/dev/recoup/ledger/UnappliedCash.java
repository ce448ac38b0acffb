package dev.recoup.ledger;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Unapplied cash as an aged worklist: every payment with unapplied cash, read through the partial
 * index that holds only those ({@code payment_unapplied}), filtered, sorted and paged in the
 * database, with totals per currency and in the reporting currency (the latest rate on or before
 * today). The rows of a page carry their current best suggestions, refreshed as the page is read.
 */
@Service
@Transactional(readOnly = true)
public class UnappliedCash {

  private final JdbcClient jdbc;
  private final Access access;
  private final FxRates fx;
  private final CashMatcher matcher;
  private final Clock clock;

  UnappliedCash(JdbcClient jdbc, Access access, FxRates fx, CashMatcher matcher, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.fx = fx;
    this.matcher = matcher;
    this.clock = clock;
  }

  public String reportingCurrency() {
    return fx.reportingCurrency();
  }

  /** A collector's own accounts when it names no scope; everyone else the whole team's. */
  public UnappliedFilter withDefaultScope(UnappliedFilter filter) {
    if (filter.scope() != null) {
      return filter;
    }
    boolean collector = access.currentActor().map(a -> a.is(Role.COLLECTOR)).orElse(false);
    return filter.withScope(collector ? "mine" : "all");
  }

  /**
   * One page of the worklist with up to {@code suggestionsPerRow} suggestions per payment (their
   * suggestions are recomputed first, so they reflect the ledger as it stands), and the totals of
   * everything the filter finds.
   */
  @Transactional
  public UnappliedPage page(UnappliedFilter requested, int suggestionsPerRow) {
    UnappliedFilter filter = withDefaultScope(requested);
    Query q = query(filter);
    List<UnappliedPayment> rows =
        jdbc.sql(
                q.sql()
                    + " select * from unapplied x order by "
                    + orderBy(filter)
                    + " limit :limit offset :offset")
            .params(q.params())
            .param("limit", filter.size())
            .param("offset", (long) filter.page() * filter.size())
            .query(this::map)
            .list();
    if (!rows.isEmpty() && suggestionsPerRow > 0) {
      List<Long> ids = rows.stream().map(r -> r.id().value()).toList();
      matcher.refresh(ids);
      Map<Long, List<CashSuggestion>> suggestions = matcher.of(ids, suggestionsPerRow);
      rows =
          rows.stream()
              .map(r -> r.withSuggestions(suggestions.getOrDefault(r.id().value(), List.of())))
              .toList();
    }
    String rc = fx.reportingCurrency();
    List<UnappliedPage.CurrencyTotal> byCurrency = new ArrayList<>();
    long[] counts = new long[2];
    BigDecimal[] reporting = {BigDecimal.ZERO};
    jdbc.sql(
            q.sql()
                + """
                 select currency, count(*) as n, sum(unapplied_amount) as unapplied,
                        coalesce(sum(unapplied_rc), 0) as rc,
                        count(*) filter (where unapplied_rc is null) as without_rate
                 from unapplied group by currency order by currency""")
        .params(q.params())
        .query(
            (RowCallbackHandler)
                rs -> {
                  String c = rs.getString("currency").trim();
                  byCurrency.add(
                      new UnappliedPage.CurrencyTotal(
                          c, rs.getLong("n"), Money.ofStored(rs.getBigDecimal("unapplied"), c)));
                  counts[0] += rs.getLong("n");
                  counts[1] += rs.getLong("without_rate");
                  reporting[0] = reporting[0].add(rs.getBigDecimal("rc"));
                });
    return new UnappliedPage(
        filter, rows, counts[0], byCurrency, Money.ofStored(reporting[0], rc), counts[1]);
  }

  /** Every payment the filter finds, in its order, streamed (the CSV export); paging ignored. */
  public void forEach(UnappliedFilter requested, Consumer<UnappliedPayment> each) {
    UnappliedFilter filter = withDefaultScope(requested);
    Query q = query(filter);
    jdbc.sql(q.sql() + " select * from unapplied x order by " + orderBy(filter))
        .params(q.params())
        .withFetchSize(1_000)
        .query((RowCallbackHandler) rs -> each.accept(map(rs, 0)));
  }

  /** The ids of every payment the filter finds (a matching run's scope). */
  List<Long> ids(UnappliedFilter requested) {
    UnappliedFilter filter = withDefaultScope(requested);
    Query q = query(filter);
    return jdbc.sql(q.sql() + " select id from unapplied order by id")
        .params(q.params())
        .query(Long.class)
        .list();
  }

  private record Query(String sql, Map<String, Object> params) {}

  /**
   * The filtered payments as CTE {@code unapplied}, with account, owner, age and reporting value.
   */
  private Query query(UnappliedFilter f) {
    Map<String, Object> params = new HashMap<>();
    LocalDate today = LocalDate.now(clock);
    String rc = fx.reportingCurrency();
    params.put("today", today);
    params.put("rc", rc);
    List<String> where = new ArrayList<>();
    where.add("p.unapplied_amount > 0");
    List<Long> owners = access.ownersInScope(f.scope());
    if (owners != null) {
      where.add("a.owner_id = any(:owners)");
      params.put("owners", owners.toArray(Long[]::new));
    }
    if (f.q() != null) {
      where.add(
          "(lower(a.name) like :q or lower(coalesce(p.reference, '')) like :q"
              + " or lower(coalesce(p.remittance_text, '')) like :q"
              + " or lower(p.external_id) like :q or lower(a.external_id) like :q)");
      params.put("q", "%" + f.q().toLowerCase(java.util.Locale.ROOT).replace("%", "\\%") + "%");
    }
    if (f.currency() != null) {
      where.add("p.currency = :currency");
      params.put("currency", f.currency());
    }
    if (f.region() != null) {
      where.add("a.region = :region");
      params.put("region", f.region());
    }
    if (f.minAgeDays() != null && f.minAgeDays() > 0) {
      where.add("cast(:today as date) - p.value_date >= :minAge");
      params.put("minAge", f.minAgeDays());
    }
    if (f.minConfidence() != null && f.minConfidence() > 0) {
      where.add(
          "exists (select 1 from cash_suggestion s where s.payment_id = p.id"
              + " and s.confidence >= :minConfidence)");
      params.put("minConfidence", f.minConfidence());
    }
    if (f.source() != null) {
      where.add("p.source_system = :source");
      params.put("source", f.source());
    }
    int scale = Money.scaleOf(Currency.getInstance(rc));
    String sql =
        """
        with rates as (
          select distinct on (currency) currency, rate from fx_rate where rate_date <= :today
          order by currency, rate_date desc),
        unapplied as (
          select p.id, p.source_system, p.external_id, p.reference, p.remittance_text, p.method,
                 p.value_date, cast(:today as date) - p.value_date as age_days, p.currency, p.amount,
                 p.unapplied_amount,
                 round(p.unapplied_amount * coalesce(r.rate, case when p.currency = :rc then 1 end), %d)
                   as unapplied_rc,
                 p.account_id, a.name as account_name, a.external_id as account_external_id,
                 a.region, a.owner_id, u.display_name as owner_name,
                 (select max(s.confidence) from cash_suggestion s where s.payment_id = p.id)
                   as best_confidence
          from payment p join customer_account a on a.id = p.account_id
          left join app_user u on u.id = a.owner_id
          left join rates r on r.currency = p.currency
          where %s)
        """
            .formatted(scale, String.join(" and ", where));
    return new Query(sql, params);
  }

  private static String orderBy(UnappliedFilter f) {
    String dir = f.dir();
    String key =
        switch (f.sort()) {
          case "amount" -> "unapplied_rc " + dir + " nulls last";
          case "account" -> "account_name " + dir;
          case "owner" -> "owner_name " + dir + " nulls last";
          case "confidence" -> "best_confidence " + dir + " nulls last";
          default -> "age_days " + dir;
        };
    return key + ", id";
  }

  private UnappliedPayment map(ResultSet rs, int n) throws SQLException {
    String currency = rs.getString("currency").trim();
    BigDecimal rc = rs.getBigDecimal("unapplied_rc");
    long owner = rs.getLong("owner_id");
    boolean noOwner = rs.wasNull();
    int best = rs.getInt("best_confidence");
    boolean noBest = rs.wasNull();
    return new UnappliedPayment(
        new PaymentId(rs.getLong("id")),
        rs.getString("source_system"),
        rs.getString("external_id"),
        rs.getString("reference"),
        rs.getString("remittance_text"),
        rs.getString("method"),
        rs.getObject("value_date", LocalDate.class),
        rs.getLong("age_days"),
        Money.ofStored(rs.getBigDecimal("amount"), currency),
        Money.ofStored(rs.getBigDecimal("unapplied_amount"), currency),
        rc == null ? null : Money.ofStored(rc, fx.reportingCurrency()),
        new AccountId(rs.getLong("account_id")),
        rs.getString("account_name"),
        rs.getString("account_external_id"),
        rs.getString("region"),
        noOwner ? null : owner,
        rs.getString("owner_name"),
        noBest ? null : best,
        List.of());
  }
}
