package dev.recoup.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.audit.AuditTrail;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo portfolio loaded at first start keeps the ledger invariants, today and in the past. */
@RecoupTest
class DemoLedgerInvariantsTests {

  @Autowired JdbcClient jdbc;
  @Autowired Aging aging;
  @Autowired AuditTrail audit;
  @Autowired AgingBuckets buckets;

  @Test
  void demoPortfolioKeepsInvariantsI1ToI3AndTheAuditChain() {
    // The demo tier's 2,000 accounts, plus the few that other test classes create for themselves.
    assertThat(jdbc.sql("select count(*) from customer_account").query(Long.class).single())
        .isGreaterThanOrEqualTo(2000);
    LedgerInvariants.assertHold(jdbc, aging, audit, aging.today());
  }

  /**
   * I6: aging on a past date, computed by the set-based SQL (open today plus what was applied
   * since) and recomputed in memory from every invoice and application, agrees to the cent.
   */
  @Test
  void agingOnAPastDateAgreesWithAnInMemoryRecomputation() {
    LocalDate asOf = aging.today().minusDays(95);
    Map<Long, Object[]> invoices = new HashMap<>(); // id -> {currency, due, amount, issue}
    jdbc.sql("select id, currency, due_date, amount, issue_date from invoice")
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs ->
                    invoices.put(
                        rs.getLong(1),
                        new Object[] {
                          rs.getString(2).trim(),
                          rs.getObject(3, LocalDate.class),
                          rs.getBigDecimal(4),
                          rs.getObject(5, LocalDate.class)
                        }));
    Map<Long, BigDecimal> appliedBy = new HashMap<>();
    jdbc.sql("select invoice_id, amount from application where applied_on <= ?")
        .param(asOf)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> appliedBy.merge(rs.getLong(1), rs.getBigDecimal(2), BigDecimal::add));
    Map<String, BigDecimal[]> expected = new TreeMap<>();
    invoices.forEach(
        (id, v) -> {
          if (((LocalDate) v[3]).isAfter(asOf)) {
            return;
          }
          BigDecimal open =
              ((BigDecimal) v[2]).subtract(appliedBy.getOrDefault(id, BigDecimal.ZERO));
          if (open.signum() == 0) {
            return;
          }
          int bucket = buckets.bucketOf(ChronoUnit.DAYS.between((LocalDate) v[1], asOf));
          BigDecimal[] b =
              expected.computeIfAbsent(
                  (String) v[0],
                  c ->
                      java.util.stream.Stream.generate(() -> BigDecimal.ZERO)
                          .limit(buckets.count())
                          .toArray(BigDecimal[]::new));
          b[bucket] = b[bucket].add(open);
        });

    AgingReport report = aging.portfolio(asOf);

    assertThat(report.byCurrency())
        .extracting(AgingReport.CurrencyAging::currency)
        .containsExactlyElementsOf(expected.keySet());
    for (AgingReport.CurrencyAging c : report.byCurrency()) {
      List<BigDecimal> sql = c.buckets().stream().map(Money::amount).toList();
      BigDecimal[] mem = expected.get(c.currency());
      for (int i = 0; i < mem.length; i++) {
        assertThat(sql.get(i)).as(c.currency() + " bucket " + i).isEqualByComparingTo(mem[i]);
      }
    }
  }
}
