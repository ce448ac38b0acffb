package dev.recoup.ledger;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.SystemUsers;
import dev.recoup.access.UserId;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.shared.Money;
import dev.recoup.shared.NoSuchRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cash application: matching payments' unapplied cash to open invoices. Suggestions come from
 * {@link CashMatcher} (remittance text, exact amounts, combinations); a person accepts one as it
 * stands, edits it (chooses invoices and amounts) or rejects it (it is not suggested again), on the
 * accounts it may change. Accepted and edited matches post through {@link Postings#apply}, once:
 * the same suggestion accepted twice, or the same form sent twice, applies once. An over-payment
 * leaves the rest as unapplied cash, a short payment leaves the rest open. A lead, manager or admin
 * (or a system) runs auto-apply over a scope: every payment whose one best suggestion reaches the
 * confidence threshold ({@code recoup.cash.auto-apply-confidence}, stored with the run) is applied
 * set-based through {@link Postings#applyAll}, in chunks, as the {@code cash-application} system
 * user. Every decision and every run is audited.
 */
@Service
@Transactional
public class CashApplication {

  /**
   * Auto-apply runs post as this system user, so that the audit trail attributes their postings to
   * it, whoever started the run (the run's own record and its first audit row name that person).
   */
  static final SystemUsers.SystemUser SYSTEM_USER =
      new SystemUsers.SystemUser("cash-application", "Cash application run");

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(CashApplication.class);

  /** Payments per transaction of a run (and per set-based suggestion pass). */
  static final int CHUNK = 5_000;

  /** The lowest threshold a run accepts: below it, amounts alone would be applied unseen. */
  public static final int MIN_THRESHOLD = 50;

  private final JdbcClient jdbc;
  private final Postings postings;
  private final CashMatcher matcher;
  private final UnappliedCash unapplied;
  private final Ledger ledger;
  private final Access access;
  private final AuditTrail audit;
  private final SystemUsers system;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final int defaultThreshold;

  CashApplication(
      JdbcClient jdbc,
      Postings postings,
      CashMatcher matcher,
      UnappliedCash unapplied,
      Ledger ledger,
      Access access,
      AuditTrail audit,
      SystemUsers system,
      TransactionTemplate tx,
      Clock clock,
      @Value("${recoup.cash.auto-apply-confidence:90}") int defaultThreshold) {
    this.jdbc = jdbc;
    this.postings = postings;
    this.matcher = matcher;
    this.unapplied = unapplied;
    this.ledger = ledger;
    this.access = access;
    this.audit = audit;
    this.system = system;
    this.tx = tx;
    this.clock = clock;
    this.defaultThreshold = defaultThreshold;
  }

  /** A payment id that names nothing. */
  public static class NoSuchPayment extends NoSuchRecord {
    public NoSuchPayment(PaymentId id) {
      super("No payment " + id.value());
    }
  }

  /** One invoice and the amount a person applies to it. */
  public record ManualLine(InvoiceId invoice, BigDecimal amount) {}

  /** What an accept or a manual application posted (or had posted already). */
  public record Applied(
      PaymentId payment,
      boolean already,
      List<AppliedLine> lines,
      Money total,
      Money unappliedAfter) {}

  /** One application of a match: the invoice's number and what it got. */
  public record AppliedLine(InvoiceId invoice, String number, Money amount) {}

  /** A match applied from cash application, for the payment's history. */
  public record Match(
      long id,
      String origin,
      MatchBasis basis,
      Integer confidence,
      Long runId,
      List<AppliedLine> lines,
      Money total,
      String decidedBy,
      Instant decidedAt) {}

  /** A rejected suggestion: the invoices it named and who rejected it, why. */
  public record Rejection(
      String key,
      MatchBasis basis,
      List<String> numbers,
      String rejectedBy,
      Instant rejectedAt,
      String reason) {}

  /** Everything the payment page shows. */
  public record PaymentMatching(
      Payment payment,
      String accountName,
      String accountExternalId,
      List<CashSuggestion> suggestions,
      List<Invoice> openInvoices,
      Map<Long, String> accountNames,
      List<Match> matches,
      List<Rejection> rejections,
      boolean mayChange) {}

  public int defaultThreshold() {
    return defaultThreshold;
  }

  /** Whether the current person may start an auto-apply run. */
  @Transactional(readOnly = true)
  public boolean mayAutoApply() {
    return access.currentActor().map(a -> runsAutoApply(a.role())).orElse(false);
  }

  private static boolean runsAutoApply(Role role) {
    return role == Role.LEAD || role == Role.MANAGER || role == Role.ADMIN || role == Role.SYSTEM;
  }

  /**
   * The payment page: the payment and its applications, its suggestions (recomputed now), the open
   * invoices in its currency of the payer and its related accounts (for a match by hand), what was
   * applied through cash application and what was rejected.
   */
  public PaymentMatching matching(PaymentId id) {
    Payment payment = ledger.payment(id).orElseThrow(() -> new NoSuchPayment(id));
    matcher.refresh(List.of(id.value()));
    List<CashSuggestion> suggestions =
        matcher.of(List.of(id.value()), 50).getOrDefault(id.value(), List.of());
    Map<Long, String> names = new LinkedHashMap<>();
    String[] account = new String[3];
    jdbc.sql("select name, external_id, owner_id from customer_account where id = ?")
        .param(payment.accountId().value())
        .query(
            (RowCallbackHandler)
                rs -> {
                  account[0] = rs.getString(1);
                  account[1] = rs.getString(2);
                  account[2] = rs.getString(3);
                });
    List<Invoice> open =
        jdbc.sql(
                familySql()
                    + """
                    select i.* from invoice i join fam f on f.account_id = i.account_id
                    where i.open_amount > 0 and i.currency = :currency
                    order by i.account_id <> :payer, i.due_date, i.id limit 200""")
            .param("payer", payment.accountId().value())
            .param("currency", payment.amount().currencyCode())
            .query(Ledger::invoice)
            .list();
    jdbc.sql(
            familySql()
                + " select a.id, a.name from customer_account a join fam f on f.account_id = a.id")
        .param("payer", payment.accountId().value())
        .query((RowCallbackHandler) rs -> names.put(rs.getLong(1), rs.getString(2)));
    UserId owner = account[2] == null ? null : new UserId(Long.parseLong(account[2]));
    return new PaymentMatching(
        payment,
        account[0],
        account[1],
        suggestions,
        open,
        names,
        matches(id),
        rejections(id),
        access.mayChangeAccountOwnedBy(owner));
  }

  /** The payer ({@code :payer}) and its parent, children and siblings, as CTE {@code fam}. */
  private static String familySql() {
    return """
        with fam as (
          select :payer as account_id
          union select a.parent_id from customer_account a where a.id = :payer and a.parent_id is not null
          union select c.id from customer_account c where c.parent_id = :payer
          union select s.id from customer_account a join customer_account s
                  on s.parent_id = a.parent_id and s.id <> a.id where a.id = :payer)
        """;
  }

  /**
   * Accepts a suggestion as it stands (named by its key, the sorted invoice ids): applies it to its
   * invoices through the ledger. Accepting it again answers what was applied the first time.
   */
  public Applied accept(PaymentId payment, String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("suggestion: choose a suggestion to accept");
    }
    Locked p = lockAndCheck(payment);
    Optional<Applied> done = appliedAlready(payment, key);
    if (done.isPresent()) {
      return done.get();
    }
    CashSuggestion s =
        current(payment, key)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "suggestion: no longer suggested; the payment or its invoices changed"
                            + " since the page was shown"));
    for (CashSuggestion.Line l : s.lines()) {
      if (l.amount().compareTo(l.open()) > 0) {
        throw new IllegalArgumentException(
            "suggestion: "
                + l.number()
                + " has only "
                + l.open()
                + " open now; see the new suggestions");
      }
    }
    if (s.total().compareTo(p.unapplied()) > 0) {
      throw new IllegalArgumentException(
          "suggestion: the payment has only " + p.unapplied() + " unapplied now");
    }
    List<ManualLine> lines =
        s.lines().stream().map(l -> new ManualLine(l.invoice(), l.amount().amount())).toList();
    return post(p, lines, "ACCEPTED", s.key(), s.basis(), s.confidence(), null);
  }

  /**
   * Applies the invoices and amounts a person chose, from a suggestion it edited ({@code fromKey})
   * or from scratch. Once per {@code requestKey} (the page form's token): sending the form again
   * answers what was applied the first time.
   */
  public Applied apply(
      PaymentId payment, List<ManualLine> lines, String fromKey, String requestKey) {
    String key = requestKey == null || requestKey.isBlank() ? null : requestKey.strip();
    if (key != null && key.length() > 200) {
      throw new IllegalArgumentException("requestKey: at most 200 characters");
    }
    Locked p = lockAndCheck(payment);
    if (key != null) {
      Optional<Applied> done = appliedWithRequest(key);
      if (done.isPresent()) {
        if (!done.get().payment().equals(payment)) {
          throw new IllegalArgumentException("requestKey: already used for another payment");
        }
        return done.get();
      }
    }
    List<ManualLine> clean = new ArrayList<>();
    Set<Long> seen = new LinkedHashSet<>();
    Money sum = Money.zero(p.unapplied().currencyCode());
    for (ManualLine l : lines) {
      if (l.invoice() == null || l.amount() == null || l.amount().signum() == 0) {
        continue;
      }
      String field = "amount-" + l.invoice().value();
      if (l.amount().signum() < 0) {
        throw new IllegalArgumentException(field + ": must be positive");
      }
      if (!seen.add(l.invoice().value())) {
        throw new IllegalArgumentException(field + ": the invoice is listed twice");
      }
      Money m;
      try {
        m = Money.of(l.amount(), p.unapplied().currencyCode());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + ": " + e.getMessage());
      }
      sum = sum.plus(m);
      clean.add(new ManualLine(l.invoice(), m.amount()));
    }
    if (clean.isEmpty()) {
      throw new IllegalArgumentException("lines: enter an amount for at least one invoice");
    }
    if (sum.compareTo(p.unapplied()) > 0) {
      throw new IllegalArgumentException(
          "lines: the amounts add up to "
              + sum
              + ", more than the payment's unapplied "
              + p.unapplied());
    }
    MatchBasis basis = null;
    Integer confidence = null;
    if (fromKey != null && !fromKey.isBlank()) {
      Optional<CashSuggestion> from = current(payment, fromKey.strip());
      basis = from.map(CashSuggestion::basis).orElse(null);
      confidence = from.map(CashSuggestion::confidence).orElse(null);
    }
    String origin = fromKey != null && !fromKey.isBlank() ? "EDITED" : "MANUAL";
    return post(p, clean, origin, keyOf(clean), basis, confidence, key);
  }

  /** Rejects a suggestion: it is not suggested again for this payment. */
  public void reject(PaymentId payment, String key, String reason) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("suggestion: choose a suggestion to reject");
    }
    String why = reason == null || reason.isBlank() ? null : reason.strip();
    if (why != null && why.length() > 500) {
      throw new IllegalArgumentException("reason: at most 500 characters");
    }
    lockAndCheck(payment);
    CashSuggestion s =
        current(payment, key)
            .orElseThrow(() -> new IllegalArgumentException("suggestion: no longer suggested"));
    jdbc.sql(
            """
            insert into cash_rejection (payment_id, match_key, basis, rejected_by, rejected_at, reason)
            values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
        .params(payment.value(), s.key(), s.basis().name(), me(), now(), why)
        .update();
    jdbc.sql("delete from cash_suggestion where id = ?").param(s.id()).update();
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("invoices", s.numbers());
    before.put("basis", s.basis());
    before.put("confidence", s.confidence());
    before.put("amount", s.total());
    audit.record("cash.suggestion-rejected", "payment", payment.value(), before, null, why);
  }

  /**
   * Recomputes the suggestions of every payment in a scope (a collector's: its own), set-based,
   * {@link #CHUNK} payments per transaction. Returns how many payments it looked at.
   */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public int suggest(UnappliedFilter scope) {
    UnappliedFilter f = scope;
    if (access.currentActor().map(a -> a.is(Role.COLLECTOR)).orElse(false)) {
      f = scope.withScope("mine");
    }
    List<Long> ids = unapplied.ids(f);
    for (List<Long> chunk : chunks(ids)) {
      tx.executeWithoutResult(s -> matcher.refresh(chunk));
    }
    return ids.size();
  }

  /**
   * Auto-apply: suggests matches for every payment with unapplied cash in the scope, then applies
   * each payment's one best suggestion when it reaches {@code threshold} (the configured default
   * when null; ties at the top are left to people), set-based, {@link #CHUNK} payments per
   * transaction, as the cash-application system user. Leads, managers, admins and systems only. The
   * run, its threshold and scope and what it did are stored and audited.
   */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public CashRun autoApply(UnappliedFilter scope, Integer threshold) {
    Actor me =
        access
            .currentActor()
            .filter(a -> runsAutoApply(a.role()))
            .orElseThrow(() -> new AccessDeniedException("Auto-apply is for leads and managers"));
    int t = threshold == null ? defaultThreshold : threshold;
    if (t < MIN_THRESHOLD || t > 100) {
      throw new IllegalArgumentException(
          "threshold: between " + MIN_THRESHOLD + " and 100 (confidence)");
    }
    UnappliedFilter f = unapplied.withDefaultScope(scope);
    long runId = tx.execute(s -> start(me, t, f));
    try {
      long t0 = System.nanoTime();
      List<Long> ids = unapplied.ids(f);
      for (List<Long> chunk : chunks(ids)) {
        tx.executeWithoutResult(s -> matcher.refresh(chunk));
      }
      List<Qualified> qualified = qualified(ids, t);
      long t1 = System.nanoTime();
      tx.executeWithoutResult(
          s ->
              jdbc.sql("update cash_run set payments = ?, qualified = ? where id = ?")
                  .params(ids.size(), qualified.size(), runId)
                  .update());
      return system.call(
          SYSTEM_USER,
          () -> {
            for (int from = 0; from < qualified.size(); from += CHUNK) {
              List<Qualified> chunk =
                  qualified.subList(from, Math.min(qualified.size(), from + CHUNK));
              tx.executeWithoutResult(s -> applyChunk(runId, t, chunk));
            }
            CashRun done = tx.execute(s -> finish(runId, "DONE", null));
            log.info(
                "Auto-apply run #{} at {}: {} payments, {} qualified in {} ms; {} applied"
                    + " ({} applications, {} skipped) in {} ms",
                runId,
                t,
                done.payments(),
                done.qualified(),
                (t1 - t0) / 1_000_000,
                done.appliedPayments(),
                done.applications(),
                done.skipped(),
                (System.nanoTime() - t1) / 1_000_000);
            return done;
          });
    } catch (RuntimeException e) {
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      system.call(SYSTEM_USER, () -> tx.execute(s -> finish(runId, "FAILED", why)));
      throw e;
    }
  }

  /** The latest runs, newest first. */
  @Transactional(readOnly = true)
  public List<CashRun> recentRuns(int limit) {
    return jdbc.sql("select * from cash_run order by started_at desc, id desc limit ?")
        .param(limit)
        .query(CashApplication::run)
        .list();
  }

  @Transactional(readOnly = true)
  public Optional<CashRun> run(long id) {
    return jdbc.sql("select * from cash_run where id = ?")
        .param(id)
        .query(CashApplication::run)
        .optional();
  }

  // ------------------------------------------------------------------------------------ runs

  private long start(Actor me, int threshold, UnappliedFilter f) {
    Optional<Long> running =
        jdbc.sql(
                """
                select id from cash_run where status = 'RUNNING' and started_at > ?
                order by id limit 1""")
            .param(now().minusHours(1))
            .query(Long.class)
            .optional();
    if (running.isPresent()) {
      throw new IllegalArgumentException(
          "run: auto-apply run #" + running.get() + " is still running");
    }
    long id =
        jdbc.sql(
                """
                insert into cash_run (started_by, started_at, status, threshold, scope)
                values (?, ?, 'RUNNING', ?, ?) returning id""")
            .params(me.username(), now(), threshold, f.describe())
            .query(Long.class)
            .single();
    audit.record(
        "cash.run-started",
        "cash-run",
        id,
        null,
        Map.of("threshold", threshold, "scope", f.describe()),
        null);
    return id;
  }

  private record Qualified(
      long suggestionId, long payment, Long[] invoices, BigDecimal[] amounts) {}

  /** Each payment's one best suggestion at or above the threshold (none when two tie on top). */
  private List<Qualified> qualified(List<Long> ids, int threshold) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select s.id, s.payment_id, s.invoice_ids, s.amounts from cash_suggestion s
            where s.payment_id = any(?) and s.confidence >= ?
              and not exists (select 1 from cash_suggestion o where o.payment_id = s.payment_id
                              and o.id <> s.id and o.confidence >= s.confidence)
            order by s.payment_id""")
        .params(ids.toArray(Long[]::new), threshold)
        .query(
            (rs, n) ->
                new Qualified(
                    rs.getLong(1),
                    rs.getLong(2),
                    CashMatcher.longs(rs.getArray(3)),
                    CashMatcher.decimals(rs.getArray(4))))
        .list();
  }

  private void applyChunk(long runId, int threshold, List<Qualified> chunk) {
    List<Postings.PlannedApplication> lines = new ArrayList<>();
    Map<Long, Long> suggestionOf = new HashMap<>();
    for (Qualified q : chunk) {
      suggestionOf.put(q.payment(), q.suggestionId());
      for (int k = 0; k < q.invoices().length; k++) {
        lines.add(
            new Postings.PlannedApplication(
                new PaymentId(q.payment()), new InvoiceId(q.invoices()[k]), q.amounts()[k]));
      }
    }
    Postings.BulkApplied r =
        postings.applyAll(
            lines,
            today(),
            "cash-run",
            runId,
            "auto-apply of suggestions with confidence " + threshold + " or more");
    Long[] payments =
        r.applied().stream().map(l -> l.payment().value()).distinct().toArray(Long[]::new);
    Long[] suggestions = Arrays.stream(payments).map(suggestionOf::get).toArray(Long[]::new);
    jdbc.sql(
            """
            insert into cash_match (payment_id, match_key, origin, basis, confidence, run_id,
              invoice_ids, amounts, currency, total, decided_by, decided_at)
            select s.payment_id, s.match_key, 'AUTO', s.basis, s.confidence, :run, s.invoice_ids,
                   s.amounts, s.currency, s.total, :by, :at
            from cash_suggestion s where s.id = any(:ids)""")
        .param("run", runId)
        .param("by", SYSTEM_USER.username())
        .param("at", now())
        .param("ids", suggestions)
        .update();
    jdbc.sql("delete from cash_suggestion where payment_id = any(?)").param(payments).update();
    jdbc.sql(
            """
            update cash_run set applied_payments = applied_payments + ?,
              applications = applications + ?, skipped = skipped + ? where id = ?""")
        .params(payments.length, r.applied().size(), r.refused().size(), runId)
        .update();
  }

  private CashRun finish(long runId, String status, String failure) {
    jdbc.sql("update cash_run set status = ?, finished_at = ?, failure = ? where id = ?")
        .params(status, now(), failure == null ? null : left(failure, 500), runId)
        .update();
    CashRun run = run(runId).orElseThrow();
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("status", status);
    after.put("payments", run.payments());
    after.put("qualified", run.qualified());
    after.put("appliedPayments", run.appliedPayments());
    after.put("applications", run.applications());
    after.put("skipped", run.skipped());
    audit.record(
        "FAILED".equals(status) ? "cash.run-failed" : "cash.run-finished",
        "cash-run",
        runId,
        null,
        after,
        failure == null ? null : left(failure, 500));
    return run;
  }

  // ------------------------------------------------------------------------------ decisions

  private record Locked(PaymentId id, AccountId account, Money unapplied) {}

  /** Locks the payment (decisions on one payment happen one after the other) and checks access. */
  private Locked lockAndCheck(PaymentId payment) {
    Object[] row = new Object[4];
    jdbc.sql(
            """
            select p.account_id, p.currency, p.unapplied_amount, a.owner_id
            from payment p join customer_account a on a.id = p.account_id
            where p.id = ? for update of p""")
        .param(payment.value())
        .query(
            (RowCallbackHandler)
                rs -> {
                  row[0] = rs.getLong(1);
                  row[1] = rs.getString(2).trim();
                  row[2] = rs.getBigDecimal(3);
                  long owner = rs.getLong(4);
                  row[3] = rs.wasNull() ? null : new UserId(owner);
                });
    if (row[0] == null) {
      throw new NoSuchPayment(payment);
    }
    access.requireMayChangeAccountOwnedBy((UserId) row[3]);
    return new Locked(
        payment,
        new AccountId((Long) row[0]),
        Money.ofStored((BigDecimal) row[2], (String) row[1]));
  }

  /**
   * The suggestion with this key as it stands, recomputing the payment's suggestions if need be.
   */
  private Optional<CashSuggestion> current(PaymentId payment, String key) {
    Optional<CashSuggestion> s = find(payment, key);
    if (s.isPresent()) {
      return s;
    }
    matcher.refresh(List.of(payment.value()));
    return find(payment, key);
  }

  private Optional<CashSuggestion> find(PaymentId payment, String key) {
    return matcher
        .of(List.of(payment.value()), 1_000)
        .getOrDefault(payment.value(), List.of())
        .stream()
        .filter(s -> s.key().equals(key))
        .findFirst();
  }

  private Applied post(
      Locked p,
      List<ManualLine> lines,
      String origin,
      String key,
      MatchBasis basis,
      Integer confidence,
      String requestKey) {
    // Invoices of related accounts: the person must be allowed to change those accounts too.
    Set<Long> others = new LinkedHashSet<>();
    Map<Long, String> numbers = new HashMap<>();
    Long[] invoiceIds = lines.stream().map(l -> l.invoice().value()).toArray(Long[]::new);
    Map<Long, UserId> owners = new HashMap<>();
    jdbc.sql(
            """
            select i.id, i.number, i.account_id, a.owner_id from invoice i
            join customer_account a on a.id = i.account_id where i.id = any(?)""")
        .param(invoiceIds)
        .query(
            (RowCallbackHandler)
                rs -> {
                  numbers.put(rs.getLong(1), rs.getString(2));
                  long owner = rs.getLong(4);
                  boolean none = rs.wasNull();
                  if (rs.getLong(3) != p.account().value()) {
                    others.add(rs.getLong(3));
                    owners.put(rs.getLong(3), none ? null : new UserId(owner));
                  }
                });
    for (ManualLine l : lines) {
      if (!numbers.containsKey(l.invoice().value())) {
        throw new IllegalArgumentException("amount-" + l.invoice().value() + ": no such invoice");
      }
    }
    others.forEach(a -> access.requireMayChangeAccountOwnedBy(owners.get(a)));
    String currency = p.unapplied().currencyCode();
    LocalDate on = today();
    Money total = Money.zero(currency);
    for (ManualLine l : lines) {
      total = total.plus(Money.of(l.amount(), currency));
    }
    // The decision's own rows first, the postings after: each posting's audit row takes the audit
    // chain's lock, held to the commit, so the less that follows it, the less others wait.
    jdbc.sql(
            """
            insert into cash_match (payment_id, match_key, origin, basis, confidence, invoice_ids,
              amounts, currency, total, decided_by, decided_at, request_key)
            values (?, ?, ?, ?, ?, cast(? as bigint[]), cast(? as numeric[]), ?, ?, ?, ?, ?)""")
        .params(
            p.id().value(),
            key,
            origin,
            basis == null ? null : basis.name(),
            confidence,
            invoiceIds,
            lines.stream().map(l -> l.amount().toPlainString()).toArray(String[]::new),
            currency,
            total.amount(),
            me(),
            now(),
            requestKey)
        .update();
    // What was suggested for this payment no longer holds: the next look recomputes it.
    jdbc.sql("delete from cash_suggestion where payment_id = ?").param(p.id().value()).update();
    List<AppliedLine> applied = new ArrayList<>();
    for (ManualLine l : lines) {
      Money amount = Money.of(l.amount(), currency);
      postings.apply(p.id(), l.invoice(), amount, on);
      applied.add(new AppliedLine(l.invoice(), numbers.get(l.invoice().value()), amount));
    }
    Money after = p.unapplied().minus(total);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("origin", origin);
    state.put("applied", applied.stream().map(a -> a.number() + " " + a.amount()).toList());
    if (basis != null) {
      state.put("basis", basis);
      state.put("confidence", confidence);
    }
    state.put("unapplied", after);
    audit.record(
        "cash.match-applied",
        "payment",
        p.id().value(),
        Map.of("unapplied", p.unapplied()),
        state,
        null);
    return new Applied(p.id(), false, List.copyOf(applied), total, after);
  }

  private Optional<Applied> appliedAlready(PaymentId payment, String key) {
    return jdbc.sql(
            """
            select * from cash_match where payment_id = ? and md5(match_key) = md5(?)
              and origin in ('ACCEPTED', 'AUTO') order by id limit 1""")
        .params(payment.value(), key)
        .query(this::match)
        .optional()
        .map(m -> asApplied(payment, m));
  }

  private Optional<Applied> appliedWithRequest(String requestKey) {
    return jdbc.sql("select * from cash_match where request_key = ?")
        .param(requestKey)
        .query((rs, n) -> Map.entry(rs.getLong("payment_id"), match(rs, n)))
        .optional()
        .map(e -> asApplied(new PaymentId(e.getKey()), e.getValue()));
  }

  private Applied asApplied(PaymentId payment, Match m) {
    Money unappliedNow =
        ledger
            .payment(payment)
            .map(Payment::unapplied)
            .orElse(Money.zero(m.total().currencyCode()));
    return new Applied(payment, true, m.lines(), m.total(), unappliedNow);
  }

  private List<Match> matches(PaymentId payment) {
    return jdbc.sql("select * from cash_match where payment_id = ? order by id desc")
        .param(payment.value())
        .query(this::match)
        .list();
  }

  private List<Rejection> rejections(PaymentId payment) {
    return jdbc.sql(
            """
            select r.*, (select array_agg(i.number order by i.due_date, i.id) from invoice i
                         where i.id = any(cast(string_to_array(r.match_key, ',') as bigint[])))
                   as numbers
            from cash_rejection r where r.payment_id = ? order by r.rejected_at desc""")
        .param(payment.value())
        .query(
            (rs, n) -> {
              java.sql.Array a = rs.getArray("numbers");
              List<String> numbers =
                  a == null
                      ? List.of()
                      : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
              return new Rejection(
                  rs.getString("match_key"),
                  MatchBasis.valueOf(rs.getString("basis")),
                  numbers,
                  rs.getString("rejected_by"),
                  rs.getObject("rejected_at", OffsetDateTime.class).toInstant(),
                  rs.getString("reason"));
            })
        .list();
  }

  private Match match(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    String currency = rs.getString("currency").trim();
    Long[] ids = CashMatcher.longs(rs.getArray("invoice_ids"));
    BigDecimal[] amounts = CashMatcher.decimals(rs.getArray("amounts"));
    Map<Long, String> numbers = new HashMap<>();
    jdbc.sql("select id, number from invoice where id = any(?)")
        .param(ids)
        .query((RowCallbackHandler) r -> numbers.put(r.getLong(1), r.getString(2)));
    List<AppliedLine> lines = new ArrayList<>();
    for (int k = 0; k < ids.length; k++) {
      lines.add(
          new AppliedLine(
              new InvoiceId(ids[k]), numbers.get(ids[k]), Money.ofStored(amounts[k], currency)));
    }
    String basis = rs.getString("basis");
    int confidence = rs.getInt("confidence");
    boolean noConfidence = rs.wasNull();
    long run = rs.getLong("run_id");
    boolean noRun = rs.wasNull();
    return new Match(
        rs.getLong("id"),
        rs.getString("origin"),
        basis == null ? null : MatchBasis.valueOf(basis),
        noConfidence ? null : confidence,
        noRun ? null : run,
        List.copyOf(lines),
        Money.ofStored(rs.getBigDecimal("total"), currency),
        rs.getString("decided_by"),
        rs.getObject("decided_at", OffsetDateTime.class).toInstant());
  }

  private static CashRun run(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
    return new CashRun(
        rs.getLong("id"),
        rs.getString("started_by"),
        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
        finished == null ? null : finished.toInstant(),
        rs.getString("status"),
        rs.getInt("threshold"),
        rs.getString("scope"),
        rs.getInt("payments"),
        rs.getInt("qualified"),
        rs.getInt("applied_payments"),
        rs.getInt("applications"),
        rs.getInt("skipped"),
        rs.getString("failure"));
  }

  private static String keyOf(List<ManualLine> lines) {
    return String.join(
        ",", lines.stream().map(l -> l.invoice().value()).sorted().map(String::valueOf).toList());
  }

  private static List<List<Long>> chunks(List<Long> ids) {
    List<List<Long>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      chunks.add(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
    }
    return chunks;
  }

  private String me() {
    return access.currentActor().map(Actor::username).orElse("system");
  }

  private static String left(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
  }
}
