package dev.recoup.promises;

import dev.recoup.shared.DatabaseMode;
import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each business day, judges the promises and plans that came due. Runs on one node of a cluster at
 * a time (a transaction-scoped advisory lock); judging the same date again changes nothing, because
 * only open promises and active plans are judged.
 */
@Component
class DailyCommitmentCheck {

  private static final Logger log = LoggerFactory.getLogger(DailyCommitmentCheck.class);
  private static final long LOCK = 0x50524f4d495345L; // "PROMISE"

  private final Promises promises;
  private final PaymentPlans plans;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Environment env;

  DailyCommitmentCheck(
      Promises promises,
      PaymentPlans plans,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      Environment env) {
    this.promises = promises;
    this.plans = plans;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.env = env;
  }

  @Scheduled(
      fixedDelayString = "${recoup.promises.check-ms:3600000}",
      initialDelayString = "${recoup.promises.check-ms:3600000}")
  void check() {
    if (DatabaseMode.isCommand(env)) {
      return;
    }
    LocalDate today = LocalDate.now(clock);
    tx.executeWithoutResult(
        s -> {
          boolean mine =
              jdbc.sql("select pg_try_advisory_xact_lock(?)")
                  .param(LOCK)
                  .query(Boolean.class)
                  .single();
          if (!mine) {
            return;
          }
          int decided = promises.evaluate(today).size();
          int broken = plans.evaluate(today).size();
          if (decided + broken > 0) {
            log.info("{}: {} promises judged, {} plans broken", today, decided, broken);
          }
        });
  }
}
