package dev.recoup.intake;

import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.AccountsMerge;
import dev.recoup.ledger.LedgerMerge;
import dev.recoup.shared.BulkCopy;
import dev.recoup.shared.CopyWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * The steps of one import, all in the caller's transaction: rows stream from the parser into the
 * kind's staging table through {@code COPY} (rejected rows into quarantine), the ledger or accounts
 * module moves the rows it would refuse to quarantine too and merges the rest, the touched
 * accounts' balances are refreshed, and staging is emptied. A failure anywhere rolls all of it
 * back.
 */
@Component
class ImportPipeline {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ImportPipeline.class);

  /** Above this many staged rows the planner gets fresh statistics of the staging table. */
  private static final long ANALYZE_ABOVE = 20_000;

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final LedgerMerge ledger;
  private final AccountsMerge accounts;
  private final ImportRuns runs;

  ImportPipeline(
      DataSource dataSource,
      JdbcClient jdbc,
      LedgerMerge ledger,
      AccountsMerge accounts,
      ImportRuns runs) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.accounts = accounts;
    this.runs = runs;
  }

  /** How many of a file's source systems its run names. */
  private static final int SOURCES_NAMED = 3;

  /** What reading a file into staging gave: row counts and the file's control totals. */
  /** {@code sources}: the source systems of the staged rows, for the merge's checks. */
  record Staged(
      long fileRows, long staged, Map<String, BigDecimal> fileTotals, Set<String> sources) {}

  /** What checking and merging gave. */
  record Merged(
      long loadedRows, Map<String, BigDecimal> loadedTotals, long created, long updated) {}

  /** Reports each row read, for the progress bar. */
  interface RowListener {
    void read(long rows);
  }

  /** Streams the rows into staging (good) and quarantine (rejected). */
  Staged stage(long runId, ImportKind kind, java.util.Iterator<ParsedRow> rows, RowListener seen) {
    List<String> fields = kind.fields();
    String table = Staging.table(kind);
    Connection c = DataSourceUtils.getConnection(dataSource);
    long fileRows = 0;
    long staged = 0;
    Map<String, BigDecimal> totals = new TreeMap<>();
    java.util.Set<String> sources = new java.util.TreeSet<>();
    long t0 = System.nanoTime();
    try (BulkCopy rejects =
        new BulkCopy(Staging.QUARANTINE, "run_id, row_no, field, message, raw")) {
      CopyIn copy;
      try {
        copy =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("copy " + table + " (" + Staging.copyColumns(kind) + ") from stdin");
      } catch (SQLException e) {
        throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
      }
      boolean ended = false;
      try {
        Writer out =
            new BufferedWriter(
                new OutputStreamWriter(
                    new PGCopyOutputStream(copy, 1 << 16), StandardCharsets.UTF_8),
                1 << 16);
        CopyWriter w = new CopyWriter(out);
        while (rows.hasNext()) {
          ParsedRow row = Staging.check(kind, rows.next());
          fileRows++;
          String amount = row.values().get("amount");
          String currency = row.values().get("currency");
          if (amount != null && currency != null) {
            totals.merge(currency, new BigDecimal(amount), BigDecimal::add);
          }
          String raw = Staging.rawJson(row.raw());
          if (row.ok()) {
            Staging.write(w, kind, runId, row, fields, raw);
            staged++;
            String source = row.values().get("source_system");
            if (source != null) {
              sources.add(source);
            }
          } else {
            for (RowError e : row.errors()) {
              rejects.add(
                  r ->
                      r.add(runId)
                          .add(e.row())
                          .add(clean(e.field(), 64))
                          .add(clean(e.message(), 2000))
                          .add(raw));
            }
          }
          if ((fileRows & 1023) == 0) {
            seen.read(fileRows);
          }
        }
        out.close(); // ends the COPY
        ended = true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (!ended && copy.isActive()) {
          try {
            copy.cancelCopy();
          } catch (SQLException e) {
            log.warn("Cancelling the COPY into {} failed: {}", table, e.getMessage());
          }
        }
      }
      if (rejects.count() > 0) {
        rejects.load(dataSource);
      }
    } finally {
      DataSourceUtils.releaseConnection(c, dataSource);
    }
    seen.read(fileRows);
    log.info(
        "Import {}: {} rows read, {} staged in {} ms",
        runId,
        fileRows,
        staged,
        (System.nanoTime() - t0) / 1_000_000);
    if (staged > ANALYZE_ABOVE) {
      jdbc.sql("analyze " + table).update();
    }
    if (!sources.isEmpty()) {
      runs.from(
          runId,
          sources.size() > SOURCES_NAMED ? "several source systems" : String.join(", ", sources));
    }
    return new Staged(fileRows, staged, totals, Set.copyOf(sources));
  }

  /**
   * Moves the staged rows the owning module would refuse to quarantine, then merges the rest and
   * refreshes the balances of the accounts it touched. {@code mapped}: the fields the file carries
   * (only those are compared and updated).
   */
  Merged checkAndMerge(long runId, ImportKind kind, Set<String> mapped, Set<String> sources) {
    String table = Staging.table(kind);
    String q = Staging.QUARANTINE;
    long t0 = System.nanoTime();
    Set<AccountId> touched = new LinkedHashSet<>();
    switch (kind) {
      case ACCOUNTS -> accounts.checkAccounts(table, runId, q);
      case CONTACTS -> accounts.checkContacts(table, runId, q);
      case INVOICES ->
          touched.addAll(ledger.checkInvoices(table, runId, sources, q).accountsLeft());
      case CREDIT_MEMOS ->
          touched.addAll(ledger.checkCreditMemos(table, runId, sources, q).accountsLeft());
      case PAYMENTS ->
          touched.addAll(ledger.checkPayments(table, runId, sources, q).accountsLeft());
      case APPLICATIONS -> ledger.checkApplications(table, runId, sources, q);
    }
    long t1 = System.nanoTime();
    Map<String, BigDecimal> loadedTotals = new TreeMap<>();
    long[] loadedRows = {0};
    if (kind.hasAmounts()) {
      jdbc.sql(
              "select currency, sum(amount), count(*) from "
                  + table
                  + " where run_id = ? group by currency")
          .param(runId)
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs -> {
                    loadedTotals.put(rs.getString(1), rs.getBigDecimal(2));
                    loadedRows[0] += rs.getLong(3);
                  });
    } else {
      loadedRows[0] =
          jdbc.sql("select count(*) from " + table + " where run_id = ?")
              .param(runId)
              .query(Long.class)
              .single();
    }
    long created;
    long updated;
    switch (kind) {
      case ACCOUNTS -> {
        AccountsMerge.Merged m = accounts.mergeAccounts(table, runId, mapped);
        created = m.created();
        updated = m.updated();
        touched.addAll(m.createdAccounts()); // a new account gets its (zero) balance row
        accounts.merged();
      }
      case CONTACTS -> {
        AccountsMerge.Merged m = accounts.mergeContacts(table, runId, mapped);
        created = m.created();
        updated = m.updated();
      }
      default -> {
        LedgerMerge.Merged m =
            switch (kind) {
              case INVOICES -> ledger.mergeInvoices(table, runId, sources, mapped);
              case CREDIT_MEMOS -> ledger.mergeCreditMemos(table, runId, sources, mapped);
              case PAYMENTS -> ledger.mergePayments(table, runId, sources, mapped);
              default -> ledger.mergeApplications(table, runId);
            };
        created = m.created();
        updated = m.updated();
        touched.addAll(m.accounts());
      }
    }
    long t2 = System.nanoTime();
    ledger.refreshBalances(touched);
    long t3 = System.nanoTime();
    jdbc.sql("delete from " + table + " where run_id = ?").param(runId).update();
    log.info(
        "Import {}: checked in {} ms, merged {} new and {} changed in {} ms, balances of {}"
            + " accounts in {} ms, staging emptied in {} ms",
        runId,
        (t1 - t0) / 1_000_000,
        created,
        updated,
        (t2 - t1) / 1_000_000,
        touched.size(),
        (t3 - t2) / 1_000_000,
        (System.nanoTime() - t3) / 1_000_000);
    return new Merged(loadedRows[0], loadedTotals, created, updated);
  }

  /**
   * The fields a file carries: those its mapping finds a column for in the header, and those it
   * gives as constants. Only these are compared and updated on records that exist.
   */
  static Set<String> mappedFields(ColumnMapping mapping, List<String> header) {
    Set<String> present = new java.util.HashSet<>();
    for (String h : header) {
      present.add(RowMapper.headerKey(h));
    }
    Set<String> mapped = new LinkedHashSet<>();
    Map<String, String> columns = mapping.columns() == null ? Map.of() : mapping.columns();
    for (Map.Entry<String, String> e : columns.entrySet()) {
      String wanted = e.getValue();
      if (wanted == null || wanted.isBlank()) {
        continue;
      }
      boolean found = present.contains(RowMapper.headerKey(wanted));
      if (!found && wanted.indexOf('|') >= 0) {
        for (String alternative : wanted.split("\\|")) {
          found |= present.contains(RowMapper.headerKey(alternative));
        }
      }
      if (found) {
        mapped.add(e.getKey().strip().toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (mapping.constants() != null) {
      mapping
          .constants()
          .forEach((k, v) -> mapped.add(k.strip().toLowerCase(java.util.Locale.ROOT)));
    }
    // SAP: a clearing document column stands for the ERP's status and open amount.
    if (mapped.remove(RowMapper.CLEARING_DOCUMENT)) {
      mapped.add("status");
      mapped.add("open_amount");
    }
    return mapped;
  }

  /** The header as quarantine shows it: cells trimmed, a blank one named "column N". */
  static List<String> rawHeader(List<String> header) {
    List<String> keys = new java.util.ArrayList<>(header.size());
    for (int i = 0; i < header.size(); i++) {
      String h = RowMapper.clean(header.get(i));
      keys.add(h.isEmpty() ? "column " + (i + 1) : h);
    }
    return keys;
  }

  private static String clean(String s, int max) {
    if (s == null) {
      return "";
    }
    String t = s.indexOf('\u0000') >= 0 ? s.replace('\u0000', '\ufffd') : s;
    return t.length() <= max ? t : t.substring(0, max);
  }

  static Map<String, BigDecimal> sorted(Map<String, BigDecimal> totals) {
    return new TreeMap<>(new HashMap<>(totals));
  }
}
