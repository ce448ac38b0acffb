package dev.recoup.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.audit.AuditTrail;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Invariants I1-I3 and I5 of quality.md, checked in SQL over a whole portfolio. Each check counts
 * the rows that break it; the count must be zero.
 */
public final class LedgerInvariants {

  private LedgerInvariants() {}

  public static void assertHold(JdbcClient jdbc, Aging aging, AuditTrail audit, LocalDate asOf) {
    assertThat(count(jdbc, "select count(*) from invoice")).as("a portfolio to check").isPositive();

    // I1: 0 <= open <= amount; amount - open = what payments and credits applied to it.
    assertThat(
            count(
                jdbc,
                """
                select count(*) from invoice i
                left join (select invoice_id, sum(amount) as applied from application group by invoice_id) a
                  on a.invoice_id = i.id
                where i.open_amount < 0 or i.open_amount > i.amount
                   or i.amount - i.open_amount <> coalesce(a.applied, 0)
                   or (i.open_amount = 0) <> (i.closed_on is not null)"""))
        .as("I1 invoices whose open amount disagrees with their applications")
        .isZero();
    assertThat(
            count(
                jdbc,
                """
                select count(*) from invoice i where
                  (i.open_amount > 0 and (i.disputed_amount > 0) <> (i.status = 'DISPUTED'))
                  or i.disputed_amount > i.open_amount
                  or (i.open_amount = i.amount and i.disputed_amount = 0 and i.status <> 'OPEN')
                  or (i.open_amount > 0 and i.open_amount < i.amount and i.disputed_amount = 0
                      and i.status <> 'PARTIALLY_PAID')
                  or (i.open_amount = 0 and i.status not in ('PAID', 'CREDITED'))"""))
        .as("I1 invoices whose status disagrees with their amounts")
        .isZero();

    // I2: a payment's applications never exceed it; the rest is unapplied cash. Same for credits.
    assertThat(
            count(
                jdbc,
                """
                select count(*) from payment p
                left join (select payment_id, sum(amount) as applied from application
                           where payment_id is not null group by payment_id) a on a.payment_id = p.id
                left join (select payment_id, sum(amount) as refunded from refund_posting
                           where payment_id is not null group by payment_id) r on r.payment_id = p.id
                where coalesce(a.applied, 0) + coalesce(r.refunded, 0) > p.amount
                   or p.unapplied_amount <> p.amount - coalesce(a.applied, 0) - coalesce(r.refunded, 0)"""))
        .as("I2 payments whose applications exceed them or whose unapplied cash is wrong")
        .isZero();
    assertThat(
            count(
                jdbc,
                """
                select count(*) from credit_memo m
                left join (select credit_memo_id, sum(amount) as applied from application
                           where credit_memo_id is not null group by credit_memo_id) a
                  on a.credit_memo_id = m.id
                left join (select credit_memo_id, sum(amount) as refunded from refund_posting
                           where credit_memo_id is not null group by credit_memo_id) r
                  on r.credit_memo_id = m.id
                where coalesce(a.applied, 0) + coalesce(r.refunded, 0) > m.amount
                   or m.open_amount <> m.amount - coalesce(a.applied, 0) - coalesce(r.refunded, 0)"""))
        .as("I2 credit memos applied beyond their amount")
        .isZero();
    assertThat(
            count(
                jdbc,
                """
                select count(*) from application a
                join invoice i on i.id = a.invoice_id
                left join payment p on p.id = a.payment_id
                left join credit_memo m on m.id = a.credit_memo_id
                where a.currency <> i.currency or a.currency <> coalesce(p.currency, m.currency)"""))
        .as("applications across currencies")
        .isZero();

    // I3: AR = invoices - applications = open items = the aging buckets, per currency.
    Map<String, BigDecimal> open =
        jdbc
            .sql(
                """
                select i.currency, sum(i.amount) - coalesce(sum(a.applied), 0) as ar, sum(i.open_amount) as open
                from invoice i
                left join (select invoice_id, sum(amount) as applied from application group by invoice_id) a
                  on a.invoice_id = i.id
                group by i.currency""")
            .query(
                (rs, n) -> {
                  assertThat(rs.getBigDecimal("ar"))
                      .as("I3 AR balance of " + rs.getString("currency"))
                      .isEqualByComparingTo(rs.getBigDecimal("open"));
                  return Map.entry(rs.getString("currency").trim(), rs.getBigDecimal("open"));
                })
            .list()
            .stream()
            .filter(e -> e.getValue().signum() != 0)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    // Aging on a date equals today's open items only when nothing was applied after that date;
    // tests with a settable clock leave postings dated after the day they return to.
    LocalDate latest =
        jdbc.sql("select greatest(max(applied_on), cast(? as date)) from application")
            .param(asOf)
            .query(LocalDate.class)
            .single();
    AgingReport report = aging.portfolio(latest);
    assertThat(report.byCurrency()).hasSize(open.size());
    for (AgingReport.CurrencyAging c : report.byCurrency()) {
      Money sumOfBuckets = c.buckets().stream().reduce(Money.zero(c.currency()), Money::plus);
      assertThat(sumOfBuckets).as("I3 buckets sum to the total").isEqualTo(c.total());
      assertThat(c.total().amount())
          .as("I3 aging total of " + c.currency() + " equals its open items")
          .isEqualByComparingTo(open.get(c.currency()));
    }
    Money rcSum =
        report.reporting().buckets().stream()
            .reduce(Money.zero(report.reporting().currency()), Money::plus);
    assertThat(rcSum).isEqualTo(report.reporting().total());

    // The balance summary lists read agrees with the ledger.
    aging.refreshBalances(asOf);
    Map<String, BigDecimal> summary =
        jdbc
            .sql("select currency, sum(open_total) as open from account_balance group by currency")
            .query((rs, n) -> Map.entry(rs.getString("currency").trim(), rs.getBigDecimal("open")))
            .list()
            .stream()
            .filter(e -> e.getValue().signum() != 0)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    // The summary is as of asOf: it agrees with the aging on that date.
    Map<String, BigDecimal> agedOnAsOf =
        (latest.equals(asOf) ? report : aging.portfolio(asOf))
            .byCurrency().stream()
                .filter(c -> c.total().isPositive())
                .collect(Collectors.toMap(c -> c.currency(), c -> c.total().amount()));
    assertThat(summary.keySet()).isEqualTo(agedOnAsOf.keySet());
    summary.forEach(
        (c, v) -> assertThat(v).as("summary of " + c).isEqualByComparingTo(agedOnAsOf.get(c)));

    // I5: the audit trail's hash chain verifies.
    var chain = audit.verify();
    assertThat(chain.valid()).as("audit chain, first broken row " + chain.firstBrokenId()).isTrue();
    assertThat(chain.rowsChecked()).isPositive();
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }
}
