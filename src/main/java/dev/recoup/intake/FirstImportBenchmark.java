package dev.recoup.intake;

import dev.recoup.shared.Benchmark;
import dev.recoup.shared.Measurement;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * P1: the first import of an ERP's invoices (every invoice of the tier, exported as a Recoup-shape
 * file under a new source system, so every row is new), parsed, validated, deduplicated, merged
 * into the ledger and the balances refreshed, against the raw {@code COPY} of the same file into an
 * unindexed unlogged table. Goal: at least a quarter of the raw rate. Everything it loaded is
 * removed afterwards.
 */
@Component
class FirstImportBenchmark implements Benchmark {

  private final ImportBench bench;

  FirstImportBenchmark(ImportBench bench) {
    this.bench = bench;
  }

  @Override
  public String name() {
    return "P1";
  }

  @Override
  public List<Measurement> measure() {
    bench.removeAll();
    Path file = null;
    try {
      bench.copyAccounts();
      file = bench.exportInvoices(false, 1, Long.MAX_VALUE, 0);
      long raw = bench.rawCopy(file);
      long t0 = System.nanoTime();
      ImportReport report = bench.importInvoices(file);
      long took = System.nanoTime() - t0;
      return List.of(rate("P1", "first import", report, took, raw, "0.25"));
    } finally {
      if (file != null) {
        ImportBench.delete(file);
      }
      bench.removeAll();
    }
  }

  /**
   * Rows per second of the import beside those of the raw COPY; met at {@code minRatio} or more.
   */
  static Measurement rate(
      String id, String what, ImportReport r, long nanos, long rawNanos, String minRatio) {
    BigDecimal rows = BigDecimal.valueOf(r.fileRows());
    BigDecimal value = perSecond(rows, nanos);
    BigDecimal reference = perSecond(rows, rawNanos);
    BigDecimal ratio =
        reference.signum() == 0
            ? BigDecimal.ZERO
            : value.divide(reference, 3, RoundingMode.HALF_UP);
    return new Measurement(
        String.format(
            "%s %s of %,d invoices (%,d created, %,d updated, %,d rejected) in %s s"
                + " vs raw COPY of the file",
            id,
            what,
            r.fileRows(),
            r.created(),
            r.updated(),
            r.rejected(),
            Measurement.millis(nanos).movePointLeft(3).setScale(1, RoundingMode.HALF_UP)),
        value,
        "rows/s",
        reference,
        ratio,
        ">= " + minRatio + " x reference rate",
        ratio.compareTo(new BigDecimal(minRatio)) >= 0 && r.rejected() == 0);
  }

  private static BigDecimal perSecond(BigDecimal rows, long nanos) {
    if (nanos <= 0) {
      return BigDecimal.ZERO;
    }
    return rows.multiply(BigDecimal.valueOf(1_000_000_000L))
        .divide(BigDecimal.valueOf(nanos), 0, RoundingMode.HALF_UP);
  }
}
