package dev.recoup.web;

import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The accounts list: search, filters, sort and paging in one SQL statement over the accounts and
 * the ledger's balance summary, so it stays quick at 100k accounts. Sort keys and filters are
 * whitelisted; user text only ever reaches SQL as a bound parameter.
 */
@Component
class AccountList {

  /** What the list is asked for; blank filters are ignored. */
  record Query(
      String q,
      String region,
      String channel,
      Long ownerId,
      String status,
      Integer bucket,
      Long entityId,
      String sort,
      String dir,
      int page,
      int size) {

    Query {
      page = Math.max(page, 0);
      size = Math.min(Math.max(size, 1), 500);
      sort = sort != null && SORTS.containsKey(sort) ? sort : "pastDue";
      dir = "asc".equalsIgnoreCase(dir) ? "asc" : "desc";
    }

    Query withPage(int p) {
      return new Query(q, region, channel, ownerId, status, bucket, entityId, sort, dir, p, size);
    }
  }

  record Row(
      long id,
      String externalId,
      String name,
      String channel,
      String segment,
      String region,
      String status,
      Long ownerId,
      String currency,
      Money open,
      Money pastDue,
      Money openReporting,
      Money pastDueReporting,
      int maxDaysPastDue,
      int oldestBucket,
      long openItems,
      Money unappliedCash,
      boolean partnerEndCustomer) {}

  record Page(List<Row> rows, long total, Query query) {
    public int pages() {
      return (int) Math.max(1, (total + query.size() - 1) / query.size());
    }
  }

  static final Map<String, String> SORTS =
      Map.of(
          "name", "a.name", // index (name, id) serves the first pages
          "pastDue", "s.past_due_rc",
          "open", "s.open_total_rc",
          "dpd", "s.max_days_past_due",
          "region", "a.region",
          "status", "a.status");

  private final JdbcClient jdbc;
  private final String reportingCurrency;

  AccountList(
      JdbcClient jdbc,
      @org.springframework.beans.factory.annotation.Value("${recoup.reporting-currency:USD}")
          String reportingCurrency) {
    this.jdbc = jdbc;
    this.reportingCurrency = reportingCurrency;
  }

  Page find(Query query) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(query, params);
    long total =
        jdbc.sql(
                "select count(*) from customer_account a"
                    // every account has one summary row: join it only to filter by bucket
                    + (query.bucket() == null
                        ? ""
                        : " join account_summary s on s.account_id = a.id")
                    + where)
            .params(params)
            .query(Long.class)
            .single();
    params.put("limit", query.size());
    params.put("offset", (long) query.page() * query.size());
    String order = SORTS.get(query.sort()) + " " + query.dir() + ", s.account_id " + query.dir();
    List<Row> rows =
        jdbc.sql(
                select()
                    + balanceJoin()
                    + where
                    + " order by "
                    + order
                    + " limit :limit offset :offset")
            .params(params)
            .query(this::map)
            .list();
    return new Page(rows, total, query);
  }

  /** Streams every matching row, for exports; never holds the whole list in memory. */
  // A transaction lets the driver stream with the fetch size instead of reading every row first.
  @org.springframework.transaction.annotation.Transactional(readOnly = true)
  void forEach(Query query, Consumer<Row> consumer) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(query, params);
    String order = SORTS.get(query.sort()) + " " + query.dir() + ", s.account_id " + query.dir();
    // The stream holds a connection until it is closed.
    try (var rows =
        jdbc
            .sql(select() + balanceJoin() + where + " order by " + order)
            .params(params)
            .withFetchSize(1000)
            .query(this::map)
            .stream()) {
      rows.forEach(consumer);
    }
  }

  private static String select() {
    return """
        select a.id, a.external_id, a.name, a.channel, a.segment, a.region, a.status, a.owner_id,
               a.currency, a.partner_id, b.open_total, b.past_due, s.open_total_rc, s.past_due_rc,
               s.max_days_past_due as max_dpd, s.oldest_bucket as oldest, s.open_items as items,
               b.unapplied_cash
        from customer_account a""";
  }

  private static String balanceJoin() {
    // One to one: the account's summary across currencies (reporting currency; every account has
    // one) and its balance in its own currency.
    return " join account_summary s on s.account_id = a.id"
        + " left join account_balance b on b.account_id = a.id and b.currency = a.currency";
  }

  private static String where(Query q, Map<String, Object> params) {
    List<String> conditions = new ArrayList<>();
    if (notBlank(q.q())) {
      conditions.add("(lower(a.name) like :q or lower(a.external_id) like :q)");
      params.put(
          "q", "%" + q.q().trim().toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (notBlank(q.region())) {
      conditions.add("a.region = :region");
      params.put("region", q.region());
    }
    if (notBlank(q.channel())) {
      conditions.add("a.channel = :channel");
      params.put("channel", q.channel());
    }
    if (q.ownerId() != null) {
      conditions.add("a.owner_id = :owner");
      params.put("owner", q.ownerId());
    }
    if (notBlank(q.status())) {
      conditions.add("a.status = :status");
      params.put("status", q.status());
    }
    if (q.entityId() != null) {
      conditions.add("a.entity_id = :entity");
      params.put("entity", q.entityId());
    }
    if (q.bucket() != null && q.bucket() >= 0) {
      conditions.add("(s.bucket_mask & :bucketBit) <> 0");
      params.put("bucketBit", 1 << Math.min(q.bucket(), 30));
    }
    return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private Row map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    String c = rs.getString("currency");
    long owner = rs.getLong("owner_id");
    boolean noOwner = rs.wasNull();
    rs.getLong("partner_id");
    boolean endCustomer = !rs.wasNull();
    return new Row(
        rs.getLong("id"),
        rs.getString("external_id"),
        rs.getString("name"),
        rs.getString("channel"),
        rs.getString("segment"),
        rs.getString("region"),
        rs.getString("status"),
        noOwner ? null : owner,
        c,
        money(rs.getBigDecimal("open_total"), c),
        money(rs.getBigDecimal("past_due"), c),
        money(rs.getBigDecimal("open_total_rc"), reportingCurrency),
        money(rs.getBigDecimal("past_due_rc"), reportingCurrency),
        rs.getInt("max_dpd"),
        rs.getObject("oldest") == null ? -1 : rs.getInt("oldest"),
        rs.getLong("items"),
        money(rs.getBigDecimal("unapplied_cash"), c),
        endCustomer);
  }

  private static Money money(BigDecimal v, String currency) {
    return Money.ofStored(v == null ? BigDecimal.ZERO : v, currency);
  }
}
