package dev.recoup.collections;

import dev.recoup.ledger.Aging;
import dev.recoup.shared.DatabaseMode;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every morning (and at start when stale): refreshes the balance summary, then ranks the worklists
 * for the new business date. Cluster-safe: a transaction-scoped advisory lock lets one node do it;
 * the others see the fresh date and skip.
 */
@Component
class DailyRanking {

  private static final Logger log = LoggerFactory.getLogger(DailyRanking.class);
  private static final long LOCK = 0x574F524B4C4953L; // "WORKLIS"

  private final Aging aging;
  private final Worklists worklists;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Environment env;

  DailyRanking(
      Aging aging, Worklists worklists, JdbcClient jdbc, TransactionTemplate tx, Environment env) {
    this.aging = aging;
    this.worklists = worklists;
    this.jdbc = jdbc;
    this.tx = tx;
    this.env = env;
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    if (!DatabaseMode.isCommand(env)) {
      rankIfStale();
    }
  }

  /** A reloaded portfolio invalidates every ranking: rank the new one at once. */
  @EventListener
  void on(dev.recoup.demo.PortfolioLoaded loaded) {
    int n = worklists.refresh(loaded.asOf());
    log.info("Ranked {} accounts of the new tier {} portfolio", n, loaded.tier());
  }

  @Scheduled(
      fixedDelayString = "${recoup.worklist.check-ms:600000}",
      initialDelayString = "${recoup.worklist.check-ms:600000}")
  void rankIfStale() {
    LocalDate today = aging.today();
    boolean stale = worklists.rankedAsOf().map(d -> d.isBefore(today)).orElse(true);
    if (!stale) {
      return;
    }
    tx.executeWithoutResult(
        s -> {
          boolean mine =
              jdbc.sql("select pg_try_advisory_xact_lock(?)")
                  .param(LOCK)
                  .query(Boolean.class)
                  .single();
          if (!mine || worklists.rankedAsOf().map(d -> !d.isBefore(today)).orElse(false)) {
            return;
          }
          long t0 = System.nanoTime();
          aging.refreshBalances(today);
          int n = worklists.refresh(today);
          log.info(
              "Ranked {} accounts for {} in {} ms", n, today, (System.nanoTime() - t0) / 1_000_000);
        });
  }
}
