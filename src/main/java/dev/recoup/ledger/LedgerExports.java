package dev.recoup.ledger;

import dev.recoup.shared.Money;
import dev.recoup.shared.TableExport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger's lists for export, streamed row by row from the database (a fetch size inside a
 * read-only transaction, so the driver never reads a whole list into memory): every open item and
 * the aging of each account per currency as of a date. Both take the accounts list's filters, so an
 * export covers the accounts the person sees on the list. (Unapplied cash streams from {@link
 * UnappliedCash#forEach}.)
 */
@Service
public class LedgerExports {

  static final int FETCH_SIZE = 2_000;

  /**
   * Which accounts: the accounts list's search and filters; blank ones are ignored. {@code ownerId}
   * is the owning user's id.
   */
  public record AccountFilter(
      String q, String region, String channel, Long ownerId, String status) {

    public static AccountFilter all() {
      return new AccountFilter(null, null, null, null, null);
    }
  }

  /** One open invoice as it stands today. */
  public record OpenItem(
      long invoiceId,
      String number,
      String sourceSystem,
      String externalId,
      long accountId,
      String accountExternalId,
      String accountName,
      String endCustomerName,
      String entityCode,
      Long ownerId,
      LocalDate issueDate,
      LocalDate dueDate,
      int daysPastDue,
      String bucket,
      String poNumber,
      String kind,
      String status,
      Money amount,
      Money open,
      Money disputed) {}

  /** One account's open items in one currency as of a date, by aging bucket. */
  public record AccountAging(
      long accountId,
      String externalId,
      String name,
      String entityCode,
      String region,
      Long ownerId,
      String currency,
      List<Money> buckets,
      Money total,
      Money pastDue,
      Money disputed,
      long items,
      int maxDaysPastDue) {}

  private final JdbcClient jdbc;
  private final Aging aging;
  private final AgingBuckets buckets;
  private final Clock clock;

  LedgerExports(JdbcClient jdbc, Aging aging, AgingBuckets buckets, Clock clock) {
    this.jdbc = jdbc;
    this.aging = aging;
    this.buckets = buckets;
    this.clock = clock;
  }

  /** Today's business date, the default "as of" of the exports. */
  public LocalDate today() {
    return LocalDate.now(clock);
  }

  /** The aging bucket labels, current first: the aging export's bucket columns. */
  public List<String> bucketLabels() {
    return buckets.labels();
  }

  /** Every open invoice of the filtered accounts, by account and due date. */
  @Transactional(readOnly = true)
  public void openItems(AccountFilter filter, Consumer<OpenItem> consumer) {
    Map<String, Object> params = new TreeMap<>();
    LocalDate today = today();
    params.put("today", today);
    String where = accountConditions(filter, params);
    List<String> labels = buckets.labels();
    try (var rows =
        jdbc
            .sql(
                """
                select i.id, i.number, i.source_system, i.external_id, i.account_id,
                       a.external_id as account_external_id, a.name as account_name,
                       ec.name as end_customer_name, e.code as entity_code, a.owner_id,
                       i.issue_date, i.due_date, (:today - i.due_date) as dpd, i.po_number, i.kind,
                       i.status, i.currency, i.amount, i.open_amount, i.disputed_amount
                from invoice i
                join customer_account a on a.id = i.account_id
                join legal_entity e on e.id = i.entity_id
                left join customer_account ec on ec.id = i.end_customer_id
                where i.open_amount > 0 %s
                order by i.account_id, i.due_date, i.id"""
                    .formatted(where.isEmpty() ? "" : " and " + where))
            .params(params)
            .withFetchSize(FETCH_SIZE)
            .query(
                (rs, n) -> {
                  String c = rs.getString("currency").trim();
                  int dpd = rs.getInt("dpd");
                  return new OpenItem(
                      rs.getLong("id"),
                      rs.getString("number"),
                      rs.getString("source_system"),
                      rs.getString("external_id"),
                      rs.getLong("account_id"),
                      rs.getString("account_external_id"),
                      rs.getString("account_name"),
                      rs.getString("end_customer_name"),
                      rs.getString("entity_code"),
                      owner(rs),
                      rs.getObject("issue_date", LocalDate.class),
                      rs.getObject("due_date", LocalDate.class),
                      Math.max(0, dpd),
                      labels.get(buckets.bucketOf(dpd)),
                      rs.getString("po_number"),
                      rs.getString("kind"),
                      rs.getString("status"),
                      Money.ofStored(rs.getBigDecimal("amount"), c),
                      Money.ofStored(rs.getBigDecimal("open_amount"), c),
                      Money.ofStored(
                          rs.getBigDecimal("disputed_amount").min(rs.getBigDecimal("open_amount")),
                          c));
                })
            .stream()) {
      rows.forEach(consumer);
    }
  }

  /**
   * The aging of every filtered account with something open on {@code asOf}: one row per account
   * and currency, its open amount on that date in each bucket, by account name.
   */
  @Transactional(readOnly = true)
  public void accountAging(AccountFilter filter, LocalDate asOf, Consumer<AccountAging> consumer) {
    Map<String, Object> params = new TreeMap<>();
    String sql = accountAgingSql(filter, asOf, params);
    int n = buckets.count();
    try (var rows =
        jdbc
            .sql(sql)
            .params(params)
            .withFetchSize(FETCH_SIZE)
            .query((rs, i) -> accountAging(rs, n))
            .stream()) {
      rows.forEach(consumer);
    }
  }

  /** The columns of the per-account aging export: the account, then one per bucket, totals. */
  public String[] accountAgingHeader() {
    List<String> header = new ArrayList<>();
    header.addAll(
        List.of("Account external ID", "Account", "Entity", "Region", "Owner", "Currency"));
    header.addAll(buckets.labels());
    header.addAll(List.of("Total open", "Past due", "Disputed", "Open items", "Max days past due"));
    return header.toArray(String[]::new);
  }

  /**
   * Writes the per-account aging export (under {@link #accountAgingHeader()}) row by row as the
   * database returns it; {@code ownerNames} names the owners by user id.
   */
  public void writeAccountAging(
      AccountFilter filter, LocalDate asOf, Map<Long, String> ownerNames, TableExport out) {
    int columns = 6 + buckets.count() + 5;
    accountAging(
        filter,
        asOf,
        a -> {
          Object[] row = new Object[columns];
          int c = 0;
          row[c++] = a.externalId();
          row[c++] = a.name();
          row[c++] = a.entityCode();
          row[c++] = a.region();
          row[c++] = a.ownerId() == null ? null : ownerNames.get(a.ownerId());
          row[c++] = a.currency();
          for (Money b : a.buckets()) {
            row[c++] = b;
          }
          row[c++] = a.total();
          row[c++] = a.pastDue();
          row[c++] = a.disputed();
          row[c++] = a.items();
          row[c] = a.maxDaysPastDue();
          out.row(row);
        });
  }

  /**
   * The per-account aging statement: the ledger's aging of open items as of a date, grouped by
   * account and currency, with the account's name, entity and owner. Also the raw reference of the
   * P5 benchmark.
   */
  String accountAgingSql(AccountFilter filter, LocalDate asOf, Map<String, Object> params) {
    params.put("asOf", asOf);
    String where = accountConditions(filter, params);
    String scope =
        where.isEmpty()
            ? null
            : "i.account_id in (select a.id from customer_account a where " + where + ")";
    StringBuilder bucketColumns = new StringBuilder();
    for (int b = 0; b < buckets.count(); b++) {
      bucketColumns
          .append("coalesce(sum(open_asof) filter (where bucket = ")
          .append(b)
          .append("), 0) as b")
          .append(b)
          .append(", ");
    }
    return aging.openItemsAsOf(scope)
        + """
        , per_account as (
          select account_id, currency, %s sum(open_asof) as total,
                 coalesce(sum(open_asof) filter (where dpd > 0), 0) as past_due,
                 sum(disputed) as disputed, count(*) as items, greatest(max(dpd), 0) as max_dpd
          from aged group by account_id, currency)
        select p.*, a.external_id, a.name, a.region, a.owner_id, e.code as entity_code
        from per_account p
        join customer_account a on a.id = p.account_id
        join legal_entity e on e.id = a.entity_id
        order by a.name, a.id, p.currency"""
            .formatted(bucketColumns);
  }

  private static AccountAging accountAging(ResultSet rs, int bucketCount) throws SQLException {
    String c = rs.getString("currency").trim();
    List<Money> b = new ArrayList<>(bucketCount);
    for (int i = 0; i < bucketCount; i++) {
      b.add(Money.ofStored(rs.getBigDecimal("b" + i), c));
    }
    return new AccountAging(
        rs.getLong("account_id"),
        rs.getString("external_id"),
        rs.getString("name"),
        rs.getString("entity_code"),
        rs.getString("region"),
        owner(rs),
        c,
        List.copyOf(b),
        Money.ofStored(rs.getBigDecimal("total"), c),
        Money.ofStored(rs.getBigDecimal("past_due"), c),
        Money.ofStored(rs.getBigDecimal("disputed"), c),
        rs.getLong("items"),
        rs.getInt("max_dpd"));
  }

  private static Long owner(ResultSet rs) throws SQLException {
    long owner = rs.getLong("owner_id");
    return rs.wasNull() ? null : owner;
  }

  /** The filter as SQL conditions on {@code a} (customer_account); user text only as parameters. */
  private static String accountConditions(AccountFilter f, Map<String, Object> params) {
    List<String> conditions = new ArrayList<>();
    if (notBlank(f.q())) {
      conditions.add("(lower(a.name) like :q or lower(a.external_id) like :q)");
      params.put(
          "q", "%" + f.q().trim().toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (notBlank(f.region())) {
      conditions.add("a.region = :region");
      params.put("region", f.region().trim());
    }
    if (notBlank(f.channel())) {
      conditions.add("a.channel = :channel");
      params.put("channel", f.channel().trim());
    }
    if (f.ownerId() != null) {
      conditions.add("a.owner_id = :owner");
      params.put("owner", f.ownerId());
    }
    if (notBlank(f.status())) {
      conditions.add("a.status = :status");
      params.put("status", f.status().trim());
    }
    return String.join(" and ", conditions);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
