package dev.recoup.intake;

import dev.recoup.access.SystemUsers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the import benchmarks (P1, P2) share: ERP files made from the tier's own invoices, in
 * Recoup's CSV shape, under the source system {@code BENCH} (with a copy of the accounts under it,
 * so that the invoices find them); the raw {@code COPY} of such a file into an unindexed unlogged
 * table, the reference; and the removal of everything {@code BENCH}, so that the bench database is
 * left as it was found (only the audit rows of the runs stay: the trail is append-only).
 */
@Component
class ImportBench {

  static final String SOURCE = "BENCH";

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Imports imports;
  private final SystemUsers system;
  private final org.springframework.transaction.support.TransactionTemplate transactions;

  ImportBench(
      DataSource dataSource,
      JdbcClient jdbc,
      Imports imports,
      SystemUsers system,
      org.springframework.transaction.support.TransactionTemplate transactions) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.imports = imports;
    this.system = system;
    this.transactions = transactions;
  }

  /** Copies the tier's accounts under the BENCH source system (no owners: nobody works them). */
  long copyAccounts() {
    return jdbc.sql(
            """
            insert into customer_account (source_system, external_id, name, channel, segment, region,
              entity_id, currency, payment_terms_days, credit_limit, risk_rating, sales_owner, status,
              language, payment_run_days, created_at, updated_at)
            select 'BENCH', external_id, name, channel, segment, region, entity_id, currency,
              payment_terms_days, credit_limit, risk_rating, sales_owner, status, language,
              payment_run_days, created_at, updated_at
            from customer_account where source_system <> 'BENCH'
            on conflict (source_system, external_id) do nothing""")
        .update();
  }

  /** How many invoices the tier has (not counting BENCH ones). */
  long invoiceCount() {
    return jdbc.sql("select count(*) from invoice where source_system <> 'BENCH'")
        .query(Long.class)
        .single();
  }

  /**
   * Writes invoices as a Recoup-shape CSV file under the BENCH source system: the tier's ({@code
   * fromBench} false; {@code everyNth} 1 = all of them; at most {@code limit}) or the BENCH ones
   * already imported, their due dates moved by {@code shiftDays}.
   */
  Path exportInvoices(boolean fromBench, long everyNth, long limit, int shiftDays) {
    String where =
        fromBench
            ? "i.source_system = 'BENCH'"
            : "i.source_system <> 'BENCH'"
                + (everyNth > 1 ? " and i.id % " + everyNth + " = 0" : "");
    String sql =
        """
        copy (select i.external_id as external_id, i.number as number,
                a.external_id as account_external_id, i.currency as currency,
                i.issue_date as issue_date, i.due_date + %d as due_date, i.amount as amount,
                'BENCH' as source_system, ec.external_id as end_customer_external_id,
                e.code as entity, i.terms_days as terms_days, i.po_number as po_number,
                i.contract_ref as contract_ref, i.kind as kind, i.tax as tax,
                i.open_amount as open_amount, i.status as status, i.memo as memo
              from invoice i join customer_account a on a.id = i.account_id
              left join customer_account ec on ec.id = i.end_customer_id
              join legal_entity e on e.id = i.entity_id
              where %s order by i.id limit %d)
        to stdout with (format csv, header)"""
            .formatted(shiftDays, where, limit);
    try {
      Path file = Files.createTempFile("recoup-bench-invoices-", ".csv");
      try (Connection c = dataSource.getConnection();
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("Export of the bench invoices failed: " + e.getMessage(), e);
    }
  }

  /** The reference: raw COPY of the file into an unlogged table without indexes. Nanoseconds. */
  long rawCopy(Path file) {
    jdbc.sql("drop table if exists bench_raw_invoice").update();
    jdbc.sql(
            """
            create unlogged table bench_raw_invoice (external_id text, number text,
              account_external_id text, currency text, issue_date date, due_date date, amount numeric,
              source_system text, end_customer_external_id text, entity text, terms_days int,
              po_number text, contract_ref text, kind text, tax numeric, open_amount numeric,
              status text, memo text)""")
        .update();
    try (Connection c = dataSource.getConnection();
        InputStream in = Files.newInputStream(file)) {
      long t0 = System.nanoTime();
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("copy bench_raw_invoice from stdin with (format csv, header)", in, 1 << 16);
      return System.nanoTime() - t0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("Raw COPY failed: " + e.getMessage(), e);
    } finally {
      jdbc.sql("drop table if exists bench_raw_invoice").update();
    }
  }

  /**
   * The database's floor for a delta: one plain UPDATE moving every BENCH invoice's due date by a
   * day, rolled back. Nanoseconds.
   */
  long plainDueDateUpdate() {
    long[] took = {0};
    transactions.executeWithoutResult(
        s -> {
          long t0 = System.nanoTime();
          jdbc.sql("update invoice set due_date = due_date + 1 where source_system = 'BENCH'")
              .update();
          took[0] = System.nanoTime() - t0;
          s.setRollbackOnly();
        });
    return took[0];
  }

  /** Imports an invoices file through the whole pipeline, as the import system user. */
  ImportReport importInvoices(Path file) {
    ColumnMapping recoup = Presets.named(Presets.RECOUP, ImportKind.INVOICES);
    ColumnMapping mapping =
        new ColumnMapping(
            "bench",
            ImportKind.INVOICES,
            SOURCE,
            recoup.columns(),
            recoup.constants(),
            recoup.dateOrder(),
            recoup.decimalSeparator());
    return system.call(
        ImportCommand.SYSTEM_USER,
        () -> {
          try (InputStream in = Files.newInputStream(file)) {
            return imports.importFile(
                ImportKind.INVOICES, mapping, file.getFileName().toString(), in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Removes every BENCH record and run, and tidies the tables they were in. Nothing refers to BENCH
   * records but their own balance rows (no one works them), so the deletes skip the per-row
   * foreign-key checks of every referring table where the database lets this session do that (the
   * bench's embedded database does).
   */
  void removeAll() {
    transactions.executeWithoutResult(
        s -> {
          try {
            jdbc.sql("savepoint bench_fk").update();
            jdbc.sql("set local session_replication_role = replica").update();
            jdbc.sql("release savepoint bench_fk").update();
          } catch (org.springframework.dao.DataAccessException e) {
            jdbc.sql("rollback to savepoint bench_fk").update();
          }
          jdbc.sql(
                  """
                  delete from account_summary where account_id in (
                    select id from customer_account where source_system = 'BENCH')""")
              .update();
          jdbc.sql(
                  """
                  delete from account_balance where account_id in (
                    select id from customer_account where source_system = 'BENCH')""")
              .update();
          jdbc.sql("delete from invoice where source_system = 'BENCH'").update();
          jdbc.sql("delete from customer_account where source_system = 'BENCH'").update();
          jdbc.sql("delete from import_run where source_system = 'BENCH'").update();
        });
    jdbc.sql("vacuum (analyze) invoice, customer_account, account_balance, account_summary")
        .update();
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file; the system cleans it up
    }
  }
}
