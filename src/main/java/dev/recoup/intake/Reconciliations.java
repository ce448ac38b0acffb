package dev.recoup.intake;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.audit.AuditTrail;
import dev.recoup.shared.BulkCopy;
import dev.recoup.shared.Money;
import dev.recoup.shared.NoSuchRecord;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reconciliation of an ERP's open items (or aging) file with Recoup's ledger. The file is read
 * with a column mapping of kind invoices that gives each invoice's {@code open_amount} (and, if the
 * ERP has one, its {@code status}); its rows go through {@code COPY} into a staging table, then one
 * set-based comparison with Recoup's invoices of the same source system finds what is missing on
 * either side and what has another open amount or status. Each run is kept with its totals per
 * currency, its differences and the rows the file could not give, so it can be looked at later.
 * Recoup's ledger is not changed: the ledger is the book of record, the differences are for people
 * to resolve.
 */
@Service
public class Reconciliations {

  /** Most differences a page shows; the CSV export has them all. */
  public static final int PAGE_LIMIT = 1000;

  private static final Set<Role> MAY_RUN = Set.of(Role.LEAD, Role.MANAGER, Role.ADMIN);

  /** ERP status words (lower case, single spaces) that mean the invoice is still owed. */
  private static final Set<String> OPEN_WORDS =
      Set.of(
          "open",
          "o",
          "op",
          "opn",
          "partially paid",
          "partially applied",
          "partial",
          "part paid",
          "unpaid",
          "outstanding",
          "overdue",
          "past due",
          "due",
          "not due",
          "current",
          "disputed",
          "in dispute",
          "pending");

  /** ERP status words that mean nothing is owed any more. */
  private static final Set<String> CLOSED_WORDS =
      Set.of(
          "paid",
          "paid in full",
          "fully paid",
          "closed",
          "c",
          "cl",
          "cleared",
          "settled",
          "credited",
          "written off",
          "write off",
          "void",
          "voided",
          "cancelled",
          "canceled",
          "reversed");

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final Access access;
  private final AuditTrail audit;
  private final Clock clock;

  Reconciliations(
      JdbcClient jdbc, DataSource dataSource, Access access, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Reads the ERP's file and compares it with Recoup's invoices of {@code sourceSystem} (the
   * mapping's source system when blank). Rows the file cannot give are kept with their row number,
   * field and reason and left out of the comparison (an invoice whose row was rejected is not
   * reported as missing in the ERP). Structural faults of the file, and a mapping without an open
   * amount, are refused as {@link IllegalArgumentException} "field: reason" before anything is
   * kept.
   */
  @Transactional
  public ReconciliationRun reconcile(
      ColumnMapping mapping, String sourceSystem, String fileName, InputStream in) {
    String actor = requireMayRun();
    if (mapping == null || mapping.kind() != ImportKind.INVOICES) {
      throw new IllegalArgumentException(
          "mapping: the ERP's open items are read with a mapping of invoices");
    }
    if (!mapping.columns().containsKey("open_amount")
        && !mapping.constants().containsKey("open_amount")
        && !mapping.columns().containsKey("clearing_document")) {
      throw new IllegalArgumentException(
          "mapping: "
              + mapping.name()
              + " does not map open_amount; choose a mapping that maps the ERP's open (remaining)"
              + " amount column to open_amount (or, for SAP, the clearing document)");
    }
    String source = blankToNull(sourceSystem);
    if (source == null) {
      source = blankToNull(mapping.sourceSystem());
    }
    if (source == null) {
      throw new IllegalArgumentException(
          "sourceSystem: say which system the file comes from (e.g. NETSUITE)");
    }
    if (source.length() > 32) {
      throw new IllegalArgumentException("sourceSystem: at most 32 characters");
    }
    String name = fileName == null || fileName.isBlank() ? "upload" : fileName.strip();
    if (name.length() > 255) {
      name = name.substring(name.length() - 255);
    }
    ColumnMapping withSource =
        new ColumnMapping(
            mapping.name(),
            mapping.kind(),
            source,
            mapping.columns(),
            mapping.constants(),
            mapping.dateOrder(),
            mapping.decimalSeparator());
    ParsedRows rows = IntakeFiles.open(in, name, withSource);
    long runId =
        jdbc.sql(
                """
                insert into reconciliation_run (source_system, file_name, mapping_name, run_by,
                  run_at, file_rows, compared_rows, rejected_rows, agreeing, missing_in_recoup,
                  missing_in_erp, different_open_amount, different_status)
                values (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0) returning id""")
            .params(
                source,
                name,
                mapping.name() == null ? "" : mapping.name(),
                actor,
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
            .query(Long.class)
            .single();
    jdbc.sql("drop table if exists pg_temp.reconciliation_staging").update();
    jdbc.sql(
            """
            create temp table reconciliation_staging (
              file_row bigint not null, external_id varchar(64) not null, number varchar(64),
              account_external_id varchar(64), currency char(3), open_amount numeric(19,4),
              status_text varchar(64), status_class varchar(6), ok boolean not null
            ) on commit drop""")
        .update();
    long fileRows = 0;
    try (rows;
        BulkCopy staged =
            new BulkCopy(
                "reconciliation_staging",
                "file_row, external_id, number, account_external_id, currency, open_amount,"
                    + " status_text, status_class, ok");
        BulkCopy rejected =
            new BulkCopy("reconciliation_rejected_row", "run_id, file_row, field, message")) {
      while (rows.hasNext()) {
        ParsedRow row = rows.next();
        fileRows++;
        stage(row, source, runId, staged, rejected);
      }
      staged.load(dataSource);
      rejected.load(dataSource);
    }
    jdbc.sql(
            """
            with dup as (
              select file_row, min(file_row) over (partition by external_id) as first_row
              from reconciliation_staging where ok
            ), marked as (
              update reconciliation_staging s set ok = false from dup
              where dup.file_row = s.file_row and dup.first_row <> dup.file_row
              returning s.file_row, dup.first_row
            )
            insert into reconciliation_rejected_row (run_id, file_row, field, message)
            select ?, file_row, 'external_id', 'duplicate of row ' || first_row from marked""")
        .param(runId)
        .update();
    jdbc.sql("analyze reconciliation_staging").update();
    compare(runId, source);
    total(runId, source);
    jdbc.sql(
            """
            update reconciliation_run r set
              file_rows = :fileRows,
              compared_rows = (select count(*) from reconciliation_staging where ok),
              rejected_rows = (select count(distinct file_row) from reconciliation_rejected_row
                               where run_id = :run),
              agreeing = (select count(*) from reconciliation_staging s
                          join invoice i on i.source_system = :source
                            and i.external_id = s.external_id
                          where s.ok and not exists (
                            select 1 from reconciliation_difference d
                            where d.run_id = :run and d.invoice_id = i.id)),
              missing_in_recoup = d.missing_in_recoup,
              missing_in_erp = d.missing_in_erp,
              different_open_amount = d.different_open_amount,
              different_status = d.different_status
            from (select
                    count(*) filter (where kind = 'MISSING_IN_RECOUP') as missing_in_recoup,
                    count(*) filter (where kind = 'MISSING_IN_ERP') as missing_in_erp,
                    count(*) filter (where kind = 'DIFFERENT_OPEN_AMOUNT') as different_open_amount,
                    count(*) filter (where kind = 'DIFFERENT_STATUS') as different_status
                  from reconciliation_difference where run_id = :run) d
            where r.id = :run""")
        .param("fileRows", fileRows)
        .param("run", runId)
        .param("source", source)
        .update();
    ReconciliationRun run = find(runId).orElseThrow();
    audit.record(
        "reconciliation.run",
        "reconciliation_run",
        runId,
        null,
        Map.of("run", run, "totals", totals(runId)),
        null);
    return run;
  }

  /** One row of the file into staging, or into the rejected rows with its reasons. */
  private static void stage(
      ParsedRow row, String source, long runId, BulkCopy staged, BulkCopy rejected) {
    Map<String, String> v = row.values();
    List<RowError> errors = new java.util.ArrayList<>(row.errors());
    String externalId = v.get("external_id");
    BigDecimal open = null;
    String statusClass = null;
    String status = v.get("status");
    if (errors.isEmpty()) {
      String rowSource = v.get("source_system");
      if (rowSource != null && !rowSource.strip().equalsIgnoreCase(source)) {
        errors.add(
            new RowError(
                row.row(),
                "source_system",
                rowSource + " is not " + source + ", the source system being reconciled"));
      }
      for (String field : List.of("external_id", "number", "account_external_id")) {
        String text = v.get(field);
        if (text != null && text.length() > 64) {
          errors.add(new RowError(row.row(), field, "longer than 64 characters"));
        }
      }
      String amount = v.get("open_amount");
      if (amount == null || amount.isBlank()) {
        errors.add(
            new RowError(
                row.row(),
                "open_amount",
                "blank; an open-items file gives each invoice's open (remaining) amount"));
      } else {
        try {
          open = Money.of(new BigDecimal(amount.strip()), v.get("currency")).amount();
          if (open.signum() < 0) {
            errors.add(new RowError(row.row(), "open_amount", "must not be negative"));
          }
        } catch (NumberFormatException e) {
          errors.add(new RowError(row.row(), "open_amount", "not an amount: " + amount));
        } catch (IllegalArgumentException e) {
          errors.add(new RowError(row.row(), "open_amount", e.getMessage()));
        }
      }
      if (status != null && !status.isBlank()) {
        statusClass = statusClass(status);
        if (statusClass == null) {
          errors.add(
              new RowError(
                  row.row(),
                  "status",
                  "'"
                      + status
                      + "' is not a status the reconciliation knows: an open one (Open, Partially"
                      + " Paid, ...) or a closed one (Paid In Full, Closed, Cleared, Voided, ...)"));
        } else if (status.length() > 64) {
          status = status.substring(0, 64);
        }
      }
    }
    if (!errors.isEmpty()) {
      for (RowError e : errors) {
        rejected.add(c -> c.add(runId).add(e.row()).add(truncate(e.field(), 64)).add(e.message()));
      }
      if (externalId != null && !externalId.isBlank() && externalId.length() <= 64) {
        // Known but not compared: its invoice is not reported missing in the ERP.
        staged.add(
            c ->
                c.add(row.row())
                    .add(externalId)
                    .addNull()
                    .addNull()
                    .addNull()
                    .addNull()
                    .addNull()
                    .addNull()
                    .add(false));
      }
      return;
    }
    BigDecimal openAmount = open;
    String statusText = status == null || status.isBlank() ? null : status.strip();
    String cls = statusClass;
    staged.add(
        c ->
            c.add(row.row())
                .add(externalId)
                .add(v.get("number"))
                .add(v.get("account_external_id"))
                .add(v.get("currency"))
                .add(openAmount)
                .add(statusText)
                .add(cls)
                .add(true));
  }

  /**
   * The comparison, in one statement: staged rows joined to Recoup's invoices of the source system
   * by external id, and Recoup's open invoices the file does not list. Recoup's status is OPEN for
   * an invoice still owed (open, partially paid, disputed) and CLOSED for paid, credited or written
   * off.
   */
  private void compare(long runId, String source) {
    jdbc.sql(
            """
            insert into reconciliation_difference (run_id, kind, external_id, number, file_row,
              account_external_id, invoice_id, account_id, erp_currency, erp_open, erp_status,
              recoup_currency, recoup_open, recoup_status, difference)
            with matched as (
              select s.file_row, s.external_id, s.number as erp_number, s.account_external_id,
                     s.currency as erp_currency, s.open_amount as erp_open, s.status_text,
                     s.status_class, i.id as invoice_id, i.number as recoup_number, i.account_id,
                     i.currency as recoup_currency, i.open_amount as recoup_open,
                     i.status as recoup_status,
                     case when i.status in ('PAID', 'CREDITED', 'WRITTEN_OFF') then 'CLOSED'
                          else 'OPEN' end as recoup_class
              from reconciliation_staging s
              left join invoice i on i.source_system = :source and i.external_id = s.external_id
              where s.ok
            )
            select :run, 'MISSING_IN_RECOUP', external_id, erp_number, file_row,
                   account_external_id, null, null, erp_currency, erp_open, status_text,
                   null, null, null, erp_open
              from matched where invoice_id is null and erp_open > 0
            union all
            select :run, 'DIFFERENT_OPEN_AMOUNT', external_id, coalesce(recoup_number, erp_number),
                   file_row, account_external_id, invoice_id, account_id, erp_currency, erp_open,
                   status_text, recoup_currency, recoup_open, recoup_status,
                   case when erp_currency = recoup_currency then erp_open - recoup_open end
              from matched
              where invoice_id is not null
                and (erp_currency <> recoup_currency or erp_open <> recoup_open)
            union all
            select :run, 'DIFFERENT_STATUS', external_id, coalesce(recoup_number, erp_number),
                   file_row, account_external_id, invoice_id, account_id, erp_currency, erp_open,
                   status_text, recoup_currency, recoup_open, recoup_status,
                   case when erp_currency = recoup_currency then erp_open - recoup_open end
              from matched
              where invoice_id is not null and status_class is not null
                and status_class <> recoup_class
            union all
            select :run, 'MISSING_IN_ERP', i.external_id, i.number, null, a.external_id, i.id,
                   i.account_id, null, null, null, i.currency, i.open_amount, i.status,
                   -i.open_amount
              from invoice i
              join customer_account a on a.id = i.account_id
              where i.source_system = :source and i.open_amount > 0
                and not exists (select 1 from reconciliation_staging s
                                where s.external_id = i.external_id)""")
        .param("run", runId)
        .param("source", source)
        .update();
  }

  /** Open totals per currency on both sides, and the part the differences explain. */
  private void total(long runId, String source) {
    jdbc.sql(
            """
            insert into reconciliation_total (run_id, currency, erp_items, erp_open, recoup_items,
              recoup_open, explained)
            select :run, currency, sum(erp_items), sum(erp_open), sum(recoup_items),
                   sum(recoup_open), sum(explained)
            from (
              select currency, count(*) filter (where open_amount > 0) as erp_items,
                     sum(open_amount) as erp_open, 0 as recoup_items, 0 as recoup_open,
                     0 as explained
                from reconciliation_staging where ok group by currency
              union all
              select currency, 0, 0, count(*), sum(open_amount), 0
                from invoice where source_system = :source and open_amount > 0
                group by currency
              union all
              select erp_currency, 0, 0, 0, 0, sum(erp_open)
                from reconciliation_difference
                where run_id = :run and kind <> 'DIFFERENT_STATUS' and erp_currency is not null
                group by erp_currency
              union all
              select recoup_currency, 0, 0, 0, 0, -sum(recoup_open)
                from reconciliation_difference
                where run_id = :run and kind <> 'DIFFERENT_STATUS'
                  and recoup_currency is not null and recoup_open > 0
                group by recoup_currency
            ) t
            group by currency""")
        .param("run", runId)
        .param("source", source)
        .update();
  }

  public Optional<ReconciliationRun> find(long id) {
    return jdbc.sql("select * from reconciliation_run where id = ?")
        .param(id)
        .query(Reconciliations::run)
        .optional();
  }

  /** The run; {@link NoSuchRecord} when there is none. */
  public ReconciliationRun get(long id) {
    return find(id).orElseThrow(() -> new NoSuchRecord("No reconciliation " + id));
  }

  /** The latest runs, newest first. */
  public List<ReconciliationRun> recent(int limit) {
    return jdbc.sql("select * from reconciliation_run order by run_at desc, id desc limit ?")
        .param(Math.max(1, Math.min(limit, 500)))
        .query(Reconciliations::run)
        .list();
  }

  /** Open totals per currency, by currency. */
  public List<ReconciliationTotal> totals(long runId) {
    return jdbc.sql("select * from reconciliation_total where run_id = ? order by currency")
        .param(runId)
        .query(
            (rs, n) -> {
              String currency = rs.getString("currency").trim();
              return new ReconciliationTotal(
                  currency,
                  rs.getLong("erp_items"),
                  Money.ofStored(rs.getBigDecimal("erp_open"), currency),
                  rs.getLong("recoup_items"),
                  Money.ofStored(rs.getBigDecimal("recoup_open"), currency),
                  Money.ofStored(rs.getBigDecimal("explained"), currency));
            })
        .list();
  }

  /**
   * The run's differences of one kind (all kinds when {@code kind} is null), the largest first
   * within each kind, at most {@code limit}.
   */
  public List<ReconciliationDifference> differences(long runId, DifferenceKind kind, int limit) {
    try (Stream<ReconciliationDifference> s = stream(runId, kind, limit)) {
      return s.toList();
    }
  }

  /** Every difference of the run (of one kind, or all), in the order of {@link #differences}. */
  public void forEachDifference(
      long runId, DifferenceKind kind, Consumer<ReconciliationDifference> each) {
    try (Stream<ReconciliationDifference> s = stream(runId, kind, Integer.MAX_VALUE)) {
      s.forEach(each);
    }
  }

  private Stream<ReconciliationDifference> stream(long runId, DifferenceKind kind, int limit) {
    return jdbc
        .sql(
            """
            select d.*, coalesce(a.id, known.id) as shown_account_id,
                   coalesce(a.name, known.name) as account_name
            from reconciliation_difference d
            join reconciliation_run r on r.id = d.run_id
            left join customer_account a on a.id = d.account_id
            left join customer_account known
              on d.account_id is null and known.source_system = r.source_system
              and known.external_id = d.account_external_id
            where d.run_id = :run and (cast(:kind as varchar) is null or d.kind = :kind)
            order by case d.kind when 'MISSING_IN_RECOUP' then 1 when 'MISSING_IN_ERP' then 2
                                 when 'DIFFERENT_OPEN_AMOUNT' then 3 else 4 end,
                     abs(coalesce(d.difference, d.erp_open, d.recoup_open, 0)) desc, d.id
            limit :limit""")
        .param("run", runId)
        .param("kind", kind == null ? null : kind.name())
        .param("limit", limit)
        .query(Reconciliations::difference)
        .stream();
  }

  /** The rows of the file that were not compared, by row number, at most {@code limit}. */
  public List<RowError> rejectedRows(long runId, int limit) {
    return jdbc.sql(
            """
            select file_row, field, message from reconciliation_rejected_row
            where run_id = ? order by file_row, field limit ?""")
        .params(runId, limit)
        .query((rs, n) -> new RowError(rs.getLong(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  /**
   * Recoup's status class of an ERP status word: OPEN or CLOSED, or null when the word is not
   * known. Case, spaces, dashes and underscores do not matter ("Paid In Full", "PAID_IN_FULL").
   */
  static String statusClass(String erpStatus) {
    String s =
        erpStatus
            .strip()
            .toLowerCase(Locale.ROOT)
            .replace('_', ' ')
            .replace('-', ' ')
            .replaceAll("\\s+", " ");
    if (OPEN_WORDS.contains(s)) {
      return "OPEN";
    }
    if (CLOSED_WORDS.contains(s)) {
      return "CLOSED";
    }
    return null;
  }

  private String requireMayRun() {
    Actor actor =
        access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in to reconcile"));
    if (!MAY_RUN.contains(actor.role())) {
      throw new AccessDeniedException("Leads, managers and admins reconcile with the ERP");
    }
    return actor.username();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String truncate(String s, int max) {
    return s == null ? "row" : s.length() <= max ? s : s.substring(0, max);
  }

  private static ReconciliationRun run(ResultSet rs, int n) throws SQLException {
    return new ReconciliationRun(
        rs.getLong("id"),
        rs.getString("source_system"),
        rs.getString("file_name"),
        rs.getString("mapping_name"),
        rs.getString("run_by"),
        rs.getObject("run_at", java.time.OffsetDateTime.class).toInstant(),
        rs.getLong("file_rows"),
        rs.getLong("compared_rows"),
        rs.getLong("rejected_rows"),
        rs.getLong("agreeing"),
        rs.getLong("missing_in_recoup"),
        rs.getLong("missing_in_erp"),
        rs.getLong("different_open_amount"),
        rs.getLong("different_status"));
  }

  private static ReconciliationDifference difference(ResultSet rs, int n) throws SQLException {
    String erpCurrency = trim(rs.getString("erp_currency"));
    String recoupCurrency = trim(rs.getString("recoup_currency"));
    BigDecimal difference = rs.getBigDecimal("difference");
    String diffCurrency = erpCurrency != null ? erpCurrency : recoupCurrency;
    return new ReconciliationDifference(
        rs.getLong("id"),
        DifferenceKind.valueOf(rs.getString("kind")),
        rs.getString("external_id"),
        rs.getString("number"),
        (Long) rs.getObject("file_row", Long.class),
        rs.getString("account_external_id"),
        (Long) rs.getObject("invoice_id", Long.class),
        (Long) rs.getObject("shown_account_id", Long.class),
        rs.getString("account_name"),
        money(rs.getBigDecimal("erp_open"), erpCurrency),
        rs.getString("erp_status"),
        money(rs.getBigDecimal("recoup_open"), recoupCurrency),
        rs.getString("recoup_status"),
        money(difference, diffCurrency));
  }

  private static Money money(BigDecimal amount, String currency) {
    if (amount == null || currency == null) {
      return null;
    }
    try {
      Currency.getInstance(currency);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return Money.ofStored(amount, currency);
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
