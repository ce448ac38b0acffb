package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.ledger.Aging;
import dev.recoup.shared.Benchmark;
import dev.recoup.shared.Measurement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * P7: a collector's worklist (server p95 at most 50 ms) and the nightly ranking (at most 1.5 x the
 * raw SQL that computes the same rows without storing them).
 */
@Component
class WorklistBenchmark implements Benchmark {

  private static final int RUNS = 3;
  private static final int PAGE_CALLS = 400;

  private final Worklists worklists;
  private final Access access;
  private final Aging aging;
  private final TransactionTemplate tx;

  WorklistBenchmark(Worklists worklists, Access access, Aging aging, TransactionTemplate tx) {
    this.worklists = worklists;
    this.access = access;
    this.aging = aging;
    this.tx = tx;
  }

  @Override
  public String name() {
    return "worklist";
  }

  @Override
  public List<Measurement> measure() {
    LocalDate today = aging.today();
    worklists.refresh(today); // warm up both paths once
    worklists.rankRaw(today);
    long[] refresh = new long[RUNS];
    long[] raw = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      worklists.refresh(today);
      refresh[i] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      tx.executeWithoutResult(s -> worklists.rankRaw(today));
      raw[i] = System.nanoTime() - t0;
    }
    List<User> collectors =
        access.users().stream().filter(u -> u.role() == Role.COLLECTOR).toList();
    List<Long> page = new ArrayList<>();
    for (int i = 0; i < PAGE_CALLS + 40; i++) {
      User u = collectors.get(i % collectors.size());
      long t0 = System.nanoTime();
      List<WorklistRow> rows = worklists.of(u, today, 200);
      long took = System.nanoTime() - t0;
      if (i >= 40 && !rows.isEmpty()) { // the first calls warm the JIT and the cache
        page.add(took);
      }
    }
    return List.of(
        Measurement.ratio(
            "P7 worklist ranking (all accounts, persisted) vs raw SQL",
            median(refresh),
            median(raw),
            "1.5"),
        Measurement.atMost(
            "P7 worklist page (200 rows with reasons), p95 over " + page.size() + " calls",
            percentile(page, 95),
            percentile(page, 50), // the reference column shows the median call
            50));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (p * sorted.size() + 99) / 100 - 1)));
  }
}
