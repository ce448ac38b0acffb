package dev.recoup.ledger;

import dev.recoup.access.Access;
import dev.recoup.shared.Benchmark;
import dev.recoup.shared.Measurement;
import dev.recoup.shared.TableExport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * P5: the per-account aging export of every account (the same path as {@code /exports/aging},
 * streamed from the database into a CSV and into an Excel workbook written to a stream that only
 * counts bytes) against the raw SQL: the same statement, read row by row with every column fetched
 * and nothing around it. Plus the export's heap growth: the live heap (sampled right after a
 * collection) while the Excel export runs, over the live heap before it. Reads only.
 */
@Component
class AgingExportBenchmark implements Benchmark {

  private static final int RUNS = 5;
  private static final int WARM_UP = 2;
  private static final long HEAP_BUDGET_MB = 256;

  private final LedgerExports exports;
  private final Access access;
  private final DataSource dataSource;
  private final TransactionTemplate tx;

  AgingExportBenchmark(
      LedgerExports exports, Access access, DataSource dataSource, TransactionTemplate tx) {
    this.exports = exports;
    this.access = access;
    this.dataSource = dataSource;
    this.tx = tx;
  }

  @Override
  public String name() {
    return "P5";
  }

  @Override
  public List<Measurement> measure() {
    LocalDate asOf = exports.today();
    Map<Long, String> owners = new LinkedHashMap<>();
    access.users().forEach(u -> owners.put(u.id().value(), u.displayName()));
    long[] raw = new long[RUNS];
    long[] streamed = new long[RUNS];
    long[] csv = new long[RUNS];
    long[] xlsx = new long[RUNS];
    long rows = 0;
    long[] bytes = new long[2];
    for (int i = -WARM_UP; i < RUNS; i++) { // the first rounds warm every path up
      long t0 = System.nanoTime();
      rows = rawSql(asOf);
      long rawTook = System.nanoTime() - t0;
      t0 = System.nanoTime();
      long[] n = new long[1];
      exports.accountAging(LedgerExports.AccountFilter.all(), asOf, a -> n[0]++);
      long streamedTook = System.nanoTime() - t0;
      t0 = System.nanoTime();
      bytes[0] = export(TableExport.Format.CSV, asOf, owners);
      long csvTook = System.nanoTime() - t0;
      t0 = System.nanoTime();
      bytes[1] = export(TableExport.Format.XLSX, asOf, owners);
      long xlsxTook = System.nanoTime() - t0;
      if (i >= 0) {
        raw[i] = rawTook;
        streamed[i] = streamedTook;
        csv[i] = csvTook;
        xlsx[i] = xlsxTook;
      }
    }
    List<Measurement> figures = new ArrayList<>();
    figures.add(
        Measurement.ratio(
            "P5 aging rows streamed through the application, no file, vs raw SQL",
            median(streamed),
            median(raw),
            "1.5"));
    figures.add(
        Measurement.ratio(
            "P5 aging export per account, CSV ("
                + rows
                + " rows, "
                + bytes[0] / 1024
                + " KB) vs raw SQL",
            median(csv),
            median(raw),
            "1.5"));
    figures.add(
        Measurement.ratio(
            "P5 aging export per account, Excel (" + bytes[1] / 1024 + " KB) vs raw SQL",
            median(xlsx),
            median(raw),
            "1.5"));
    figures.add(heapGrowth(asOf, owners));
    return figures;
  }

  /** The export as a person downloads it, into a stream that counts what it is given. */
  private long export(TableExport.Format format, LocalDate asOf, Map<Long, String> owners) {
    CountingStream out = new CountingStream();
    try (TableExport table =
        TableExport.to(format, out, "aging-" + asOf, exports.accountAgingHeader())) {
      exports.writeAccountAging(LedgerExports.AccountFilter.all(), asOf, owners, table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.count;
  }

  /** The same statement read with plain JDBC: every column of every row, nothing else. */
  private long rawSql(LocalDate asOf) {
    Map<String, Object> params = new java.util.TreeMap<>();
    String sql = exports.accountAgingSql(LedgerExports.AccountFilter.all(), asOf, params);
    ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
    var source = new org.springframework.jdbc.core.namedparam.MapSqlParameterSource(params);
    String jdbcSql = NamedParameterUtils.substituteNamedParameters(parsed, source);
    Object[] values = NamedParameterUtils.buildValueArray(parsed, source, null);
    Long n =
        tx.execute(
            status -> {
              // The transaction's connection (autocommit off), so the driver streams by fetch size.
              var c = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
              try (PreparedStatement ps = c.prepareStatement(jdbcSql)) {
                ps.setFetchSize(LedgerExports.FETCH_SIZE);
                for (int i = 0; i < values.length; i++) {
                  ps.setObject(i + 1, values[i]);
                }
                long count = 0;
                try (ResultSet rs = ps.executeQuery()) {
                  int columns = rs.getMetaData().getColumnCount();
                  while (rs.next()) {
                    for (int col = 1; col <= columns; col++) {
                      rs.getObject(col);
                    }
                    count++;
                  }
                }
                return count;
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
              } finally {
                org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(
                    c, dataSource);
              }
            });
    return n == null ? 0 : n;
  }

  /**
   * The live heap while the Excel export runs: a sampler collects garbage and reads the used heap
   * every 100 ms; the figure is the highest reading over the reading before the export.
   */
  private Measurement heapGrowth(LocalDate asOf, Map<Long, String> owners) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(before);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (running.get()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "p5-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    try {
      export(TableExport.Format.XLSX, asOf, owners);
    } finally {
      running.set(false);
      try {
        sampler.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    BigDecimal growth = mb(Math.max(0, peak.get() - before));
    BigDecimal budget = BigDecimal.valueOf(HEAP_BUDGET_MB);
    return new Measurement(
        "P5 heap growth of the Excel export (live heap after GC, budget as reference)",
        growth,
        "MB",
        budget,
        growth.divide(budget, 2, RoundingMode.HALF_UP),
        "<= " + HEAP_BUDGET_MB + " MB",
        growth.compareTo(budget) <= 0);
  }

  private static BigDecimal mb(long bytes) {
    return BigDecimal.valueOf(bytes)
        .divide(BigDecimal.valueOf(1024L * 1024L), 1, RoundingMode.HALF_UP);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Discards what it is given and counts the bytes. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
