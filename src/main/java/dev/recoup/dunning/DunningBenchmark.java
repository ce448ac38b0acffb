package dev.recoup.dunning;

import dev.recoup.shared.Benchmark;
import dev.recoup.shared.Measurement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * P6: the daily run over every account with its actions persisted (selection, contact rules, the
 * run's accounts, approvals and actions, committed) against the raw SQL selection of the due steps
 * read by a client, on the same date and data. Two figures: a first run (nothing issued yet, so
 * every due step at once: the largest possible day) and the everyday run (yesterday's run in, so
 * only the steps reached since). Each measured run is removed afterwards, so repetitions measure
 * the same work. Composing and sending the messages happens after the run, account by account, and
 * is the outbox's throughput: it is not part of these figures.
 */
@Component
class DunningBenchmark implements Benchmark {

  private static final int RUNS = 3;
  private static final String SCOPE = "bench";

  private final Dunning dunning;
  private final DuePlanner planner;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  DunningBenchmark(
      Dunning dunning, DuePlanner planner, JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.dunning = dunning;
    this.planner = planner;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "P6";
  }

  @Override
  public List<Measurement> measure() {
    LocalDate today = LocalDate.now(clock);
    List<Measurement> figures = new ArrayList<>();
    figures.add(measure(today, "first run: every due step at once"));
    // The everyday case: yesterday's run is in, today's issues only the steps reached since.
    long yesterday = planRun(today.minusDays(1));
    try {
      figures.add(measure(today, "next day: yesterday's run already in"));
    } finally {
      remove(yesterday);
    }
    return figures;
  }

  private Measurement measure(LocalDate date, String which) {
    long[] run = new long[RUNS];
    long[] raw = new long[RUNS];
    long[] items = new long[1];
    long[] accounts = new long[1];
    for (int i = -1; i < RUNS; i++) { // the first round warms both paths up
      long t0 = System.nanoTime();
      long id = planRun(date);
      long took = System.nanoTime() - t0;
      jdbc.sql("select items_due, accounts_due from dunning_run where id = ?")
          .param(id)
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs -> {
                    items[0] = rs.getLong(1);
                    accounts[0] = rs.getLong(2);
                  });
      remove(id);
      t0 = System.nanoTime();
      tx.executeWithoutResult(s -> planner.readDue(date, RunScope.portfolio()));
      long rawTook = System.nanoTime() - t0;
      if (i >= 0) {
        run[i] = took;
        raw[i] = rawTook;
      }
    }
    return Measurement.ratio(
        "P6 dunning run, "
            + which
            + " ("
            + items[0]
            + " steps on "
            + accounts[0]
            + " accounts, persisted) vs raw SQL selection",
        median(run),
        median(raw),
        "3");
  }

  /** Plans the date as the daily run does, under its own scope key so that it can be removed. */
  private long planRun(LocalDate date) {
    Long id =
        tx.execute(
            s -> {
              Instant now = Instant.now(clock);
              long runId =
                  jdbc.sql(
                          """
                          insert into dunning_run (run_date, scope, status, started_by, started_at)
                          values (?, ?, 'DISPATCHING', 'bench', ?) returning id""")
                      .params(date, SCOPE, DuePlanner.utc(now))
                      .query(Long.class)
                      .single();
              dunning.persistPlan(runId, date, RunScope.portfolio(), now);
              return runId;
            });
    return id == null ? 0 : id;
  }

  private void remove(long runId) {
    tx.executeWithoutResult(
        s -> {
          jdbc.sql("delete from dunning_action where run_id = ?").param(runId).update();
          jdbc.sql("delete from dunning_approval where run_id = ?").param(runId).update();
          jdbc.sql("delete from dunning_run_account where run_id = ?").param(runId).update();
          jdbc.sql("delete from dunning_run where id = ?").param(runId).update();
        });
    // The next repetition starts from tables as they were, without the dead rows.
    jdbc.sql("vacuum (analyze) dunning_action, dunning_approval, dunning_run_account").update();
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
