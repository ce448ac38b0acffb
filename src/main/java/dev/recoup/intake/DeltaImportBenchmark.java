package dev.recoup.intake;

import dev.recoup.shared.Benchmark;
import dev.recoup.shared.Measurement;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * P2: the daily delta. 100k of the tier's invoices (every n-th, so spread over the accounts as a
 * day's changes are) are first imported under a new source system, untimed; then the same invoices
 * with their due dates moved by a day are imported again, timed: 100k updates among the tier's
 * millions, with the balances of every touched account refreshed. Goals: at most 4 s, and at least
 * a tenth of the raw {@code COPY} rate of the same file. Everything it loaded is removed
 * afterwards.
 */
@Component
class DeltaImportBenchmark implements Benchmark {

  static final long CHANGED = 100_000;

  private final ImportBench bench;

  DeltaImportBenchmark(ImportBench bench) {
    this.bench = bench;
  }

  @Override
  public String name() {
    return "P2";
  }

  @Override
  public List<Measurement> measure() {
    bench.removeAll();
    Path first = null;
    Path changed = null;
    try {
      bench.copyAccounts();
      long everyNth = Math.max(1, bench.invoiceCount() / CHANGED);
      first = bench.exportInvoices(false, everyNth, CHANGED, 0);
      ImportReport loaded = bench.importInvoices(first);
      changed = bench.exportInvoices(true, 1, CHANGED, 1);
      long raw = bench.rawCopy(changed);
      long t0 = System.nanoTime();
      ImportReport delta = bench.importInvoices(changed);
      long took = System.nanoTime() - t0;
      long plainUpdate = bench.plainDueDateUpdate();
      String what =
          String.format(
              "delta import (due dates +1 day; %,d BENCH invoices loaded first)", loaded.created());
      return List.of(
          Measurement.atMost(
              String.format(
                  "P2 %s: %,d updated of %,d rows, time vs raw COPY",
                  what, delta.updated(), delta.fileRows()),
              took,
              raw,
              4000),
          FirstImportBenchmark.rate("P2", what, delta, took, raw, "0.10"),
          // Not a goal of quality.md: how far the pipeline is from the database's own floor.
          Measurement.ratio(
              "P2 (diagnostic) delta import vs a plain SQL UPDATE of the same due dates",
              took,
              plainUpdate,
              "2"));
    } finally {
      if (first != null) {
        ImportBench.delete(first);
      }
      if (changed != null) {
        ImportBench.delete(changed);
      }
      bench.removeAll();
    }
  }
}
