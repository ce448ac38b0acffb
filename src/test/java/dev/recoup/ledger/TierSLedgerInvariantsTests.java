package dev.recoup.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.audit.AuditTrail;
import dev.recoup.demo.DemoPortfolio;
import dev.recoup.demo.Tier;
import dev.recoup.support.RecoupTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Tier S (10,000 accounts, ~500k invoices) loaded through COPY into a database of its own keeps the
 * same invariants.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"recoup.db.embedded-database=tier_s", "recoup.demo.load=false"})
@ActiveProfiles("test")
@Import(RecoupTest.Clocks.class)
class TierSLedgerInvariantsTests {

  @Autowired DemoPortfolio portfolio;
  @Autowired JdbcClient jdbc;
  @Autowired Aging aging;
  @Autowired AuditTrail audit;

  @Test
  void tierSLoadsThroughCopyAndKeepsInvariantsI1ToI3AndTheAuditChain() {
    DemoPortfolio.LoadReport report = portfolio.load(Tier.S, 7, true, RecoupTest.DEMO_PASSWORD);
    System.out.println("Tier S: " + report);

    assertThat(report.accounts()).isEqualTo(10_000);
    assertThat(report.invoices()).isBetween(400_000L, 650_000L);
    assertThat(jdbc.sql("select count(*) from invoice").query(Long.class).single())
        .isEqualTo(report.invoices());
    LedgerInvariants.assertHold(jdbc, aging, audit, aging.today());
  }
}
