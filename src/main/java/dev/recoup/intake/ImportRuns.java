package dev.recoup.intake;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Import runs and their quarantine. A run's row is committed before the import's own transaction
 * starts, and its progress is written on a connection of its own, so that a page polling it sees
 * the import going on and, when the import fails and rolls back, the run stays with its reason.
 */
@Repository
class ImportRuns {

  /** A run whose heartbeat is older than this is taken as stopped (its node died). */
  static final int STALE_SECONDS = 120;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final Clock clock;

  ImportRuns(JdbcClient jdbc, DataSource dataSource, Clock clock) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Creates a run (call it outside the import's transaction so that it commits at once). */
  long create(
      ImportKind kind,
      String fileName,
      ColumnMapping mapping,
      ImportStatus status,
      String startedBy,
      long bytesTotal,
      String origin) {
    return jdbc.sql(
            """
            insert into import_run (kind, file_name, source_system, mapping_name, origin, status,
              started_by, created_at, started_at, heartbeat_at, bytes_total)
            values (:kind, :file, :source, :mapping, :origin, :status, :by, :now,
              case when :status = 'RUNNING' then cast(:now as timestamptz) end, now(), :total)
            returning id""")
        .param("kind", kind.slug())
        .param("file", shorten(fileName == null || fileName.isBlank() ? "file" : fileName, 300))
        .param("source", mapping == null ? null : shorten(mapping.sourceSystem(), 32))
        .param("mapping", mapping == null ? null : shorten(mapping.name(), 100))
        .param("origin", origin)
        .param("status", status.name())
        .param("by", startedBy)
        .param("now", now())
        .param("total", bytesTotal)
        .query(Long.class)
        .single();
  }

  void started(long id) {
    jdbc.sql(
            """
            update import_run set status = 'RUNNING', phase = 'READING', started_at = :now,
              heartbeat_at = now() where id = :id and status = 'QUEUED'""")
        .param("now", now())
        .param("id", id)
        .update();
  }

  /**
   * Writes progress on a connection of its own, outside the import's transaction (which holds its
   * rows until it commits).
   */
  void progress(long id, String phase, long bytesRead, long rowsRead) {
    onItsOwn(
        id,
        """
        update import_run set phase = ?, bytes_read = greatest(bytes_read, ?),
          rows_read = ?, heartbeat_at = now() where id = ? and status = 'RUNNING'""",
        phase,
        bytesRead,
        rowsRead,
        id);
  }

  /**
   * Names the source systems the run's rows are from (a file with a source_system column decides
   * them, not the mapping's default), on a connection of its own like {@link #progress}: the
   * progress writer updates the same row while the import's transaction is open.
   */
  void from(long id, String sourceSystems) {
    onItsOwn(
        id, "update import_run set source_system = ? where id = ?", shorten(sourceSystems, 32), id);
  }

  private void onItsOwn(long id, String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      // Progress and facts are a courtesy to the page; the import goes on without them.
      org.slf4j.LoggerFactory.getLogger(ImportRuns.class)
          .warn("Run {} of an import not updated: {}", id, e.getMessage());
    }
  }

  /** Records the outcome in the import's transaction, so that it commits with the merge. */
  void finish(ImportReport r, List<String> header) {
    jdbc.sql(
            """
            update import_run set status = 'DONE', phase = null, finished_at = :now,
              heartbeat_at = now(), header = cast(:header as jsonb), created = :created,
              updated = :updated, unchanged = :unchanged, rejected = :rejected,
              file_rows = :fileRows, file_totals = cast(:fileTotals as jsonb),
              loaded_rows = :loadedRows, loaded_totals = cast(:loadedTotals as jsonb),
              rows_read = :fileRows, bytes_read = greatest(bytes_read, bytes_total)
            where id = :id""")
        .param("now", now())
        .param("header", Staging.jsonArray(header))
        .param("created", r.created())
        .param("updated", r.updated())
        .param("unchanged", r.unchanged())
        .param("rejected", r.rejected())
        .param("fileRows", r.fileRows())
        .param("fileTotals", json(r.fileTotals()))
        .param("loadedRows", r.loadedRows())
        .param("loadedTotals", json(r.loadedTotals()))
        .param("id", r.runId())
        .update();
  }

  /** Marks a run failed, in a transaction of its own (the import's has rolled back). */
  void fail(long id, String reason) {
    jdbc.sql(
            """
            update import_run set status = 'FAILED', phase = null, finished_at = :now,
              failure = :reason where id = :id and status <> 'DONE'""")
        .param("now", now())
        .param("reason", reason)
        .param("id", id)
        .update();
  }

  /** Keeps the runs this node is working on alive. */
  void heartbeat(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    jdbc.sql("update import_run set heartbeat_at = now() where id = any(?)")
        .param(ids.toArray(Long[]::new))
        .update();
  }

  /**
   * Marks failed the runs no node has kept alive for {@link #STALE_SECONDS}: the application
   * stopped while they were queued or running. Their transaction died with it, so nothing of them
   * was kept.
   */
  int failStale() {
    return jdbc.sql(
            """
            update import_run set status = 'FAILED', phase = null, finished_at = :now,
              failure = 'The application stopped during the import; nothing of it was kept. Import the file again.'
            where status in ('QUEUED', 'RUNNING')
              and heartbeat_at < now() - make_interval(secs => :stale)""")
        .param("now", now())
        .param("stale", STALE_SECONDS)
        .update();
  }

  Optional<ImportRunView> find(long id) {
    return jdbc.sql("select * from import_run where id = ?").param(id).query(this::view).optional();
  }

  List<ImportRunView> recent(int limit) {
    return jdbc.sql("select * from import_run where origin = 'FILE' order by id desc limit ?")
        .param(Math.max(1, Math.min(limit, 1000)))
        .query(this::view)
        .list();
  }

  /** The first {@link ImportReport#MAX_ERRORS} reasons rows of a run were rejected. */
  List<RowError> errors(long runId) {
    return jdbc.sql(
            """
            select row_no, field, message from import_rejected_row where run_id = ?
            order by row_no, field limit ?""")
        .params(runId, ImportReport.MAX_ERRORS)
        .query((rs, n) -> new RowError(rs.getLong(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  private ImportRunView view(ResultSet rs, int n) throws SQLException {
    ImportKind kind = ImportKind.parse(rs.getString("kind"));
    ImportStatus status = ImportStatus.valueOf(rs.getString("status"));
    long id = rs.getLong("id");
    ImportReport report = null;
    if (status == ImportStatus.DONE) {
      report =
          new ImportReport(
              id,
              kind,
              rs.getString("file_name"),
              status,
              rs.getLong("created"),
              rs.getLong("updated"),
              rs.getLong("unchanged"),
              rs.getLong("rejected"),
              rs.getLong("rejected") == 0 ? List.of() : errors(id),
              rs.getLong("file_rows"),
              totals(rs.getString("file_totals")),
              rs.getLong("loaded_rows"),
              totals(rs.getString("loaded_totals")));
    }
    return new ImportRunView(
        id,
        kind,
        rs.getString("file_name"),
        rs.getString("source_system"),
        rs.getString("mapping_name"),
        status,
        rs.getString("phase"),
        rs.getLong("bytes_read"),
        rs.getLong("bytes_total"),
        rs.getLong("rows_read"),
        rs.getString("started_by"),
        instant(rs, "created_at"),
        instant(rs, "finished_at"),
        report,
        rs.getString("failure"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static String json(Map<String, BigDecimal> totals) {
    Map<String, String> plain = new TreeMap<>();
    totals.forEach((k, v) -> plain.put(k, v.toPlainString()));
    return JSON.writeValueAsString(plain);
  }

  static Map<String, BigDecimal> totals(String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, String> plain = JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    Map<String, BigDecimal> totals = new LinkedHashMap<>();
    new TreeMap<>(plain).forEach((k, v) -> totals.put(k, new BigDecimal(v)));
    return totals;
  }

  /** The file's header as stored with the run (for the quarantine CSV). */
  List<String> header(long runId) {
    String json =
        jdbc.sql("select header from import_run where id = ?")
            .param(runId)
            .query(String.class)
            .optional()
            .orElse(null);
    if (json == null) {
      return List.of();
    }
    return new ArrayList<>(JSON.readValue(json, new TypeReference<List<String>>() {}));
  }

  private static String shorten(String s, int max) {
    if (s == null) {
      return null;
    }
    return s.length() <= max ? s : s.substring(0, max);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
  }
}
