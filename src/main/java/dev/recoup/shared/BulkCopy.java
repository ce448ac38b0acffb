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
 * Spring transaction so that a load commits or rolls back with the rest of the work. Rows are staged
 * in a temporary file first: a generator or parser can then write several tables interleaved and
 * load them in foreign-key order.
 */
public final class BulkCopy implements AutoCloseable {

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
      this.writer = new BufferedWriter(
          new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.rows = new CopyWriter(writer);
  }

  /** The writer for the next row; call {@link #endRow()} after its last column. */
  public CopyWriter row() {
    return rows;
  }

  public void endRow() {
    try {
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
        return copy.copyIn("copy " + table + " (" + columns + ") from stdin", in, 1 << 16);
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

  /** Moves a table's identity sequence past the ids a bulk load assigned itself. */
  public static void advanceIdentity(org.springframework.jdbc.core.simple.JdbcClient jdbc, String table) {
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
