package dev.recoup.promises;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
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
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payment plans within policy. Proposing a plan checks the policy's hard limits (term, down
 * payment), works out which approver its size and term require and says why, and splits the
 * schedule to the cent. A plan within the proposer's own authority stands at once; otherwise it
 * waits for someone else with the authority (segregation of duties). Active plans are tracked from
 * payments each business day; a missed instalment publishes {@link PaymentPlanBroken}.
 */
@Service
public class PaymentPlans {

  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final Ledger ledger;
  private final Access access;
  private final AuditTrail audit;
  private final FxRates fx;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  PaymentPlans(
      JdbcClient jdbc,
      Accounts accounts,
      Ledger ledger,
      Access access,
      AuditTrail audit,
      FxRates fx,
      ApplicationEventPublisher events,
      Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.ledger = ledger;
    this.access = access;
    this.audit = audit;
    this.fx = fx;
    this.events = events;
    this.clock = clock;
  }

  /** Approval authority: a lead may approve what a collector may, a manager what a lead may. */
  static int authority(Role role) {
    return switch (role) {
      case COLLECTOR -> 1;
      case LEAD -> 2;
      case MANAGER -> 3;
      default -> 0; // admins administer, auditors read, systems and resolvers do not approve
    };
  }

  /** The most specific policy for an account: entity and segment, entity, segment, default. */
  public PlanPolicy policyFor(Account account) {
    return jdbc.sql(
            """
            select * from plan_policy
            where (entity_code is null or entity_code = ?) and (segment is null or segment = ?)
            order by (entity_code is not null)::int * 2 + (segment is not null)::int desc limit 1""")
        .params(accounts.entitiesById().get(account.entityId()).code(), account.segment())
        .query(PaymentPlans::policy)
        .optional()
        .orElseThrow(() -> new IllegalStateException("No payment plan policy configured"));
  }

  public List<PlanPolicy> policies() {
    return jdbc.sql(
            "select * from plan_policy order by entity_code nulls first, segment nulls first")
        .query(PaymentPlans::policy)
        .list();
  }

  /** What the policy says about a proposal, before anything is stored. */
  public record Assessment(
      PlanPolicy policy,
      Money financed,
      Money fee,
      Money financedInReporting,
      Role requiredRole,
      String rule,
      List<PlanSchedule.Line> schedule) {}

  /**
   * Checks a proposal against the policy: hard limits are field errors; the size and term decide
   * the approver, with the rule in words.
   */
  @Transactional(readOnly = true)
  public Assessment assess(AccountId id, NewPlan p) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    PlanPolicy policy = policyFor(account);
    List<Invoice> open = ledger.invoices(id, true, 10_000);
    if (p.invoiceIds() == null || p.invoiceIds().isEmpty()) {
      throw new IllegalArgumentException("invoiceIds: choose the invoices the plan covers");
    }
    List<Invoice> chosen = new ArrayList<>();
    for (Long invoiceId : new java.util.LinkedHashSet<>(p.invoiceIds())) {
      Invoice i =
          open.stream()
              .filter(x -> x.id().value() == invoiceId)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "invoiceIds: invoice " + invoiceId + " is not open on this account"));
      if (!i.collectible().isPositive()) {
        throw new IllegalArgumentException(
            "invoiceIds: invoice " + i.number() + " is wholly under dispute");
      }
      chosen.add(i);
    }
    String currency = chosen.get(0).open().currencyCode();
    if (chosen.stream().anyMatch(i -> !i.open().currencyCode().equals(currency))) {
      throw new IllegalArgumentException("invoiceIds: a plan is in one currency");
    }
    Money financed = Money.zero(currency);
    for (Invoice i : chosen) {
      financed = financed.plus(i.collectible());
    }
    if (p.months() == null || p.months() < 1) {
      throw new IllegalArgumentException("months: at least 1");
    }
    if (p.months() > policy.maxMonths()) {
      throw new IllegalArgumentException(
          "months: the policy allows at most " + policy.maxMonths() + " months");
    }
    Money down = Promises.money("downPayment", p.downPayment(), currency);
    if (down.isNegative() || down.compareTo(financed) >= 0) {
      throw new IllegalArgumentException(
          "downPayment: between 0 and less than the " + financed + " financed");
    }
    Money minimum =
        Money.rounded(
            financed
                .amount()
                .multiply(policy.minDownPaymentPct())
                .divide(BigDecimal.valueOf(100), 10, RoundingMode.UNNECESSARY),
            currency,
            RoundingMode.UP);
    if (down.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "downPayment: the policy requires at least "
              + minimum
              + " ("
              + policy.minDownPaymentPct().stripTrailingZeros().toPlainString()
              + "% of "
              + financed
              + ")");
    }
    LocalDate today = LocalDate.now(clock);
    if (p.firstDueOn() == null
        || p.firstDueOn().isBefore(today)
        || p.firstDueOn().isAfter(today.plusDays(60))) {
      throw new IllegalArgumentException(
          "firstDueOn: the first instalment falls within the next 60 days");
    }
    Money fee =
        Money.rounded(
            financed
                .amount()
                .multiply(policy.feePct())
                .divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_UP),
            currency,
            RoundingMode.HALF_UP);
    Money inReporting =
        fx.toReporting(financed, fx.ratesOn(today))
            .orElseThrow(() -> new IllegalStateException("No FX rate for " + currency));
    BigDecimal rc = inReporting.amount();
    int months = p.months();
    String limits = "";
    Role required;
    if (months <= policy.collectorMaxMonths() && rc.compareTo(policy.collectorMaxAmount()) <= 0) {
      required = Role.COLLECTOR;
      limits =
          "within a collector's authority ("
              + policy.collectorMaxMonths()
              + " months, "
              + reporting(policy.collectorMaxAmount())
              + ")";
    } else if (months <= policy.leadMaxMonths() && rc.compareTo(policy.leadMaxAmount()) <= 0) {
      required = Role.LEAD;
      limits =
          beyondCollector(policy, months, rc)
              + "; within a lead's ("
              + policy.leadMaxMonths()
              + " months, "
              + reporting(policy.leadMaxAmount())
              + "): a lead approves";
    } else {
      required = Role.MANAGER;
      limits =
          (months > policy.leadMaxMonths()
                  ? months + " months is beyond a lead's " + policy.leadMaxMonths()
                  : reporting(rc) + " is beyond a lead's " + reporting(policy.leadMaxAmount()))
              + ": the manager approves";
    }
    var schedule = PlanSchedule.of(financed, down, fee, months, today, p.firstDueOn());
    return new Assessment(policy, financed, fee, inReporting, required, limits, schedule);
  }

  private String beyondCollector(PlanPolicy policy, int months, BigDecimal rc) {
    return months > policy.collectorMaxMonths()
        ? months + " months is beyond a collector's " + policy.collectorMaxMonths()
        : reporting(rc) + " is beyond a collector's " + reporting(policy.collectorMaxAmount());
  }

  private String reporting(BigDecimal amount) {
    return fx.reportingCurrency()
        + " "
        + NumberFormat.getIntegerInstance(Locale.US)
            .format(amount.setScale(0, RoundingMode.HALF_UP));
  }

  /**
   * Proposes a plan. {@code requestKey} makes a repeat return the same plan. Within the proposer's
   * own authority the plan is active at once; otherwise it waits for approval.
   */
  @Transactional
  public PaymentPlan propose(AccountId id, NewPlan p, String requestKey) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (requestKey != null) {
      Optional<Long> existing =
          jdbc.sql("select id from payment_plan where request_key = ?")
              .param(requestKey)
              .query(Long.class)
              .optional();
      if (existing.isPresent()) {
        PaymentPlan e = find(existing.get()).orElseThrow();
        if (!e.accountId().equals(id)
            || e.months() != p.months()
            || e.downPayment().amount().compareTo(p.downPayment()) != 0) {
          throw new IllegalArgumentException(
              "Idempotency-Key: already used for another plan (#" + e.id() + ")");
        }
        return e;
      }
    }
    List<String> busy =
        jdbc.sql(
                """
                select distinct i.number from plan_invoice pi
                join payment_plan pl on pl.id = pi.plan_id join invoice i on i.id = pi.invoice_id
                where pl.status in ('PROPOSED', 'ACTIVE') and pi.invoice_id = any(?)
                order by i.number""")
            .param(p.invoiceIds().toArray(Long[]::new))
            .query(String.class)
            .list();
    if (!busy.isEmpty()) {
      throw new IllegalArgumentException(
          "invoiceIds: already in a plan: " + String.join(", ", busy));
    }
    Assessment a = assess(id, p);
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in"));
    boolean withinOwnAuthority = authority(me.role()) >= authority(a.requiredRole());
    Instant now = Instant.now(clock);
    LocalDate today = LocalDate.now(clock);
    long planId =
        jdbc.sql(
                """
                insert into payment_plan (account_id, policy_id, currency, financed_amount,
                  down_payment, fee, months, first_due_on, status, required_role, approval_rule,
                  proposed_by, proposed_at, decided_by, decided_at, decision_note, active_from,
                  request_key)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                id.value(),
                a.policy().id(),
                a.financed().currencyCode(),
                a.financed().amount(),
                p.downPayment(),
                a.fee().amount(),
                p.months(),
                p.firstDueOn(),
                withinOwnAuthority ? "ACTIVE" : "PROPOSED",
                a.requiredRole().name(),
                a.rule(),
                me.username(),
                at(now),
                withinOwnAuthority ? me.username() : null,
                withinOwnAuthority ? at(now) : null,
                withinOwnAuthority ? "within the proposer's own authority" : null,
                withinOwnAuthority ? today : null,
                requestKey)
            .query(Long.class)
            .single();
    for (Long invoiceId : new java.util.LinkedHashSet<>(p.invoiceIds())) {
      jdbc.sql("insert into plan_invoice (plan_id, invoice_id) values (?, ?)")
          .params(planId, invoiceId)
          .update();
    }
    for (PlanSchedule.Line l : a.schedule()) {
      jdbc.sql("insert into plan_instalment (plan_id, seq, due_on, amount) values (?, ?, ?, ?)")
          .params(planId, l.seq(), l.dueOn(), l.amount().amount())
          .update();
    }
    PaymentPlan plan = find(planId).orElseThrow();
    audit.record("plan.proposed", "payment-plan", planId, null, plan, p.notes());
    if (plan.status() == PlanStatus.ACTIVE) {
      events.publishEvent(new PaymentPlanAgreed(planId, id));
    }
    return plan;
  }

  /**
   * Approves or rejects a proposed plan. The approver needs the authority the policy requires and
   * may not be the one who proposed it.
   */
  @Transactional
  public PaymentPlan decide(long planId, boolean approve, String note) {
    PaymentPlan plan = find(planId).orElseThrow(() -> new NoSuchPlan(planId));
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in"));
    // Who may decide first, then whether anything is left to decide.
    if (me.username().equals(plan.proposedBy())) {
      throw new AccessDeniedException("Who proposed a plan cannot approve it");
    }
    if (authority(me.role()) < authority(plan.requiredRole())) {
      throw new AccessDeniedException(
          "This plan needs a " + plan.requiredRole().name().toLowerCase() + "'s approval");
    }
    Account account = accounts.find(plan.accountId()).orElseThrow();
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (plan.status() != PlanStatus.PROPOSED) {
      throw new IllegalArgumentException(
          "status: the plan is " + plan.status().name().toLowerCase());
    }
    if (!approve && (note == null || note.isBlank())) {
      throw new IllegalArgumentException("note: say why the plan is rejected");
    }
    Instant now = Instant.now(clock);
    jdbc.sql(
            """
            update payment_plan set status = ?, decided_by = ?, decided_at = ?, decision_note = ?,
              active_from = ?, ended_on = ? where id = ?""")
        .params(
            approve ? "ACTIVE" : "REJECTED",
            me.username(),
            at(now),
            note == null || note.isBlank() ? null : note.strip(),
            approve ? LocalDate.now(clock) : null,
            approve ? null : LocalDate.now(clock),
            planId)
        .update();
    PaymentPlan after = find(planId).orElseThrow();
    audit.record(
        approve ? "plan.approved" : "plan.rejected",
        "payment-plan",
        planId,
        Map.of("status", plan.status()),
        Map.of("status", after.status(), "rule", plan.approvalRule()),
        note);
    if (approve) {
      events.publishEvent(new PaymentPlanAgreed(planId, plan.accountId()));
    }
    return after;
  }

  /**
   * Ends a proposed or active plan by agreement (replaced, paid off otherwise, entered in error).
   */
  @Transactional
  public PaymentPlan cancel(long planId, String reason) {
    PaymentPlan plan = find(planId).orElseThrow(() -> new NoSuchPlan(planId));
    Account account = accounts.find(plan.accountId()).orElseThrow();
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (plan.status() != PlanStatus.PROPOSED && plan.status() != PlanStatus.ACTIVE) {
      throw new IllegalArgumentException(
          "status: the plan is " + plan.status().name().toLowerCase());
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: say why the plan is cancelled");
    }
    jdbc.sql("update payment_plan set status = 'CANCELLED', ended_on = ? where id = ?")
        .params(LocalDate.now(clock), planId)
        .update();
    PaymentPlan after = find(planId).orElseThrow();
    audit.record(
        "plan.cancelled",
        "payment-plan",
        planId,
        Map.of("status", plan.status()),
        Map.of("status", after.status()),
        reason);
    return after;
  }

  /**
   * Tracks every active plan as of a business date, set-based: payments applied to the plan's
   * invoices since it became active (and unapplied cash received since, which pays a fee the ERP
   * has not invoiced yet) fill the instalments in order; an instalment unpaid past its date plus
   * the policy's tolerance breaks the plan; a fully paid schedule completes it. Returns the plans
   * broken.
   */
  @Transactional
  public List<PaymentPlanBroken> evaluate(LocalDate asOf) {
    jdbc.sql(
            """
            with paid as (
              select p.id,
                coalesce((select sum(a.amount) from plan_invoice pi
                          join application a on a.invoice_id = pi.invoice_id
                          where pi.plan_id = p.id and a.payment_id is not null
                            and a.applied_on between p.active_from and :asOf), 0)
                + coalesce((select sum(y.unapplied_amount) from payment y
                            where y.account_id = p.account_id and y.currency = p.currency
                              and y.value_date between p.active_from and :asOf), 0) as paid,
                pol.tolerance_days
              from payment_plan p join plan_policy pol on pol.id = p.policy_id
              where p.status = 'ACTIVE'),
            cum as (
              select i.plan_id, i.seq, i.amount, i.due_on,
                     sum(i.amount) over (partition by i.plan_id order by i.seq) as upto
              from plan_instalment i join paid on paid.id = i.plan_id)
            update plan_instalment i
            set paid_amount = greatest(0, least(c.amount, paid.paid - (c.upto - c.amount))),
                status = case when paid.paid >= c.upto then 'PAID'
                              when c.due_on + paid.tolerance_days < :asOf then 'MISSED'
                              else 'DUE' end
            from cum c join paid on paid.id = c.plan_id
            where i.plan_id = c.plan_id and i.seq = c.seq""")
        .param("asOf", asOf)
        .update();
    List<Long> completed =
        jdbc.sql(
                """
                update payment_plan p set status = 'COMPLETED', ended_on = :asOf
                where p.status = 'ACTIVE'
                  and not exists (select 1 from plan_instalment i where i.plan_id = p.id and i.status <> 'PAID')
                returning p.id""")
            .param("asOf", asOf)
            .query(Long.class)
            .list();
    for (long id : completed) {
      audit.recordAs(
          "system",
          "plan.completed",
          "payment-plan",
          id,
          Map.of("status", PlanStatus.ACTIVE),
          Map.of("status", PlanStatus.COMPLETED),
          "every instalment paid");
    }
    List<PaymentPlanBroken> broken =
        jdbc.sql(
                """
                with b as (
                  update payment_plan p set status = 'BROKEN', ended_on = :asOf
                  where p.status = 'ACTIVE'
                    and exists (select 1 from plan_instalment i where i.plan_id = p.id and i.status = 'MISSED')
                  returning p.id, p.account_id, p.currency)
                select b.id, b.account_id, b.currency, m.seq, m.amount - m.paid_amount as missed, m.due_on
                from b join lateral (
                  select * from plan_instalment i where i.plan_id = b.id and i.status = 'MISSED'
                  order by i.seq limit 1) m on true""")
            .param("asOf", asOf)
            .query(
                (rs, n) ->
                    new PaymentPlanBroken(
                        rs.getLong("id"),
                        new AccountId(rs.getLong("account_id")),
                        rs.getInt("seq"),
                        Money.ofStored(rs.getBigDecimal("missed"), rs.getString("currency")),
                        rs.getObject("due_on", LocalDate.class)))
            .list();
    for (PaymentPlanBroken b : broken) {
      audit.recordAs(
          "system",
          "plan.broken",
          "payment-plan",
          b.planId(),
          Map.of("status", PlanStatus.ACTIVE),
          Map.of("status", PlanStatus.BROKEN, "missed", b.missed(), "instalment", b.instalment()),
          "instalment " + b.instalment() + " due " + b.dueOn() + " not paid");
      events.publishEvent(b);
    }
    return broken;
  }

  /** Records that the agreement went out to the customer (the outbox message). */
  @Transactional
  void agreementSent(long planId, long messageId) {
    jdbc.sql("update payment_plan set agreement_message_id = ? where id = ?")
        .params(messageId, planId)
        .update();
    audit.record(
        "plan.agreement-sent", "payment-plan", planId, null, Map.of("message", messageId), null);
  }

  public Optional<PaymentPlan> find(long id) {
    return jdbc.sql("select * from payment_plan where id = ?")
        .param(id)
        .query(this::plan)
        .optional()
        .map(this::withDetails);
  }

  /** An account's plans, newest first. */
  public List<PaymentPlan> forAccount(AccountId id) {
    return jdbc
        .sql("select * from payment_plan where account_id = ? order by id desc")
        .param(id.value())
        .query(this::plan)
        .list()
        .stream()
        .map(this::withDetails)
        .toList();
  }

  /** Plans in a status, oldest first (the approval queue is the proposed ones). */
  public List<PaymentPlan> withStatus(PlanStatus status, int limit) {
    return jdbc
        .sql("select * from payment_plan where status = ? order by proposed_at, id limit ?")
        .params(status.name(), limit)
        .query(this::plan)
        .list()
        .stream()
        .map(this::withDetails)
        .toList();
  }

  /** Whether the signed-in person may decide this plan (for showing the buttons). */
  public boolean mayDecide(PaymentPlan plan) {
    return plan.status() == PlanStatus.PROPOSED
        && access
            .currentActor()
            .map(
                me ->
                    !me.username().equals(plan.proposedBy())
                        && authority(me.role()) >= authority(plan.requiredRole()))
            .orElse(false);
  }

  public static class NoSuchPlan extends dev.recoup.shared.NoSuchRecord {
    public NoSuchPlan(long id) {
      super("No payment plan " + id);
    }
  }

  private PaymentPlan withDetails(PaymentPlan p) {
    List<InvoiceId> invoices =
        jdbc.sql("select invoice_id from plan_invoice where plan_id = ? order by invoice_id")
            .param(p.id())
            .query((rs, n) -> new InvoiceId(rs.getLong(1)))
            .list();
    String c = p.financed().currencyCode();
    List<PaymentPlan.Instalment> instalments =
        jdbc.sql("select * from plan_instalment where plan_id = ? order by seq")
            .param(p.id())
            .query(
                (rs, n) ->
                    new PaymentPlan.Instalment(
                        rs.getInt("seq"),
                        rs.getObject("due_on", LocalDate.class),
                        Money.ofStored(rs.getBigDecimal("amount"), c),
                        Money.ofStored(rs.getBigDecimal("paid_amount"), c),
                        rs.getString("status")))
            .list();
    return new PaymentPlan(
        p.id(),
        p.accountId(),
        p.policyId(),
        p.financed(),
        p.downPayment(),
        p.fee(),
        p.months(),
        p.firstDueOn(),
        p.status(),
        p.requiredRole(),
        p.approvalRule(),
        p.proposedBy(),
        p.proposedAt(),
        p.decidedBy(),
        p.decidedAt(),
        p.decisionNote(),
        p.activeFrom(),
        p.endedOn(),
        p.agreementMessageId(),
        invoices,
        instalments);
  }

  private PaymentPlan plan(ResultSet rs, int n) throws SQLException {
    String c = rs.getString("currency");
    OffsetDateTime decided = rs.getObject("decided_at", OffsetDateTime.class);
    long message = rs.getLong("agreement_message_id");
    boolean noMessage = rs.wasNull();
    return new PaymentPlan(
        rs.getLong("id"),
        new AccountId(rs.getLong("account_id")),
        rs.getLong("policy_id"),
        Money.ofStored(rs.getBigDecimal("financed_amount"), c),
        Money.ofStored(rs.getBigDecimal("down_payment"), c),
        Money.ofStored(rs.getBigDecimal("fee"), c),
        rs.getInt("months"),
        rs.getObject("first_due_on", LocalDate.class),
        PlanStatus.valueOf(rs.getString("status")),
        Role.valueOf(rs.getString("required_role")),
        rs.getString("approval_rule"),
        rs.getString("proposed_by"),
        rs.getObject("proposed_at", OffsetDateTime.class).toInstant(),
        rs.getString("decided_by"),
        decided == null ? null : decided.toInstant(),
        rs.getString("decision_note"),
        rs.getObject("active_from", LocalDate.class),
        rs.getObject("ended_on", LocalDate.class),
        noMessage ? null : message,
        List.of(),
        List.of());
  }

  private static PlanPolicy policy(ResultSet rs, int n) throws SQLException {
    return new PlanPolicy(
        rs.getLong("id"),
        rs.getString("entity_code"),
        rs.getString("segment"),
        rs.getInt("max_months"),
        rs.getBigDecimal("min_down_payment_pct"),
        rs.getBigDecimal("fee_pct"),
        rs.getInt("collector_max_months"),
        rs.getBigDecimal("collector_max_amount"),
        rs.getInt("lead_max_months"),
        rs.getBigDecimal("lead_max_amount"),
        rs.getInt("tolerance_days"));
  }

  private static OffsetDateTime at(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
