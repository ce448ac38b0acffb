package dev.recoup.shared;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Bulk loads through PostgreSQL {@code COPY ... FROM STDIN}, on the connection of the current
 * Spring transaction so that a load commits or rolls back with the rest of the work. Rows are
 * staged in a temporary file first: a generator or parser can then write several tables interleaved
 * and load them in foreign-key order.
 */
public final class BulkCopy implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BulkCopy.class);

  private final String table;
  private final String columns;
  private final Path file;
  private final Writer writer;
  private final CopyWriter rows;
  private long count;

  public BulkCopy(String table, String columns) {
    this.table = table;
    this.columns = columns;
    try {
      this.file = Files.createTempFile("recoup-" + table + "-", ".copy");
      this.writer =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.rows = new CopyWriter(writer);
  }

  /** One row's columns, written in the order of the table's column list. */
  @FunctionalInterface
  public interface Row {
    void write(CopyWriter columns) throws IOException;
  }

  /** Stages one row. */
  public void add(Row row) {
    try {
      row.write(rows);
      rows.endRow();
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long count() {
    return count;
  }

  /** Loads the staged rows into the table, in the caller's transaction. Returns the row count. */
  public long load(DataSource dataSource) {
    try {
      writer.close();
      Connection c = DataSourceUtils.getConnection(dataSource);
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        long t0 = System.nanoTime();
        long rows = copy.copyIn("copy " + table + " (" + columns + ") from stdin", in, 1 << 16);
        log.info(
            "COPY {} rows into {} in {} ms", rows, table, (System.nanoTime() - t0) / 1_000_000);
        return rows;
      } finally {
        DataSourceUtils.releaseConnection(c, dataSource);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a bulk load into (nearly) empty tables with their secondary indexes and foreign keys set
   * aside, then rebuilds them: building an index or validating a foreign key once over the loaded
   * rows is several times faster than maintaining them row by row. Primary keys and unique
   * constraints stay in force throughout; everything happens in the caller's transaction, so a
   * failure leaves the schema as it was.
   */
  public static void withDeferredIndexes(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      java.util.List<String> tables,
      Runnable load) {
    java.util.List<String> indexes =
        jdbc.sql(
                """
                select pg_get_indexdef(i.indexrelid) from pg_index i
                join pg_class t on t.oid = i.indrelid
                where t.relname in (:tables) and t.relnamespace = 'public'::regnamespace
                  and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)""")
            .param("tables", tables)
            .query(String.class)
            .list();
    record Fk(String table, String name, String definition) {}
    java.util.List<Fk> fks =
        jdbc.sql(
                """
                select t.relname, c.conname, pg_get_constraintdef(c.oid) from pg_constraint c
                join pg_class t on t.oid = c.conrelid
                where c.contype = 'f' and t.relname in (:tables)
                  and t.relnamespace = 'public'::regnamespace""")
            .param("tables", tables)
            .query((rs, n) -> new Fk(rs.getString(1), rs.getString(2), rs.getString(3)))
            .list();
    java.util.List<String> indexNames =
        jdbc.sql(
                """
                select ic.relname from pg_index i join pg_class t on t.oid = i.indrelid
                join pg_class ic on ic.oid = i.indexrelid
                where t.relname in (:tables) and t.relnamespace = 'public'::regnamespace
                  and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)""")
            .param("tables", tables)
            .query(String.class)
            .list();
    for (Fk fk : fks) {
      jdbc.sql("alter table " + fk.table() + " drop constraint " + fk.name()).update();
    }
    for (String index : indexNames) {
      jdbc.sql("drop index " + index).update();
    }
    load.run();
    long t0 = System.nanoTime();
    for (String index : indexes) {
      jdbc.sql(index).update();
    }
    for (Fk fk : fks) {
      jdbc.sql("alter table " + fk.table() + " add constraint " + fk.name() + " " + fk.definition())
          .update();
    }
    log.info(
        "Rebuilt {} indexes and {} foreign keys in {} ms",
        indexes.size(),
        fks.size(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Moves a table's identity sequence past the ids a bulk load assigned itself. */
  public static void advanceIdentity(
      org.springframework.jdbc.core.simple.JdbcClient jdbc, String table) {
    jdbc.sql(
            "select setval(pg_get_serial_sequence('"
                + table
                + "', 'id'), greatest((select coalesce(max(id), 0) from "
                + table
                + "), 1))")
        .query()
        .singleRow();
  }
}
