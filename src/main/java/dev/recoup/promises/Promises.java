package dev.recoup.promises;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.FxRates;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.ledger.Ledger;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Promises to pay: recorded from a call, an e-mail or the API; judged each business day from the
 * payments applied by the promised date plus a tolerance (a setting, kept on each promise so that
 * changing it does not rewrite history). A promise not kept in full publishes {@link
 * PromiseBroken}.
 */
@Service
public class Promises {

  static final Set<String> CHANNELS = Set.of("CALL", "EMAIL", "PORTAL", "API", "MEETING");

  /** How far ahead a promise may be dated: further out is a payment plan, not a promise. */
  static final int MAX_DAYS_AHEAD = 90;

  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final Ledger ledger;
  private final Access access;
  private final AuditTrail audit;
  private final FxRates fx;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final int toleranceDays;

  Promises(
      JdbcClient jdbc,
      Accounts accounts,
      Ledger ledger,
      Access access,
      AuditTrail audit,
      FxRates fx,
      ApplicationEventPublisher events,
      Clock clock,
      @Value("${recoup.promises.tolerance-days:3}") int toleranceDays) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.ledger = ledger;
    this.access = access;
    this.audit = audit;
    this.fx = fx;
    this.events = events;
    this.clock = clock;
    this.toleranceDays = toleranceDays;
  }

  /**
   * Records a promise. {@code requestKey} (a form token or the API's Idempotency-Key) makes a
   * repeat return the same promise; the same key with another promise is refused.
   */
  @Transactional
  public Promise make(AccountId id, NewPromise p, String requestKey) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (requestKey != null) {
      var existing = findByRequestKey(requestKey);
      if (existing.isPresent()) {
        Promise e = existing.get();
        if (!e.accountId().equals(id)
            || e.amount().amount().compareTo(p.amount()) != 0
            || !e.promisedOn().equals(p.promisedOn())) {
          throw new IllegalArgumentException(
              "Idempotency-Key: already used for another promise (#" + e.id() + ")");
        }
        return e;
      }
    }
    LocalDate today = LocalDate.now(clock);
    List<Invoice> open = ledger.invoices(id, true, 10_000);
    List<Invoice> chosen = new ArrayList<>();
    List<Long> ids = p.invoiceIds() == null ? List.of() : p.invoiceIds();
    for (Long invoiceId : ids) {
      chosen.add(
          open.stream()
              .filter(i -> i.id().value() == invoiceId)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "invoiceIds: invoice " + invoiceId + " is not open on this account")));
    }
    String currency =
        p.currency() != null && !p.currency().isBlank()
            ? p.currency().strip().toUpperCase(java.util.Locale.ROOT)
            : chosen.isEmpty() ? account.currency() : chosen.get(0).open().currencyCode();
    if (chosen.stream().anyMatch(i -> !i.open().currencyCode().equals(currency))) {
      throw new IllegalArgumentException("invoiceIds: all invoices must be in " + currency);
    }
    Money amount = money("amount", p.amount(), currency);
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("amount: must be positive");
    }
    List<Invoice> covered =
        chosen.isEmpty()
            ? open.stream().filter(i -> i.open().currencyCode().equals(currency)).toList()
            : chosen;
    Money owed = Money.zero(currency);
    for (Invoice i : covered) {
      owed = owed.plus(i.collectible());
    }
    if (amount.compareTo(owed) > 0) {
      throw new IllegalArgumentException(
          "amount: more than the " + owed + " open and not disputed on these items");
    }
    if (p.promisedOn().isBefore(today)) {
      throw new IllegalArgumentException("promisedOn: cannot be in the past");
    }
    if (p.promisedOn().isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
      throw new IllegalArgumentException(
          "promisedOn: at most " + MAX_DAYS_AHEAD + " days ahead; offer a payment plan instead");
    }
    String channel = p.channel() == null ? "" : p.channel().strip().toUpperCase();
    if (!CHANNELS.contains(channel)) {
      throw new IllegalArgumentException("channel: one of " + String.join(", ", CHANNELS));
    }
    String actor = access.currentActor().map(Actor::username).orElse("system");
    long promiseId =
        jdbc.sql(
                """
                insert into promise_to_pay (account_id, owner_id, currency, amount, made_on,
                  promised_on, tolerance_days, channel, contact_name, notes, made_by, request_key,
                  created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                id.value(),
                account.ownerId() == null ? null : account.ownerId().value(),
                currency,
                amount.amount(),
                today,
                p.promisedOn(),
                toleranceDays,
                channel,
                blankToNull(p.contactName()),
                blankToNull(p.notes()),
                actor,
                requestKey,
                OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC))
            .query(Long.class)
            .single();
    for (Invoice i : chosen) {
      jdbc.sql("insert into promise_invoice (promise_id, invoice_id) values (?, ?)")
          .params(promiseId, i.id().value())
          .update();
    }
    Promise made = find(promiseId).orElseThrow();
    audit.record("promise.made", "account", id.value(), null, made, null);
    return made;
  }

  /** Withdraws an open promise (recorded in error, or replaced by a plan). */
  @Transactional
  public Promise cancel(long promiseId, String reason) {
    Promise p = find(promiseId).orElseThrow(() -> new NoSuchPromise(promiseId));
    Account account = accounts.find(p.accountId()).orElseThrow();
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (p.status() != PromiseStatus.OPEN) {
      throw new IllegalArgumentException("status: only an open promise can be cancelled");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: say why the promise is cancelled");
    }
    jdbc.sql("update promise_to_pay set status = 'CANCELLED', evaluated_on = ? where id = ?")
        .params(LocalDate.now(clock), promiseId)
        .update();
    Promise after = find(promiseId).orElseThrow();
    audit.record("promise.cancelled", "account", p.accountId().value(), p, after, reason);
    return after;
  }

  /**
   * Judges every open promise as of a business date, in one statement: kept as soon as the payments
   * cover it; once the date plus the tolerance has passed, partially kept or broken. Payments count
   * from the day the promise was made: applied to its invoices, or, for a promise on the account as
   * a whole, received in its currency. Returns the promises that reached a verdict.
   */
  @Transactional
  public List<Promise> evaluate(LocalDate asOf) {
    record Verdict(long id, String status) {}
    List<Verdict> verdicts =
        jdbc.sql(
                """
                with paid as (
                  select p.id,
                    case when exists (select 1 from promise_invoice pi where pi.promise_id = p.id)
                      then (select coalesce(sum(a.amount), 0) from promise_invoice pi
                            join application a on a.invoice_id = pi.invoice_id
                            where pi.promise_id = p.id and a.payment_id is not null
                              and a.applied_on between p.made_on
                                  and least(p.promised_on + p.tolerance_days, cast(:asOf as date)))
                      else (select coalesce(sum(y.amount), 0) from payment y
                            where y.account_id = p.account_id and y.currency = p.currency
                              and y.value_date between p.made_on
                                  and least(p.promised_on + p.tolerance_days, cast(:asOf as date)))
                    end as paid
                  from promise_to_pay p where p.status = 'OPEN' and p.made_on <= :asOf),
                judged as (
                  select p.id, paid.paid,
                    case when paid.paid >= p.amount then 'KEPT'
                         when p.promised_on + p.tolerance_days < :asOf and paid.paid > 0 then 'PARTIALLY_KEPT'
                         when p.promised_on + p.tolerance_days < :asOf then 'BROKEN'
                         else 'OPEN' end as status
                  from promise_to_pay p join paid on paid.id = p.id)
                update promise_to_pay p
                set status = j.status, paid_amount = j.paid,
                    evaluated_on = case when j.status <> 'OPEN' then cast(:asOf as date) end
                from judged j where j.id = p.id
                returning p.id, p.status""")
            .param("asOf", asOf)
            .query((rs, n) -> new Verdict(rs.getLong(1), rs.getString(2)))
            .list();
    List<Promise> decided = new ArrayList<>();
    for (Verdict v : verdicts) {
      if (v.status().equals("OPEN")) {
        continue;
      }
      Promise p = find(v.id()).orElseThrow();
      decided.add(p);
      audit.recordAs(
          "system",
          "promise." + v.status().toLowerCase().replace('_', '-'),
          "account",
          p.accountId().value(),
          Map.of("promise", p.id(), "status", "OPEN"),
          Map.of("promise", p.id(), "status", p.status(), "paid", p.paid()),
          "judged from payments by " + p.deadline());
      if (p.status() == PromiseStatus.BROKEN || p.status() == PromiseStatus.PARTIALLY_KEPT) {
        events.publishEvent(
            new PromiseBroken(
                p.id(), p.accountId(), p.amount(), p.paid(), p.promisedOn(), p.status()));
      }
    }
    return decided;
  }

  public Optional<Promise> find(long id) {
    return jdbc.sql("select * from promise_to_pay where id = ?")
        .param(id)
        .query(this::promise)
        .optional()
        .map(this::withInvoices);
  }

  private Optional<Promise> findByRequestKey(String key) {
    return jdbc.sql("select * from promise_to_pay where request_key = ?")
        .param(key)
        .query(this::promise)
        .optional()
        .map(this::withInvoices);
  }

  /** An account's promises, newest first. */
  public List<Promise> forAccount(AccountId id) {
    return jdbc
        .sql("select * from promise_to_pay where account_id = ? order by promised_on desc, id desc")
        .param(id.value())
        .query(this::promise)
        .list()
        .stream()
        .map(this::withInvoices)
        .toList();
  }

  /** Open promises coming due from {@code from} to {@code to}, soonest first. */
  public List<Promise> dueBetween(LocalDate from, LocalDate to, int limit) {
    return jdbc.sql(
            """
            select * from promise_to_pay where status = 'OPEN' and promised_on between ? and ?
            order by promised_on, id limit ?""")
        .params(from, to, limit)
        .query(this::promise)
        .list();
  }

  /** Promises that reached a verdict other than kept since {@code since}, latest first. */
  public List<Promise> brokenSince(LocalDate since, int limit) {
    return jdbc.sql(
            """
            select * from promise_to_pay
            where status in ('BROKEN', 'PARTIALLY_KEPT') and evaluated_on >= ?
            order by evaluated_on desc, id desc limit ?""")
        .params(since, limit)
        .query(this::promise)
        .list();
  }

  /**
   * The promise-kept rate of promises that came due in [from, to]: by count (kept in full by the
   * date plus the tolerance ÷ came due) and by amount (paid, up to the promise, ÷ promised), the
   * amounts in the reporting currency at the rates of {@code to}.
   */
  public record KeptRate(
      String who,
      long cameDue,
      long kept,
      long partiallyKept,
      long broken,
      Money promised,
      Money paid) {

    public BigDecimal countRate() {
      return cameDue == 0
          ? null
          : BigDecimal.valueOf(kept * 100)
              .divide(BigDecimal.valueOf(cameDue), 1, RoundingMode.HALF_UP);
    }

    public BigDecimal amountRate() {
      return promised.isZero()
          ? null
          : paid.amount()
              .multiply(BigDecimal.valueOf(100))
              .divide(promised.amount(), 1, RoundingMode.HALF_UP);
    }
  }

  /** Kept rate per collector (the owner when the promise was made). */
  public List<KeptRate> keptRateByCollector(LocalDate from, LocalDate to) {
    Map<Long, String> names = new HashMap<>();
    access.users().forEach(u -> names.put(u.id().value(), u.displayName()));
    return keptRates("owner_id", "true", from, to, Map.of()).entrySet().stream()
        .map(
            e ->
                rename(
                    e.getValue(),
                    e.getKey() == null ? "(unassigned)" : names.getOrDefault(e.getKey(), "?")))
        .sorted(java.util.Comparator.comparing(KeptRate::who))
        .toList();
  }

  /** One customer's kept rate over its whole history. */
  public KeptRate keptRateOf(AccountId account) {
    var rates =
        keptRates(
            "account_id",
            "account_id = :account",
            LocalDate.of(1970, 1, 1),
            LocalDate.now(clock),
            Map.of("account", account.value()));
    return rename(
        rates.getOrDefault(
            account.value(),
            new KeptRate(
                "",
                0,
                0,
                0,
                0,
                Money.zero(fx.reportingCurrency()),
                Money.zero(fx.reportingCurrency()))),
        "customer");
  }

  private static KeptRate rename(KeptRate r, String who) {
    return new KeptRate(
        who, r.cameDue(), r.kept(), r.partiallyKept(), r.broken(), r.promised(), r.paid());
  }

  private Map<Long, KeptRate> keptRates(
      String by, String filter, LocalDate from, LocalDate to, Map<String, Object> params) {
    var rates = fx.ratesOn(to);
    String rc = fx.reportingCurrency();
    Map<Long, KeptRate> out = new LinkedHashMap<>();
    jdbc.sql(
            """
            select %1$s as who, currency,
                   count(*) as came_due,
                   count(*) filter (where status = 'KEPT') as kept,
                   count(*) filter (where status = 'PARTIALLY_KEPT') as partial,
                   count(*) filter (where status = 'BROKEN') as broken,
                   sum(amount) as promised, sum(least(paid_amount, amount)) as paid
            from promise_to_pay
            where status in ('KEPT', 'PARTIALLY_KEPT', 'BROKEN')
              and promised_on between :from and :to and %2$s
            group by %1$s, currency"""
                .formatted(by, filter))
        .param("from", from)
        .param("to", to)
        .params(params)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  Long who = rs.getObject("who") == null ? null : rs.getLong("who");
                  String c = rs.getString("currency");
                  Money promised =
                      fx.toReporting(Money.ofStored(rs.getBigDecimal("promised"), c), rates)
                          .orElseThrow(() -> new IllegalStateException("No FX rate for " + c));
                  Money paid =
                      fx.toReporting(Money.ofStored(rs.getBigDecimal("paid"), c), rates)
                          .orElseThrow(() -> new IllegalStateException("No FX rate for " + c));
                  KeptRate add =
                      new KeptRate(
                          "",
                          rs.getLong("came_due"),
                          rs.getLong("kept"),
                          rs.getLong("partial"),
                          rs.getLong("broken"),
                          promised,
                          paid);
                  out.merge(
                      who,
                      add,
                      (a, b) ->
                          new KeptRate(
                              "",
                              a.cameDue() + b.cameDue(),
                              a.kept() + b.kept(),
                              a.partiallyKept() + b.partiallyKept(),
                              a.broken() + b.broken(),
                              a.promised().plus(b.promised()),
                              a.paid().plus(b.paid())));
                });
    return out;
  }

  public static class NoSuchPromise extends dev.recoup.shared.NoSuchRecord {
    public NoSuchPromise(long id) {
      super("No promise " + id);
    }
  }

  private Promise withInvoices(Promise p) {
    List<InvoiceId> ids =
        jdbc.sql("select invoice_id from promise_invoice where promise_id = ? order by invoice_id")
            .param(p.id())
            .query((rs, n) -> new InvoiceId(rs.getLong(1)))
            .list();
    return new Promise(
        p.id(),
        p.accountId(),
        p.amount(),
        p.madeOn(),
        p.promisedOn(),
        p.toleranceDays(),
        p.channel(),
        p.contactName(),
        p.notes(),
        p.status(),
        p.paid(),
        p.evaluatedOn(),
        p.madeBy(),
        p.createdAt(),
        ids);
  }

  private Promise promise(ResultSet rs, int n) throws SQLException {
    String c = rs.getString("currency");
    return new Promise(
        rs.getLong("id"),
        new AccountId(rs.getLong("account_id")),
        Money.ofStored(rs.getBigDecimal("amount"), c),
        rs.getObject("made_on", LocalDate.class),
        rs.getObject("promised_on", LocalDate.class),
        rs.getInt("tolerance_days"),
        rs.getString("channel"),
        rs.getString("contact_name"),
        rs.getString("notes"),
        PromiseStatus.valueOf(rs.getString("status")),
        Money.ofStored(rs.getBigDecimal("paid_amount"), c),
        rs.getObject("evaluated_on", LocalDate.class),
        rs.getString("made_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        List.of());
  }

  /** An amount as entered, in a currency: too many decimals is an error, not a rounding. */
  static Money money(String field, BigDecimal amount, String currency) {
    Objects.requireNonNull(amount, field);
    try {
      return Money.of(amount, currency);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(field + ": too many decimals for " + currency);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
