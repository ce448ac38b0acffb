package dev.recoup.refunds;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.FxRates;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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
 * Credit balances as an aged worklist: every payment with unapplied cash and every credit memo with
 * an open amount, in one set-based statement that reads them through their partial indexes ({@code
 * payment_unapplied}, {@code credit_memo_open}), filters, sorts and pages in the database, and
 * converts to the reporting currency at the latest rate on or before today.
 */
@Service
@Transactional(readOnly = true)
public class CreditBalances {

  /** The age bands of the summary, in days since the value or issue date. */
  static final int[][] BANDS = {{0, 30}, {31, 90}, {91, 180}, {181, 365}, {366, -1}};

  private final JdbcClient jdbc;
  private final Access access;
  private final FxRates fx;
  private final Clock clock;

  CreditBalances(JdbcClient jdbc, Access access, FxRates fx, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.fx = fx;
    this.clock = clock;
  }

  public String reportingCurrency() {
    return fx.reportingCurrency();
  }

  /**
   * The filter a person gets when it names no scope: a collector its own accounts, everyone else
   * the whole team's.
   */
  public CreditBalanceFilter withDefaultScope(CreditBalanceFilter filter) {
    if (filter.scope() != null) {
      return filter;
    }
    boolean collector = access.currentActor().map(a -> a.is(Role.COLLECTOR)).orElse(false);
    return filter.withScope(collector ? "mine" : "all");
  }

  /** One page of the worklist and the totals of everything the filter finds. */
  public CreditBalancePage page(CreditBalanceFilter requested) {
    CreditBalanceFilter filter = withDefaultScope(requested);
    Query q = query(filter, null);
    List<CreditBalance> rows =
        jdbc.sql(
                q.sql()
                    + """
                , paged as (select * from balances order by %s limit :limit offset :offset)
                %s
                order by %s"""
                        .formatted(orderBy(filter, ""), decorate("paged"), orderBy(filter, "x.")))
            .params(q.params())
            .param("limit", filter.size())
            .param("offset", (long) filter.page() * filter.size())
            .query(this::map)
            .list();
    String rc = fx.reportingCurrency();
    StringBuilder bands = new StringBuilder();
    for (int[] b : BANDS) {
      String cond = b[1] < 0 ? "age_days >= " + b[0] : "age_days between " + b[0] + " and " + b[1];
      bands
          .append(", count(*) filter (where ")
          .append(cond)
          .append("), coalesce(sum(open_rc) filter (where ")
          .append(cond)
          .append("), 0)");
    }
    return jdbc.sql(
            q.sql()
                + " select count(*), coalesce(sum(open_rc), 0), count(*) filter (where open_rc is null)"
                + bands
                + " from balances")
        .params(q.params())
        .query(
            (rs, n) -> {
              List<CreditBalancePage.AgeBand> list = new ArrayList<>();
              for (int i = 0; i < BANDS.length; i++) {
                int[] b = BANDS[i];
                list.add(
                    new CreditBalancePage.AgeBand(
                        b[1] < 0 ? "over " + (b[0] - 1) : b[0] + "–" + b[1],
                        b[0],
                        b[1] < 0 ? null : b[1],
                        rs.getLong(4 + 2 * i),
                        Money.ofStored(rs.getBigDecimal(5 + 2 * i), rc)));
              }
              return new CreditBalancePage(
                  filter,
                  rows,
                  rs.getLong(1),
                  Money.ofStored(rs.getBigDecimal(2), rc),
                  rs.getLong(3),
                  list);
            })
        .single();
  }

  /** Every credit the filter finds, in its order, streamed (the CSV export); paging is ignored. */
  public void forEach(CreditBalanceFilter requested, Consumer<CreditBalance> each) {
    CreditBalanceFilter filter = withDefaultScope(requested);
    Query q = query(filter, null);
    jdbc.sql(q.sql() + " " + decorate("balances") + " order by " + orderBy(filter, "x."))
        .params(q.params())
        .query((RowCallbackHandler) rs -> each.accept(map(rs, 0)));
  }

  /** Every credit of one account, oldest first. */
  public List<CreditBalance> ofAccount(AccountId account) {
    CreditBalanceFilter filter = CreditBalanceFilter.all().sortedBy("age", "desc");
    Query q = query(filter, account.value());
    return jdbc.sql(q.sql() + " " + decorate("balances") + " order by " + orderBy(filter, "x."))
        .params(q.params())
        .query(this::map)
        .list();
  }

  private record Query(String sql, Map<String, Object> params) {}

  /**
   * The filtered credits as CTE {@code balances}: source, account, owner, age and the open amount
   * in the reporting currency.
   */
  private Query query(CreditBalanceFilter f, Long account) {
    Map<String, Object> params = new HashMap<>();
    LocalDate today = LocalDate.now(clock);
    String rc = fx.reportingCurrency();
    params.put("today", today);
    params.put("rc", rc);
    String onlyAccount = "";
    if (account != null) {
      onlyAccount = " and %s.account_id = :account";
      params.put("account", account);
    }
    List<String> where = new ArrayList<>();
    List<Long> owners = access.ownersInScope(f.scope());
    if (owners != null) {
      where.add("a.owner_id = any(:owners)");
      params.put("owners", owners.toArray(Long[]::new));
    }
    if (f.minAmount() != null && f.minAmount().signum() > 0) {
      where.add("open_rc >= :minAmount");
      params.put("minAmount", f.minAmount());
    }
    if (f.minAgeDays() != null && f.minAgeDays() > 0) {
      where.add("age_days >= :minAge");
      params.put("minAge", f.minAgeDays());
    }
    if (f.region() != null) {
      where.add("a.region = :region");
      params.put("region", f.region());
    }
    String payments = "";
    String memos = "";
    if (f.kind() != null) {
      params.put("kind", f.kind());
      payments = " and :kind = 'PAYMENT'";
      memos = " and :kind = 'CREDIT_MEMO'";
    }
    int scale = Money.scaleOf(Currency.getInstance(rc));
    String sql =
        """
        with rates as (
          select distinct on (currency) currency, rate from fx_rate where rate_date <= :today
          order by currency, rate_date desc),
        src as (
          select 'PAYMENT' as kind, p.id, p.account_id, p.currency, p.amount,
                 p.unapplied_amount as open, p.value_date as dated, p.external_id as document
          from payment p where p.unapplied_amount > 0 %1$s %2$s
          union all
          select 'CREDIT_MEMO', m.id, m.account_id, m.currency, m.amount, m.open_amount,
                 m.issue_date, m.number
          from credit_memo m where m.open_amount > 0 %3$s %4$s),
        aged as (
          select s.*, cast(:today as date) - s.dated as age_days,
                 round(s.open * coalesce(r.rate, case when s.currency = :rc then 1 end), %5$d) as open_rc
          from src s left join rates r on r.currency = s.currency),
        balances as (
          select s.*, a.name as account_name, a.external_id as account_external_id, a.region,
                 a.owner_id, u.display_name as owner_name
          from aged s join customer_account a on a.id = s.account_id
          left join app_user u on u.id = a.owner_id
          %6$s)
        """
            .formatted(
                onlyAccount.formatted("p"),
                payments,
                onlyAccount.formatted("m"),
                memos,
                scale,
                where.isEmpty() ? "" : "where " + String.join(" and ", where));
    return new Query(sql, params);
  }

  /** Adds what pending refunds reserve and the account's last outreach to the rows of a CTE. */
  private static String decorate(String cte) {
    return """
        select x.*,
          coalesce((select sum(f.amount) from refund f where x.kind = 'PAYMENT' and f.payment_id = x.id
                    and f.status in %1$s), 0)
          + coalesce((select sum(f.amount) from refund f where x.kind = 'CREDIT_MEMO'
                      and f.credit_memo_id = x.id and f.status in %1$s), 0) as reserved,
          (select max(o.sent_at) from credit_outreach o where o.account_id = x.account_id) as last_outreach
        from %2$s x"""
        .formatted(RefundStatus.PENDING_SQL, cte);
  }

  private static String orderBy(CreditBalanceFilter f, String p) {
    String dir = f.dir();
    String key =
        switch (f.sort()) {
          case "amount" -> p + "open_rc " + dir + " nulls last";
          case "account" -> p + "account_name " + dir;
          case "owner" -> p + "owner_name " + dir + " nulls last";
          case "region" -> p + "region " + dir;
          default -> p + "age_days " + dir;
        };
    return key + ", " + p + "kind, " + p + "id";
  }

  private CreditBalance map(ResultSet rs, int n) throws SQLException {
    String currency = rs.getString("currency");
    String kind = rs.getString("kind");
    long id = rs.getLong("id");
    BigDecimal rc = rs.getBigDecimal("open_rc");
    long owner = rs.getLong("owner_id");
    boolean noOwner = rs.wasNull();
    OffsetDateTime outreach = rs.getObject("last_outreach", OffsetDateTime.class);
    return new CreditBalance(
        new CreditSourceRef(CreditSourceRef.Kind.valueOf(kind), id),
        rs.getString("document"),
        rs.getObject("dated", LocalDate.class),
        rs.getLong("age_days"),
        Money.ofStored(rs.getBigDecimal("amount"), currency),
        Money.ofStored(rs.getBigDecimal("open"), currency),
        rc == null ? null : Money.ofStored(rc, fx.reportingCurrency()),
        Money.ofStored(rs.getBigDecimal("reserved"), currency),
        new AccountId(rs.getLong("account_id")),
        rs.getString("account_name"),
        rs.getString("account_external_id"),
        rs.getString("region"),
        noOwner ? null : owner,
        rs.getString("owner_name"),
        outreach == null ? null : outreach.toInstant());
  }
}
