package dev.recoup.intake;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.accounts.AccountsMerge;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.LedgerMerge;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The intake module's entry point: imports a file of one record kind (synchronously, or as a
 * background job whose progress a page polls), reads runs and their reports, writes a run's
 * quarantine as CSV, and upserts single records for the API.
 *
 * <p>A file is imported in one transaction: its good rows are copied into staging, checked and
 * merged set-based; a crash or a failure anywhere leaves nothing of it, and importing the same file
 * again is safe (records are identified by source system and external id). Bad rows never stop good
 * rows: each is kept in quarantine with its row number, field and reason. Imports and upserts are
 * for those who may change any account (lead, manager, admin, a system).
 */
@Service
public class Imports {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Imports.class);

  /** The source system of records upserted through the API when the caller names none. */
  public static final String API_SOURCE = "API";

  private static final int MAX_KEY = 200;
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ImportRuns runs;
  private final ImportPipeline pipeline;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final Access access;
  private final JdbcClient jdbc;
  private final LedgerMerge ledger;
  private final AccountsMerge accounts;
  private final ImportWorkers executor;
  private final Clock clock;

  /** Runs this node is reading or has queued: kept alive by {@link #heartbeat()}. */
  private final Set<Long> active = ConcurrentHashMap.newKeySet();

  Imports(
      ImportRuns runs,
      ImportPipeline pipeline,
      TransactionTemplate tx,
      AuditTrail audit,
      Access access,
      JdbcClient jdbc,
      LedgerMerge ledger,
      AccountsMerge accounts,
      ImportWorkers executor,
      Clock clock) {
    this.runs = runs;
    this.pipeline = pipeline;
    this.tx = tx;
    this.audit = audit;
    this.access = access;
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.accounts = accounts;
    this.executor = executor;
    this.clock = clock;
  }

  /**
   * Imports a file now, in the caller's thread, and returns its report (rows rejected are in it and
   * in quarantine). A file that cannot be read at all (empty, no header, a required column missing)
   * is refused with IllegalArgumentException "file: reason" and its run marked failed; an import
   * that fails while merging rolls back whole and throws IllegalStateException.
   */
  public ImportReport importFile(
      ImportKind kind, ColumnMapping mapping, String fileName, InputStream in) {
    String by = requireIntakeWriter();
    ColumnMapping m = forKind(kind, mapping);
    long id = runs.create(kind, fileName, m, ImportStatus.RUNNING, by, 0, "FILE");
    return execute(id, kind, m, fileName, in);
  }

  /**
   * Queues the import of a file on disk as a background job and returns the run id at once; {@link
   * #run(long)} tells how far it is (bytes of the file read) and, once done, its report, also after
   * a page reload. The job runs as the caller. The file must stay until the run is done; it is not
   * deleted here. A run whose node stops is marked failed after a while, and nothing of it is kept.
   */
  public long submit(ImportKind kind, ColumnMapping mapping, String fileName, Path file) {
    String by = requireIntakeWriter();
    ColumnMapping m = forKind(kind, mapping);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("file: cannot be read (" + e.getMessage() + ")");
    }
    long id = runs.create(kind, fileName, m, ImportStatus.QUEUED, by, size, "FILE");
    active.add(id);
    Runnable job =
        () -> {
          try (InputStream in = Files.newInputStream(file)) {
            runs.started(id);
            execute(id, kind, m, fileName, in);
          } catch (IOException e) {
            runs.fail(id, "The file could not be read: " + e.getMessage());
          } catch (RuntimeException e) {
            // execute() has marked the run failed with its reason.
            log.info("Import {} of {} did not complete: {}", id, fileName, e.getMessage());
          } finally {
            active.remove(id);
          }
        };
    try {
      executor.execute(
          new DelegatingSecurityContextRunnable(job, SecurityContextHolder.getContext()));
    } catch (TaskRejectedException e) {
      active.remove(id);
      runs.fail(id, "Too many imports are waiting; try again in a few minutes.");
    }
    return id;
  }

  /** A run with its progress, and its report once done. */
  public Optional<ImportRunView> run(long runId) {
    return runs.find(runId);
  }

  /** The latest file imports, newest first. */
  public List<ImportRunView> recent(int limit) {
    return runs.recent(limit);
  }

  /**
   * The rejected rows of a run as CSV: the file's own columns first, then {@code row}, {@code
   * field} and {@code reason}, one line per rejected row (its reasons joined), so that the file can
   * be fixed and imported again with the same mapping (the extra columns are ignored). Cells that
   * could be read as spreadsheet formulas are neutralised.
   */
  public void writeQuarantine(long runId, Writer out) {
    List<String> header = new ArrayList<>(runs.header(runId));
    try {
      List<String> head = new ArrayList<>(header);
      head.addAll(List.of("row", "field", "reason"));
      writeCsvLine(out, head);
      IOException[] failed = {null};
      jdbc.sql(
              """
              select row_no, string_agg(field, '; ' order by field) as fields,
                     string_agg(field || ': ' || message, '; ' order by field) as reasons,
                     min(cast(raw as text)) as raw
              from import_rejected_row where run_id = ? group by row_no order by row_no""")
          .param(runId)
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs -> {
                    if (failed[0] != null) {
                      return;
                    }
                    List<String> cells = new ArrayList<>();
                    String raw = rs.getString("raw");
                    if (raw != null) {
                      cells.addAll(
                          JSON.readValue(
                              raw, new tools.jackson.core.type.TypeReference<List<String>>() {}));
                    }
                    while (cells.size() < header.size()) {
                      cells.add("");
                    }
                    cells.add(Long.toString(rs.getLong("row_no")));
                    cells.add(rs.getString("fields"));
                    cells.add(rs.getString("reasons"));
                    try {
                      writeCsvLine(out, cells);
                    } catch (IOException e) {
                      failed[0] = e;
                    }
                  });
      if (failed[0] != null) {
        throw failed[0];
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates or updates one record from its canonical fields (as the Recoup CSV shape names them;
   * values as a file's after its mapping: ISO dates, '.' decimals), identified by {@code
   * sourceSystem} (default {@link #API_SOURCE}) and {@code externalId}; fields not given are left
   * as they are. The same checks as a file's rows apply; a refused record throws
   * IllegalArgumentException "field: reason". With an {@code idempotencyKey}, the first answer is
   * kept: the same request again gets it back ({@code replayed}), another request under the same
   * key is refused. Audited when something changed.
   */
  public UpsertResult upsert(
      ImportKind kind,
      String sourceSystem,
      String externalId,
      Map<String, String> fields,
      String idempotencyKey) {
    String by = requireIntakeWriter();
    if (externalId == null || externalId.isBlank()) {
      throw new IllegalArgumentException("externalId: is blank");
    }
    String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
    if (key != null && key.length() > MAX_KEY) {
      throw new IllegalArgumentException("Idempotency-Key: at most " + MAX_KEY + " characters");
    }
    String source =
        sourceSystem == null || sourceSystem.isBlank() ? API_SOURCE : sourceSystem.strip();
    Map<String, String> body = new LinkedHashMap<>();
    for (Map.Entry<String, String> e :
        (fields == null ? Map.<String, String>of() : fields).entrySet()) {
      String field = e.getKey() == null ? "" : e.getKey().strip().toLowerCase(Locale.ROOT);
      if (field.equals("external_id") || field.equals("source_system")) {
        String given = e.getValue() == null ? "" : e.getValue().strip();
        String expected = field.equals("external_id") ? externalId.strip() : source;
        if (!given.isEmpty() && !given.equals(expected)) {
          throw new IllegalArgumentException(
              field + ": '" + Texts.shorten(given) + "' differs from " + expected);
        }
        continue;
      }
      if (!kind.fields().contains(field)) {
        throw new IllegalArgumentException(
            field + ": not a field of " + kind.slug() + " (one of " + kind.fields() + ")");
      }
      if (e.getValue() != null && !e.getValue().isBlank()) {
        body.put(field, e.getValue());
      }
    }
    List<String> header = new ArrayList<>(List.of("external_id", "source_system"));
    header.addAll(body.keySet());
    List<String> cells = new ArrayList<>(List.of(externalId.strip(), source));
    cells.addAll(body.values());
    Map<String, String> columns = new LinkedHashMap<>();
    header.forEach(f -> columns.put(f, f));
    ColumnMapping mapping =
        new ColumnMapping("api", kind, source, columns, Map.of(), DateOrder.YMD, '.');
    ParsedRow row = Staging.check(kind, new RowMapper(mapping, header, null).map(2, cells));
    if (!row.ok()) {
      throw refusal(row.errors().get(0));
    }
    String id = externalId.strip();
    String hash = hash(kind.slug() + "\n" + source + "\n" + id + "\n" + new TreeMap<>(body));
    String endpoint = "PUT /api/v1/" + kind.slug();
    Set<String> mapped = new LinkedHashSet<>(header);
    return tx.execute(
        status -> {
          if (key != null) {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(endpoint + "\n" + key)
                .query()
                .singleRow();
            var stored =
                jdbc.sql(
                        "select request_hash, response from api_idempotency where endpoint = ? and key = ?")
                    .params(endpoint, key)
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .optional();
            if (stored.isPresent()) {
              if (!stored.get().getKey().equals(hash)) {
                throw new IllegalArgumentException(
                    "Idempotency-Key: already used for another request");
              }
              return JSON.readValue(stored.get().getValue(), UpsertResult.class).asReplay();
            }
          }
          long run = runs.create(kind, "PUT " + id, mapping, ImportStatus.RUNNING, by, 0, "API");
          ImportPipeline.Staged staged =
              pipeline.stage(run, kind, List.of(row).iterator(), rows -> {});
          ImportPipeline.Merged merged =
              pipeline.checkAndMerge(run, kind, mapped, staged.sources());
          if (merged.loadedRows() == 0) {
            throw refusal(runs.errors(run).get(0));
          }
          UpsertResult.Outcome outcome =
              merged.created() > 0
                  ? UpsertResult.Outcome.CREATED
                  : merged.updated() > 0
                      ? UpsertResult.Outcome.UPDATED
                      : UpsertResult.Outcome.UNCHANGED;
          long recordId = idOf(kind, source, id);
          runs.finish(
              new ImportReport(
                  run,
                  kind,
                  "PUT " + id,
                  ImportStatus.DONE,
                  merged.created(),
                  merged.updated(),
                  merged.loadedRows() - merged.created() - merged.updated(),
                  0,
                  List.of(),
                  staged.fileRows(),
                  staged.fileTotals(),
                  merged.loadedRows(),
                  merged.loadedTotals()),
              header);
          if (outcome != UpsertResult.Outcome.UNCHANGED) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("sourceSystem", source);
            after.put("externalId", id);
            after.put("outcome", outcome.name());
            after.put("fields", row.values());
            audit.record(
                "intake.upserted",
                kind.slug(),
                recordId,
                null,
                after,
                key == null ? null : "Idempotency-Key " + key);
          }
          UpsertResult result = new UpsertResult(kind, source, id, recordId, outcome, false);
          if (key != null) {
            jdbc.sql(
                    """
                    insert into api_idempotency (endpoint, key, request_hash, status, response, created_at)
                    values (?, ?, ?, ?, ?, ?)""")
                .params(
                    endpoint,
                    key,
                    hash,
                    outcome == UpsertResult.Outcome.CREATED ? 201 : 200,
                    JSON.writeValueAsString(result),
                    OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC))
                .update();
          }
          return result;
        });
  }

  // ---------------------------------------------------------------- the job

  private ImportReport execute(
      long id, ImportKind kind, ColumnMapping mapping, String fileName, InputStream in) {
    active.add(id);
    Counting counting = new Counting(in);
    long[] lastWrite = {System.nanoTime()};
    try {
      return tx.execute(
          status -> {
            try (ParsedRows rows = IntakeFiles.open(counting, fileName, mapping)) {
              List<String> header = ImportPipeline.rawHeader(rows.header());
              Set<String> mapped = ImportPipeline.mappedFields(mapping, rows.header());
              runs.progress(id, "READING", counting.count, 0);
              ImportPipeline.Staged staged =
                  pipeline.stage(
                      id,
                      kind,
                      rows,
                      read -> {
                        long now = System.nanoTime();
                        if (now - lastWrite[0] > 500_000_000L) {
                          lastWrite[0] = now;
                          runs.progress(id, "READING", counting.count, read);
                        }
                      });
              runs.progress(id, "MERGING", counting.count, staged.fileRows());
              ImportPipeline.Merged merged =
                  pipeline.checkAndMerge(id, kind, mapped, staged.sources());
              ImportReport report =
                  new ImportReport(
                      id,
                      kind,
                      fileName,
                      ImportStatus.DONE,
                      merged.created(),
                      merged.updated(),
                      merged.loadedRows() - merged.created() - merged.updated(),
                      staged.fileRows() - merged.loadedRows(),
                      runs.errors(id),
                      staged.fileRows(),
                      staged.fileTotals(),
                      merged.loadedRows(),
                      merged.loadedTotals());
              runs.finish(report, header);
              Map<String, Object> after = new LinkedHashMap<>();
              after.put("kind", kind.slug());
              after.put("file", fileName);
              after.put("mapping", mapping.name());
              after.put("sourceSystem", mapping.sourceSystem());
              after.put("created", report.created());
              after.put("updated", report.updated());
              after.put("unchanged", report.unchanged());
              after.put("rejected", report.rejected());
              after.put("fileRows", report.fileRows());
              after.put("fileTotals", plain(report.fileTotals()));
              after.put("loadedRows", report.loadedRows());
              after.put("loadedTotals", plain(report.loadedTotals()));
              audit.record("import.completed", "import-run", id, null, after, null);
              return report;
            }
          });
    } catch (IllegalArgumentException e) {
      runs.fail(id, e.getMessage());
      throw e;
    } catch (UncheckedIOException e) {
      String reason = "file: could not be read (" + e.getCause().getMessage() + ")";
      runs.fail(id, reason);
      throw new IllegalArgumentException(reason, e);
    } catch (RuntimeException e) {
      String reason =
          "The import stopped and nothing of it was kept: " + plainReason(e) + ". Run it again.";
      log.warn("Import {} of {} failed", id, fileName, e);
      runs.fail(id, reason);
      throw new IllegalStateException(reason, e);
    } finally {
      active.remove(id);
    }
  }

  /** Keeps this node's runs alive and fails those whose node stopped. */
  @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
  void heartbeat() {
    runs.heartbeat(active);
    runs.failStale();
  }

  @EventListener(ApplicationReadyEvent.class)
  void failRunsOfStoppedNodes() {
    int failed = runs.failStale();
    if (failed > 0) {
      log.warn(
          "{} import runs were interrupted by a stop of the application; marked failed", failed);
    }
  }

  // ---------------------------------------------------------------- helpers

  private String requireIntakeWriter() {
    Actor actor =
        access
            .currentActor()
            .orElseThrow(() -> new AccessDeniedException("Imports need a signed-in user"));
    if (!actor.role().changesAnyAccount()) {
      throw new AccessDeniedException("Imports are for leads, managers, admins and systems");
    }
    return actor.username();
  }

  private static ColumnMapping forKind(ImportKind kind, ColumnMapping mapping) {
    if (kind == null) {
      throw new IllegalArgumentException("kind: no record kind");
    }
    if (mapping == null) {
      throw new IllegalArgumentException("mapping: no mapping");
    }
    if (mapping.kind() != null && mapping.kind() != kind) {
      throw new IllegalArgumentException(
          "mapping: '" + mapping.name() + "' is a mapping for " + mapping.kind().slug());
    }
    if (mapping.kind() == kind) {
      return mapping;
    }
    return new ColumnMapping(
        mapping.name(),
        kind,
        mapping.sourceSystem(),
        mapping.columns(),
        mapping.constants(),
        mapping.dateOrder(),
        mapping.decimalSeparator());
  }

  private long idOf(ImportKind kind, String source, String externalId) {
    Optional<Long> id =
        switch (kind) {
          case ACCOUNTS -> accounts.idOf("customer_account", source, externalId);
          case CONTACTS -> accounts.idOf("contact", source, externalId);
          case INVOICES -> ledger.idOf("invoice", source, externalId);
          case CREDIT_MEMOS -> ledger.idOf("credit_memo", source, externalId);
          case PAYMENTS -> ledger.idOf("payment", source, externalId);
          case APPLICATIONS -> ledger.idOf("application", source, externalId);
        };
    return id.orElseThrow(() -> new IllegalStateException("upserted record not found"));
  }

  private static IllegalArgumentException refusal(RowError e) {
    return new IllegalArgumentException(e.field() + ": " + e.message());
  }

  private static Map<String, String> plain(Map<String, java.math.BigDecimal> totals) {
    Map<String, String> m = new TreeMap<>();
    totals.forEach((k, v) -> m.put(k, v.toPlainString()));
    return m;
  }

  /** The database's reason for a failure, without SQL or stack: its first line. */
  private static String plainReason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t != t.getCause()) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (e instanceof DataAccessException || t instanceof java.sql.SQLException) {
      m =
          "the database refused a row ("
              + m.lines().findFirst().orElse(m).replace("ERROR: ", "")
              + ")";
    }
    return m.lines().findFirst().orElse(m);
  }

  private static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void writeCsvLine(Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String c = dev.recoup.shared.SpreadsheetText.safe(cells.get(i) == null ? "" : cells.get(i));
      if (c.indexOf(',') >= 0
          || c.indexOf('"') >= 0
          || c.indexOf('\n') >= 0
          || c.indexOf('\r') >= 0) {
        out.write('"');
        out.write(c.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(c);
      }
    }
    out.write("\r\n");
  }

  /** Counts the bytes read from a file, for the progress bar. */
  private static final class Counting extends FilterInputStream {
    volatile long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
