package dev.recoup.dunning;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.SystemUsers;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dunning module's entry point: the daily run of a business date over the portfolio, its
 * preview, the runs' history and an account's dunning history.
 *
 * <p>A run has two phases. Planning selects every due (item, step) pair in one set-based statement
 * and persists the run, each account's outcome under the contact rules, the actions (unique per
 * item and step) and the approvals they need, in one transaction. Dispatch then sends each
 * account's part in its own transaction. A run is keyed by its business date: running the date
 * again resumes a dispatch that was interrupted and otherwise issues nothing.
 */
@Service
public class Dunning {

  /**
   * The daily run acts as this system user, so that what it does on accounts (a call task in the
   * owner's worklist, an e-mail queued) is attributed to it in the timeline and the audit trail.
   */
  static final SystemUsers.SystemUser SYSTEM_USER =
      new SystemUsers.SystemUser("dunning", "Dunning run");

  private static final Logger log = LoggerFactory.getLogger(Dunning.class);

  private final JdbcClient jdbc;
  private final DuePlanner planner;
  private final Dispatcher dispatcher;
  private final SystemUsers system;
  private final TransactionTemplate tx;
  private final Access access;
  private final AuditTrail audit;
  private final Letters letters;
  private final ActionRows rows;
  private final EntityRules entityRules;
  private final dev.recoup.accounts.Accounts accounts;
  private final dev.recoup.ledger.FxRates fx;
  private final Clock clock;
  private final int maxCatchUpDays;

  Dunning(
      JdbcClient jdbc,
      DuePlanner planner,
      Dispatcher dispatcher,
      SystemUsers system,
      TransactionTemplate tx,
      Access access,
      AuditTrail audit,
      Letters letters,
      ActionRows rows,
      EntityRules entityRules,
      dev.recoup.accounts.Accounts accounts,
      dev.recoup.ledger.FxRates fx,
      Clock clock,
      @org.springframework.beans.factory.annotation.Value("${recoup.dunning.max-catch-up-days:31}")
          int maxCatchUpDays) {
    this.fx = fx;
    this.maxCatchUpDays = maxCatchUpDays;
    this.jdbc = jdbc;
    this.planner = planner;
    this.dispatcher = dispatcher;
    this.system = system;
    this.tx = tx;
    this.access = access;
    this.audit = audit;
    this.letters = letters;
    this.rows = rows;
    this.entityRules = entityRules;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** Whether the signed-in person or system may start a run: a lead, the manager, a system. */
  public boolean mayRun() {
    return access
        .currentActor()
        .map(a -> a.role() == Role.LEAD || a.role() == Role.MANAGER || a.role() == Role.SYSTEM)
        .orElse(true); // the scheduler runs with nobody signed in
  }

  /** Runs a business date over the whole portfolio. */
  public DunningRun run(LocalDate date) {
    return run(date, RunScope.portfolio());
  }

  /**
   * Runs a business date over a scope: plans it (once per date and scope), then dispatches every
   * account not yet dispatched. Running a date that already ran returns it and issues nothing.
   */
  public DunningRun run(LocalDate date, RunScope scope) {
    return runPartly(date, scope, Integer.MAX_VALUE);
  }

  /**
   * As {@link #run}, dispatching at most {@code accounts} accounts: what a run stopped midway
   * leaves behind (the tests of resuming use it).
   */
  DunningRun runPartly(LocalDate date, RunScope scope, int accounts) {
    if (!mayRun()) {
      throw new AccessDeniedException("A lead, the manager or a system runs dunning");
    }
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(
          "Dunning.run dispatches account by account: call it outside a transaction");
    }
    if (date == null) {
      throw new IllegalArgumentException("date: required");
    }
    if (date.isAfter(LocalDate.now(clock))) {
      throw new IllegalArgumentException("date: " + date + " has not come yet");
    }
    String by = access.currentActor().map(Actor::username).orElse("system");
    long[] planned = new long[2]; // run id, 1 when this call planned it
    tx.executeWithoutResult(s -> plan(date, scope, by, planned));
    long runId = planned[0];
    DunningRun run = findRun(runId).orElseThrow();
    if (!run.done()) {
      dispatcher.retryFailed(runId);
      int sent =
          system.call(
              SYSTEM_USER,
              () -> {
                int n = 0;
                while (n < accounts && dispatcher.dispatchNext(runId, date)) {
                  n++;
                }
                return n;
              });
      if (sent < accounts) {
        finish(runId);
      }
    }
    DunningRun after = findRun(runId).orElseThrow();
    return withAlreadyRan(after, planned[1] == 0);
  }

  /**
   * Runs every business day (Monday to Friday) from the day after the last portfolio run up to
   * {@code today}, in order, after finishing any run left unfinished; at most {@code
   * recoup.dunning.max-catch-up-days} back. The first run ever covers today only. Entities' own
   * holidays are honoured inside each run.
   */
  public List<DunningRun> catchUp(LocalDate today) {
    List<DunningRun> done = new ArrayList<>();
    for (LocalDate unfinished :
        jdbc.sql(
                "select run_date from dunning_run where scope = 'portfolio' and status <> 'DONE' order by run_date")
            .query(LocalDate.class)
            .list()) {
      done.add(run(unfinished));
    }
    Optional<LocalDate> last =
        jdbc.sql("select max(run_date) from dunning_run where scope = 'portfolio'")
            .query(LocalDate.class)
            .optional();
    // After a long outage the run resumes at most maxCatchUpDays back: older dates are covered
    // anyway, since each item gets the highest step it has reached.
    LocalDate earliest = today.minusDays(maxCatchUpDays);
    LocalDate from = last.isEmpty() ? today : last.get().plusDays(1);
    if (from.isBefore(earliest)) {
      from = earliest;
    }
    for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        DunningRun r = run(d);
        log.info(
            "Dunning {}: {} items due on {} accounts; {} issued, {} skipped, {} deferred, {} letters, {} approvals",
            d,
            r.itemsDue(),
            r.accountsDue(),
            r.issued(),
            r.skipped(),
            r.deferred(),
            r.letters(),
            r.approvals());
        done.add(r);
      }
    }
    return done;
  }

  private void plan(LocalDate date, RunScope scope, String by, long[] planned) {
    Instant now = Instant.now(clock);
    Optional<Long> created =
        jdbc.sql(
                """
                insert into dunning_run (run_date, scope, status, started_by, started_at)
                values (?, ?, 'DISPATCHING', ?, ?)
                on conflict (run_date, scope) do nothing returning id""")
            .params(date, scope.key(), by, DuePlanner.utc(now))
            .query(Long.class)
            .optional();
    if (created.isEmpty()) {
      planned[0] =
          jdbc.sql("select id from dunning_run where run_date = ? and scope = ?")
              .params(date, scope.key())
              .query(Long.class)
              .single();
      return;
    }
    long runId = created.get();
    planned[0] = runId;
    planned[1] = 1;
    persistPlan(runId, date, scope, now);
    DunningRun run = findRun(runId).orElseThrow();
    audit.recordAs(
        by,
        "dunning.run.planned",
        "dunning-run",
        runId,
        null,
        Map.of(
            "date", date.toString(),
            "scope", scope.key(),
            "itemsDue", run.itemsDue(),
            "accountsDue", run.accountsDue(),
            "issued", run.issued(),
            "skipped", run.skipped(),
            "deferred", run.deferred(),
            "approvals", run.approvals()),
        null);
  }

  /**
   * Selects, judges and persists one date's due steps in the caller's transaction: the run's
   * accounts, its actions (an item and step already issued is left alone: I4) and its approvals.
   */
  void persistPlan(long runId, LocalDate date, RunScope scope, Instant now) {
    long t0 = System.nanoTime();
    int due = planner.selectDue(date, scope);
    long t1 = System.nanoTime();
    Map<String, Object> p = planner.outcomeParams(date);
    p.put("run", runId);
    jdbc.sql(
            "insert into dunning_run_account (run_id, account_id, outcome, reason, items, top_action) "
                + "select :run, account_id, outcome, reason, items, top_action from ("
                + DuePlanner.OUTCOMES
                + ") o")
        .params(p)
        .update();
    long t2 = System.nanoTime();
    // The approvals first, so that each action names its approval as it is inserted; an approval
    // only for steps not issued before (a rerun of a planned date inserts nothing).
    jdbc.sql(
            """
            insert into dunning_approval (account_id, run_id, business_date, action,
              required_role, status, requested_by, requested_at)
            select d.account_id, :run, :date, d.action, max(d.approval_role), 'PENDING', 'system', :now
            from dunning_due d
            join dunning_run_account ra on ra.run_id = :run and ra.account_id = d.account_id
            where ra.outcome = 'ISSUED' and d.approval_role is not null and d.action <> 'SUSPENSION'
              and not exists (select 1 from dunning_action x
                              where x.invoice_id = d.invoice_id and x.step_id = d.step_id)
            group by d.account_id, d.action""")
        .param("run", runId)
        .param("date", date)
        .param("now", DuePlanner.utc(now))
        .update();
    jdbc.sql(
            """
            insert into dunning_action (run_id, business_date, invoice_id, account_id, strategy_id,
              step_id, days_from_due, action, channel, pulled_forward, currency, amount, status,
              approval_id, created_at)
            select :run, :date, d.invoice_id, d.account_id, d.strategy_id, d.step_id,
              d.days_from_due, d.action, d.channel, d.pulled_forward, d.currency, d.collectible,
              case when d.action = 'SUSPENSION' then 'REFERRED'
                   when d.approval_role is not null then 'PENDING_APPROVAL'
                   else 'ISSUED' end,
              p.id, :now
            from dunning_due d
            join dunning_run_account ra on ra.run_id = :run and ra.account_id = d.account_id
            left join dunning_approval p on p.run_id = :run and p.account_id = d.account_id
              and p.action = d.action and d.approval_role is not null and d.action <> 'SUSPENSION'
            where ra.outcome = 'ISSUED'
            on conflict (invoice_id, step_id) do nothing""")
        .param("run", runId)
        .param("date", date)
        .param("now", DuePlanner.utc(now))
        .update();
    long t3 = System.nanoTime();
    jdbc.sql(
            """
            update dunning_run r set items_due = :due,
              accounts_due = (select count(*) from dunning_run_account where run_id = :run),
              issued = (select count(*) from dunning_run_account where run_id = :run and outcome = 'ISSUED'),
              skipped = (select count(*) from dunning_run_account where run_id = :run and outcome = 'SKIPPED'),
              deferred = (select count(*) from dunning_run_account where run_id = :run and outcome = 'DEFERRED'),
              approvals = (select count(*) from dunning_approval where run_id = :run)
            where r.id = :run""")
        .param("due", due)
        .param("run", runId)
        .update();
    long t4 = System.nanoTime();
    log.debug(
        "Dunning run {} ({}, {}): {} due steps selected in {} ms; judged and persisted in {} ms"
            + " (accounts {} ms, approvals and actions {} ms)",
        runId,
        date,
        scope.key(),
        due,
        (t1 - t0) / 1_000_000,
        (t4 - t1) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000);
  }

  private void finish(long runId) {
    tx.executeWithoutResult(
        s ->
            jdbc.sql(
                    """
                    update dunning_run set status = 'DONE', finished_at = ?,
                      letters = (select count(*) from dunning_letter where run_id = ?)
                    where id = ? and status <> 'DONE'
                      and not exists (select 1 from dunning_run_account where run_id = ?
                                      and outcome = 'ISSUED' and dispatched_at is null)""")
                .params(DuePlanner.utc(Instant.now(clock)), runId, runId, runId)
                .update());
  }

  /**
   * What a run of {@code date} would do, computed as the run computes it, persisted nowhere: totals
   * per step and the accounts (at most {@code limit}, largest first).
   */
  public Preview preview(LocalDate date, int limit) {
    return preview(date, RunScope.portfolio(), limit);
  }

  public Preview preview(LocalDate date, RunScope scope, int limit) {
    if (date == null) {
      throw new IllegalArgumentException("date: required");
    }
    Preview[] out = new Preview[1];
    tx.executeWithoutResult(
        s -> {
          s.setRollbackOnly();
          out[0] = computePreview(date, scope, Math.max(1, Math.min(limit, 100_000)));
        });
    return out[0];
  }

  private Preview computePreview(LocalDate date, RunScope scope, int limit) {
    int due = planner.selectDue(date, scope);
    var rates = fx.ratesOn(date);
    jdbc.sql(
            """
            create temporary table dunning_due_outcome (account_id bigint primary key,
              outcome varchar(8), reason varchar(200), items int, top_action varchar(24)) on commit drop""")
        .update();
    jdbc.sql(
            "insert into dunning_due_outcome (account_id, outcome, reason, items, top_action) "
                + "select account_id, outcome, reason, items, top_action from ("
                + DuePlanner.OUTCOMES
                + ") o")
        .params(planner.outcomeParams(date))
        .update();
    Map<String, List<Money>> amountsByStep = new LinkedHashMap<>();
    List<Preview.StepTotal> steps = new ArrayList<>();
    record StepRow(
        long stepId,
        String strategy,
        int days,
        String action,
        String channel,
        boolean approval,
        int items,
        int accounts,
        int issued,
        int held) {}
    List<StepRow> stepRows =
        jdbc.sql(
                """
                select d.step_id, s.name as strategy, d.days_from_due, d.action, d.channel,
                  bool_or(d.approval_role is not null) as approval,
                  count(*) as items, count(distinct d.account_id) as accounts,
                  count(*) filter (where o.outcome = 'ISSUED') as issued,
                  count(*) filter (where o.outcome <> 'ISSUED') as held
                from dunning_due d join dunning_strategy s on s.id = d.strategy_id
                join dunning_due_outcome o on o.account_id = d.account_id
                group by d.step_id, s.name, d.days_from_due, d.action, d.channel
                order by s.name, d.days_from_due""")
            .query(
                (rs, n) ->
                    new StepRow(
                        rs.getLong("step_id"),
                        rs.getString("strategy"),
                        rs.getInt("days_from_due"),
                        rs.getString("action"),
                        rs.getString("channel"),
                        rs.getBoolean("approval"),
                        rs.getInt("items"),
                        rs.getInt("accounts"),
                        rs.getInt("issued"),
                        rs.getInt("held")))
            .list();
    jdbc.sql(
            "select step_id, currency, sum(collectible) as amount from dunning_due group by step_id, currency order by 1, 3 desc")
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs ->
                    amountsByStep
                        .computeIfAbsent(String.valueOf(rs.getLong(1)), k -> new ArrayList<>())
                        .add(Money.ofStored(rs.getBigDecimal(3), rs.getString(2))));
    for (StepRow r : stepRows) {
      steps.add(
          new Preview.StepTotal(
              r.strategy(),
              r.days(),
              StepAction.valueOf(r.action()),
              StepChannel.valueOf(r.channel()),
              r.approval(),
              r.items(),
              r.accounts(),
              r.issued(),
              r.held(),
              amountsByStep.getOrDefault(String.valueOf(r.stepId()), List.of()),
              reporting(amountsByStep.getOrDefault(String.valueOf(r.stepId()), List.of()), rates)));
    }
    Map<Long, List<Money>> amountsByAccount = new LinkedHashMap<>();
    List<Preview.Row> rowsOut =
        jdbc.sql(
                """
                select o.*, a.name, a.channel, u.username as owner
                from dunning_due_outcome o
                join customer_account a on a.id = o.account_id
                left join account_summary s on s.account_id = o.account_id
                left join app_user u on u.id = a.owner_id
                order by s.past_due_rc desc nulls last, o.items desc, o.account_id
                limit :limit""")
            .param("limit", limit)
            .query(
                (rs, n) ->
                    new Preview.Row(
                        new AccountId(rs.getLong("account_id")),
                        rs.getString("name"),
                        rs.getString("owner"),
                        rs.getString("channel"),
                        rs.getString("outcome"),
                        rs.getString("reason"),
                        StepAction.valueOf(rs.getString("top_action")),
                        rs.getInt("items"),
                        List.of(),
                        null))
            .list();
    if (!rowsOut.isEmpty()) {
      jdbc.sql(
              "select account_id, currency, sum(collectible) from dunning_due where account_id = any(?) group by 1, 2 order by 1, 3 desc")
          .param(rowsOut.stream().map(r -> r.accountId().value()).toArray(Long[]::new))
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs ->
                      amountsByAccount
                          .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                          .add(Money.ofStored(rs.getBigDecimal(3), rs.getString(2))));
    }
    List<Preview.Row> accountsOut =
        rowsOut.stream()
            .map(
                r ->
                    new Preview.Row(
                        r.accountId(),
                        r.name(),
                        r.owner(),
                        r.channel(),
                        r.outcome(),
                        r.reason(),
                        r.topAction(),
                        r.items(),
                        amountsByAccount.getOrDefault(r.accountId().value(), List.of()),
                        reporting(
                            amountsByAccount.getOrDefault(r.accountId().value(), List.of()),
                            rates)))
            .toList();
    Map<String, Integer> counts = new LinkedHashMap<>();
    jdbc.sql("select outcome, count(*) from dunning_due_outcome group by outcome")
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> counts.put(rs.getString(1), rs.getInt(2)));
    return new Preview(
        date,
        due,
        counts.values().stream().mapToInt(Integer::intValue).sum(),
        counts.getOrDefault("ISSUED", 0),
        counts.getOrDefault("SKIPPED", 0),
        counts.getOrDefault("DEFERRED", 0),
        steps,
        accountsOut);
  }

  /** The sum in the reporting currency at the rates of the date (null when a rate is missing). */
  private Money reporting(
      List<Money> amounts, Map<String, dev.recoup.ledger.AgingReport.FxRate> rates) {
    Money total = Money.zero(fx.reportingCurrency());
    for (Money m : amounts) {
      Optional<Money> rc = fx.toReporting(m, rates);
      if (rc.isEmpty()) {
        return null;
      }
      total = total.plus(rc.get());
    }
    return total;
  }

  /** The latest runs, newest business date first. */
  public List<DunningRun> runs(int limit) {
    return jdbc.sql(RUN + " order by r.run_date desc, r.id desc limit ?")
        .param(Math.max(1, Math.min(limit, 1000)))
        .query(Dunning::run)
        .list();
  }

  public Optional<DunningRun> findRun(long id) {
    return jdbc.sql(RUN + " where r.id = ?").param(id).query(Dunning::run).optional();
  }

  /** The accounts a run judged, with outcome and reason; {@code outcome} null means all. */
  public List<RunAccount> accountsOf(long runId, String outcome, int limit) {
    return jdbc.sql(
            """
            select ra.*, a.name, u.username as owner from dunning_run_account ra
            join customer_account a on a.id = ra.account_id
            left join app_user u on u.id = a.owner_id
            where ra.run_id = :run and (cast(:outcome as varchar) is null or ra.outcome = :outcome)
            order by ra.outcome, ra.items desc, ra.account_id limit :limit""")
        .param("run", runId)
        .param("outcome", outcome == null || outcome.isBlank() ? null : outcome)
        .param("limit", Math.max(1, Math.min(limit, 1_000_000)))
        .query(
            (rs, n) ->
                new RunAccount(
                    rs.getLong("run_id"),
                    new AccountId(rs.getLong("account_id")),
                    rs.getString("name"),
                    rs.getString("owner"),
                    rs.getString("outcome"),
                    rs.getString("reason"),
                    rs.getInt("items"),
                    StepAction.valueOf(rs.getString("top_action")),
                    instant(rs, "dispatched_at"),
                    rs.getString("dispatch_error")))
        .list();
  }

  /** One step issued for one item, as the account's dunning history shows it. */
  public record HistoryEntry(
      long actionId,
      LocalDate date,
      String invoiceNumber,
      long invoiceId,
      String day,
      StepAction action,
      StepChannel channel,
      String status,
      Money amount,
      boolean pulledForward,
      Long letterId,
      Long approvalId,
      Long runId) {}

  /** An account's dunning history, newest first. */
  public List<HistoryEntry> historyOf(AccountId account, int limit) {
    return jdbc.sql(
            """
            select x.*, i.number from dunning_action x join invoice i on i.id = x.invoice_id
            where x.account_id = ? order by x.business_date desc, x.days_from_due desc, x.id desc
            limit ?""")
        .params(account.value(), Math.max(1, Math.min(limit, 10_000)))
        .query(
            (rs, n) -> {
              int days = rs.getInt("days_from_due");
              return new HistoryEntry(
                  rs.getLong("id"),
                  rs.getObject("business_date", LocalDate.class),
                  rs.getString("number"),
                  rs.getLong("invoice_id"),
                  days > 0 ? "+" + days : String.valueOf(days),
                  StepAction.valueOf(rs.getString("action")),
                  StepChannel.valueOf(rs.getString("channel")),
                  rs.getString("status"),
                  Money.ofStored(rs.getBigDecimal("amount"), rs.getString("currency")),
                  rs.getBoolean("pulled_forward"),
                  (Long) rs.getObject("letter_id"),
                  (Long) rs.getObject("approval_id"),
                  (Long) rs.getObject("run_id"));
            })
        .list();
  }

  /** A message dunning sent: a run's consolidated notice or an approved demand letter. */
  public record SentLetter(
      long id,
      AccountId accountId,
      LocalDate businessDate,
      String kind,
      StepAction topAction,
      StepChannel channel,
      String language,
      String to,
      String subject,
      long outboxMessageId,
      Instant sendAfter,
      Long runId,
      Long approvalId) {}

  /** The messages sent to an account, newest first. */
  public List<SentLetter> lettersTo(AccountId account, int limit) {
    return jdbc.sql(
            "select * from dunning_letter where account_id = ? order by business_date desc, id desc limit ?")
        .params(account.value(), Math.max(1, Math.min(limit, 10_000)))
        .query(Dunning::letter)
        .list();
  }

  /** The messages a run sent. */
  public List<SentLetter> lettersOf(long runId, int limit) {
    return jdbc.sql("select * from dunning_letter where run_id = ? order by account_id limit ?")
        .params(runId, Math.max(1, Math.min(limit, 1_000_000)))
        .query(Dunning::letter)
        .list();
  }

  public Optional<SentLetter> findLetter(long id) {
    return jdbc.sql("select * from dunning_letter where id = ?")
        .param(id)
        .query(Dunning::letter)
        .optional();
  }

  /**
   * A notice sent as a letter, as a PDF on the entity's letterhead (for post): rebuilt from what
   * the run issued. Demand letters are downloaded from their approval.
   */
  public byte[] letterPdf(long letterId) {
    SentLetter l = findLetter(letterId).orElseThrow(() -> new NoSuchLetter(letterId));
    var account = accounts.find(l.accountId()).orElseThrow();
    var entity = accounts.entitiesById().get(account.entityId());
    EntityRule rule = entityRules.forEntity(entity.code());
    List<LetterItem> items =
        rows.ofLetter(letterId).stream().map(r -> r.item(l.businessDate(), rule, true)).toList();
    var contact = Letters.recipient(accounts.contacts(account.id())).orElse(null);
    String text =
        l.kind().equals("DEMAND")
            ? letters.standardDemandText(items, l.businessDate())
            : letters.standardNoticeText(l.topAction(), items, l.businessDate());
    return letters.pdf(
        letters.letterHtml(
            l.topAction().label(),
            account,
            entity,
            contact,
            items,
            rule,
            l.businessDate(),
            text,
            entity.name(),
            false));
  }

  private static SentLetter letter(ResultSet rs, int n) throws SQLException {
    return new SentLetter(
        rs.getLong("id"),
        new AccountId(rs.getLong("account_id")),
        rs.getObject("business_date", LocalDate.class),
        rs.getString("kind"),
        StepAction.valueOf(rs.getString("top_action")),
        StepChannel.valueOf(rs.getString("channel")),
        rs.getString("language"),
        rs.getString("to_address"),
        rs.getString("subject"),
        rs.getLong("outbox_message_id"),
        rs.getObject("send_after", OffsetDateTime.class).toInstant(),
        (Long) rs.getObject("run_id"),
        (Long) rs.getObject("approval_id"));
  }

  private static final String RUN =
      """
      select r.*, (select count(*) from dunning_run_account ra where ra.run_id = r.id
                   and ra.dispatched_at is null and ra.dispatch_error is not null) as failed
      from dunning_run r""";

  private static DunningRun run(ResultSet rs, int n) throws SQLException {
    return new DunningRun(
        rs.getLong("id"),
        rs.getObject("run_date", LocalDate.class),
        rs.getString("scope"),
        rs.getString("status"),
        rs.getString("started_by"),
        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
        instant(rs, "finished_at"),
        rs.getInt("items_due"),
        rs.getInt("accounts_due"),
        rs.getInt("issued"),
        rs.getInt("skipped"),
        rs.getInt("deferred"),
        rs.getInt("approvals"),
        rs.getInt("letters"),
        rs.getInt("failed"),
        false);
  }

  private static DunningRun withAlreadyRan(DunningRun r, boolean already) {
    return new DunningRun(
        r.id(),
        r.runDate(),
        r.scope(),
        r.status(),
        r.startedBy(),
        r.startedAt(),
        r.finishedAt(),
        r.itemsDue(),
        r.accountsDue(),
        r.issued(),
        r.skipped(),
        r.deferred(),
        r.approvals(),
        r.letters(),
        r.failed(),
        already);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** No dunning letter with this id; pages answer 404. */
  public static class NoSuchLetter extends dev.recoup.shared.NoSuchRecord {
    public NoSuchLetter(long id) {
      super("No dunning letter " + id);
    }
  }
}
