package dev.recoup.disputes;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.FxRates;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.ledger.Postings;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The disputes module's entry point. A dispute is raised on invoices of an account (by its
 * collector, a lead or above, or a system), routed by its reason code to an owner who may sit
 * outside collections, worked through its statuses against an SLA, and resolved with a credit memo,
 * a partial credit, a rebill or a rejection. While it is open, its amounts are disputed in the
 * ledger (not collectible, no dunning); resolving it credits through the ledger and makes the rest
 * collectible again. A resolver (billing, sales, support) sees and works only the disputes routed
 * to it.
 */
@Service
@Transactional(readOnly = true)
public class Disputes {

  private final DisputeRecords records;
  private final DisputeReasons reasons;
  private final DisputeStatistics statistics;
  private final Accounts accounts;
  private final Access access;
  private final Postings postings;
  private final AuditTrail audit;
  private final FxRates fx;
  private final ApplicationEventPublisher events;
  private final JdbcClient jdbc;
  private final Clock clock;

  Disputes(
      DisputeRecords records,
      DisputeReasons reasons,
      DisputeStatistics statistics,
      Accounts accounts,
      Access access,
      Postings postings,
      AuditTrail audit,
      FxRates fx,
      ApplicationEventPublisher events,
      JdbcClient jdbc,
      Clock clock) {
    this.records = records;
    this.reasons = reasons;
    this.statistics = statistics;
    this.accounts = accounts;
    this.access = access;
    this.postings = postings;
    this.audit = audit;
    this.fx = fx;
    this.events = events;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A raised dispute, and whether this call raised it (false: the same request came again). */
  public record Raised(Dispute dispute, boolean created) {}

  /**
   * Raises a dispute on invoices of an account. {@code requestKey} (an API Idempotency-Key or a
   * page's form token) or the request's client reference makes a repeated request return the
   * dispute it raised the first time; the same key with a different request is refused.
   */
  @Transactional
  public Raised raise(AccountId accountId, NewDispute request, String requestKey) {
    Actor me = actor();
    Account account =
        accounts.find(accountId).orElseThrow(() -> new Accounts.NoSuchAccount(accountId));
    if (me.is(Role.RESOLVER) || me.is(Role.AUDITOR)) {
      throw new AccessDeniedException("Disputes are raised by collections");
    }
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    String key = idempotencyKey(accountId, request, requestKey);
    String fingerprint = fingerprint(accountId, request);
    if (key != null) {
      var earlier = records.byIdempotencyKey(key);
      if (earlier.isPresent()) {
        if (!fingerprint.equals(earlier.get().fingerprint())) {
          throw new IllegalArgumentException(
              "idempotencyKey: already used for dispute #"
                  + earlier.get().id()
                  + ", which contests something else");
        }
        return new Raised(get(new DisputeId(earlier.get().id())), false);
      }
    }
    DisputeReason reason = requireReason(request.reason());
    String notes = trimmed(request.notes(), 4000, "notes");
    if (request.invoices() == null || request.invoices().isEmpty()) {
      throw new IllegalArgumentException("invoices: choose at least one invoice");
    }
    Set<Long> ids = new HashSet<>();
    for (NewDispute.Item item : request.invoices()) {
      if (item == null || item.invoiceId() == null) {
        throw new IllegalArgumentException("invoices: name each invoice by its id");
      }
      if (!ids.add(item.invoiceId())) {
        throw new IllegalArgumentException("invoices: an invoice is named twice");
      }
    }
    Map<Long, DisputeRecords.InvoiceState> invoices = records.invoicesForUpdate(ids);
    Map<InvoiceId, Money> contested = new LinkedHashMap<>();
    String currency = null;
    for (NewDispute.Item item : request.invoices()) {
      DisputeRecords.InvoiceState inv = invoices.get(item.invoiceId());
      if (inv == null) {
        throw new IllegalArgumentException("invoices: there is no invoice " + item.invoiceId());
      }
      if (inv.accountId() != accountId.value()) {
        throw new IllegalArgumentException(
            "invoices: " + inv.number() + " is not an invoice of this account");
      }
      if (!inv.open().isPositive()) {
        throw new IllegalArgumentException(
            "invoices: " + inv.number() + " is settled; nothing is left to dispute");
      }
      if (currency != null && !currency.equals(inv.open().currencyCode())) {
        throw new IllegalArgumentException(
            "invoices: one dispute contests invoices of one currency");
      }
      currency = inv.open().currencyCode();
      Money collectible = inv.collectible();
      if (!collectible.isPositive()) {
        throw new IllegalArgumentException(
            "invoices: " + inv.number() + " is already disputed in full");
      }
      Money amount = item.amount() == null ? collectible : money(item.amount(), currency, "amount");
      if (!amount.isPositive()) {
        throw new IllegalArgumentException("amount: must be more than zero");
      }
      if (amount.compareTo(collectible) > 0) {
        throw new IllegalArgumentException(
            "amount: "
                + amount.plain()
                + " is more than the "
                + collectible.plain()
                + " "
                + currency
                + " still collectible on "
                + inv.number());
      }
      contested.put(inv.id(), amount);
    }
    Money total = contested.values().stream().reduce(Money.zero(currency), Money::plus);
    Routing routing = route(reason, account);
    LocalDate today = today();
    long id =
        records.insert(
            new DisputeRecords.NewRow(
                accountId.value(),
                reason.code(),
                reason.team(),
                routing.ownerId(),
                total,
                notes,
                me.username(),
                Instant.now(clock),
                today,
                today.plusDays(reason.slaDays()),
                key,
                fingerprint));
    contested.forEach((invoice, amount) -> records.insertInvoice(id, invoice, amount));
    for (InvoiceId invoice : contested.keySet()) {
      syncLedger(invoice, "dispute #" + id + " opened");
    }
    Dispute raised = get(new DisputeId(id));
    audit.record("dispute.opened", "dispute", id, null, snapshot(raised), routing.note());
    events.publishEvent(
        new DisputeOpened(
            raised.id(),
            accountId,
            reason.code(),
            total,
            Map.copyOf(contested),
            raised.ownerUsername(),
            raised.slaDueOn()));
    return new Raised(raised, true);
  }

  /**
   * Moves an open dispute between open, in review and waiting on the customer. Its owner does it,
   * or a lead, manager or admin. Resolved and rejected are reached through {@link #resolve}. Moving
   * it to where it already is changes nothing.
   */
  @Transactional
  public Dispute changeStatus(DisputeId id, DisputeStatus to, String note) {
    Dispute d = lockForWork(id);
    if (to == null) {
      throw new IllegalArgumentException("status: choose a status");
    }
    if (!to.isOpen()) {
      throw new IllegalArgumentException(
          "status: resolve it with a resolution (credit memo, partial, rebill or rejected)");
    }
    requireOpen(d);
    if (d.status() == to) {
      return d;
    }
    records.changeStatus(id.value(), to);
    audit.record(
        "dispute.status-changed",
        "dispute",
        id.value(),
        Map.of("status", d.status()),
        Map.of("status", to),
        trimmed(note, 1000, "note"));
    return get(id);
  }

  /** Hands an open dispute to someone else. Its owner does it, or a lead, manager or admin. */
  @Transactional
  public Dispute reassign(DisputeId id, String toUsername, String reason) {
    Dispute d = lockForWork(id);
    requireOpen(d);
    User to =
        Optional.ofNullable(toUsername)
            .filter(u -> !u.isBlank())
            .flatMap(u -> access.user(u.trim()))
            .filter(User::enabled)
            .filter(u -> WORKERS.contains(u.role()))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "username: no person '" + toUsername + "' who works disputes"));
    if (to.username().equals(d.ownerUsername())) {
      return d;
    }
    records.changeOwner(id.value(), to.id().value());
    audit.record(
        "dispute.reassigned",
        "dispute",
        id.value(),
        Map.of("owner", String.valueOf(d.ownerUsername())),
        Map.of("owner", to.username()),
        trimmed(reason, 1000, "reason"));
    return get(id);
  }

  /**
   * Resolves an open dispute (its owner, or a lead, manager or admin). A credit memo or a rebill
   * credits the whole disputed amount; a partial resolution credits {@code creditAmount} and makes
   * the rest collectible again; a rejection credits nothing. The credit memo is issued in the
   * ledger and applied to the disputed invoices (what an invoice no longer has open stays a credit
   * balance on the account); the disputed amounts are cleared.
   */
  @Transactional
  public Dispute resolve(DisputeId id, ResolutionRequest r) {
    Dispute d = lockForWork(id);
    if (r == null || r.outcome() == null) {
      throw new IllegalArgumentException(
          "outcome: choose credit memo, partial, rebill or rejected");
    }
    requireOpen(d);
    String rootCause = trimmed(r.rootCause(), 4000, "rootCause");
    if (rootCause == null) {
      throw new IllegalArgumentException("rootCause: say what caused the dispute");
    }
    String ticketUrl = ticketUrl(r.ticketUrl());
    String currency = d.amount().currencyCode();
    Money credit =
        switch (r.outcome()) {
          case CREDIT_MEMO, REBILL -> d.amount();
          case REJECTED -> {
            if (r.creditAmount() != null && r.creditAmount().signum() != 0) {
              throw new IllegalArgumentException(
                  "creditAmount: a rejection credits nothing; choose partial to credit part");
            }
            yield Money.zero(currency);
          }
          case PARTIAL -> {
            if (r.creditAmount() == null) {
              throw new IllegalArgumentException("creditAmount: how much is credited");
            }
            Money c = money(r.creditAmount(), currency, "creditAmount");
            if (!c.isPositive() || c.compareTo(d.amount()) >= 0) {
              throw new IllegalArgumentException(
                  "creditAmount: more than zero and less than the disputed "
                      + d.amount().plain()
                      + " "
                      + currency
                      + " (a credit memo credits all of it)");
            }
            yield c;
          }
        };
    String rebill = null;
    if (r.outcome() == Resolution.REBILL) {
      rebill = trimmed(r.rebillInvoice(), 64, "rebillInvoice");
      if (rebill == null) {
        throw new IllegalArgumentException("rebillInvoice: the number of the corrected invoice");
      }
    }
    Actor me = actor();
    LocalDate today = today();
    records.resolve(
        id.value(),
        r.outcome(),
        credit,
        rebill,
        rootCause,
        ticketUrl,
        me.username(),
        Instant.now(clock),
        today);
    // The credit goes to the invoices in due-date order, each up to its disputed part.
    Map<InvoiceId, Money> creditByInvoice = new LinkedHashMap<>();
    Money left = credit;
    for (Dispute.DisputedInvoice inv : d.invoices()) {
      Money part = left.compareTo(inv.disputed()) < 0 ? left : inv.disputed();
      if (part.isPositive()) {
        creditByInvoice.put(inv.invoiceId(), part);
        left = left.minus(part);
      }
      syncLedger(inv.invoiceId(), "dispute #" + id.value() + " " + r.outcome().name());
    }
    if (credit.isPositive()) {
      Map<InvoiceId, Money> applyTo = new LinkedHashMap<>();
      creditByInvoice.forEach(
          (invoice, amount) -> {
            Money open = records.openAmountOf(invoice);
            Money applied = amount.compareTo(open) <= 0 ? amount : open;
            if (applied.isPositive()) {
              applyTo.put(invoice, applied);
            }
          });
      var memo =
          postings.issueCreditMemo(
              d.accountId(), "DSP-" + id.value(), credit, memoReason(d, rootCause), applyTo, today);
      records.creditedBy(id.value(), memo.value(), creditByInvoice);
    }
    Dispute after = get(id);
    audit.record(
        "dispute.resolved", "dispute", id.value(), snapshot(d), snapshot(after), rootCause);
    events.publishEvent(
        new DisputeResolved(
            id,
            d.accountId(),
            r.outcome(),
            d.amount(),
            credit,
            d.invoices().stream().map(Dispute.DisputedInvoice::invoiceId).toList()));
    return after;
  }

  /** One dispute with its invoices, if the signed-in person may see it. */
  public Dispute get(DisputeId id) {
    Dispute d =
        records
            .byId(id.value(), today(), fx.reportingCurrency(), rcScale())
            .orElseThrow(() -> new NoSuchDispute(id));
    requireMayRead(d);
    return d;
  }

  /** Whether the signed-in person may move, reassign and resolve this dispute. */
  public boolean mayWork(Dispute d) {
    return access
        .currentActor()
        .map(
            me ->
                d.isOpen()
                    && (me.is(Role.LEAD)
                        || me.is(Role.MANAGER)
                        || me.is(Role.ADMIN)
                        || me.username().equals(d.ownerUsername())))
        .orElse(false);
  }

  /** Whether the signed-in person may raise disputes on an account. */
  public boolean mayRaiseOn(AccountId accountId) {
    Optional<Actor> me = access.currentActor();
    if (me.isEmpty() || me.get().is(Role.RESOLVER) || me.get().is(Role.AUDITOR)) {
      return false;
    }
    return accounts
        .find(accountId)
        .map(a -> access.mayChangeAccountOwnedBy(a.ownerId()))
        .orElse(false);
  }

  /**
   * A page of disputes the signed-in person may see. A resolver gets only those routed to it,
   * whatever the scope; the default scope is "mine" for collectors and resolvers, "team" for a
   * lead, "all" for the others.
   */
  public DisputePage find(DisputeQuery query) {
    Actor me = actor();
    DisputeQuery q = query.scope() == null ? query.withScope(defaultScope(me)) : query;
    var found = records.find(q, viewer(me), today(), fx.reportingCurrency(), rcScale(), true);
    return new DisputePage(found.rows(), found.total(), q, q.scope());
  }

  /** Every dispute a query finds (for an export), in its order. */
  public void forEach(DisputeQuery query, Consumer<Dispute> each) {
    Actor me = actor();
    DisputeQuery q = query.scope() == null ? query.withScope(defaultScope(me)) : query;
    records.forEach(q, viewer(me), today(), fx.reportingCurrency(), rcScale(), each);
  }

  /** An account's disputes, newest first, and its past due split into disputed and collectible. */
  public AccountDisputes onAccount(AccountId accountId) {
    Actor me = actor();
    DisputeQuery q =
        new DisputeQuery(
            "all", "all", null, null, false, accountId.value(), "opened", "desc", 0, 100);
    List<Dispute> list =
        records.find(q, viewer(me), today(), fx.reportingCurrency(), rcScale(), true).rows();
    String rc = fx.reportingCurrency();
    var amounts =
        jdbc.sql(
                "select past_due_rc, disputed_past_due_rc from account_summary where account_id = ?")
            .param(accountId.value())
            .query(
                (rs, n) ->
                    new Money[] {
                      Money.ofStored(rs.getBigDecimal(1), rc),
                      Money.ofStored(rs.getBigDecimal(2), rc)
                    })
            .optional()
            .orElse(new Money[] {Money.zero(rc), Money.zero(rc)});
    return new AccountDisputes(list, amounts[0], amounts[1], amounts[0].minus(amounts[1]));
  }

  /** Trends by reason, month, region and product line, cycle times, recurrence and DDO. */
  public DisputeTrends trends() {
    Actor me = actor();
    return statistics.trends(
        today(), me.is(Role.RESOLVER) ? me.id().value() : null, fx.reportingCurrency(), rcScale());
  }

  // ---- reason codes ----

  public List<DisputeReason> reasons() {
    return reasons.all();
  }

  /**
   * Changes a reason code's SLA and routing (a manager or admin). Open disputes keep their owner;
   * new ones follow the new route.
   */
  @Transactional
  public DisputeReason changeReason(String code, int slaDays, DisputeTeam team, String owner) {
    Actor me = actor();
    if (!me.is(Role.MANAGER) && !me.is(Role.ADMIN)) {
      throw new AccessDeniedException("Reason codes are the manager's to change");
    }
    DisputeReason before = requireReason(code);
    if (slaDays < 1 || slaDays > 365) {
      throw new IllegalArgumentException("slaDays: between 1 and 365 days");
    }
    if (team == null) {
      throw new IllegalArgumentException("team: BILLING, SALES, SUPPORT or COLLECTIONS");
    }
    String ownerUsername = null;
    if (team != DisputeTeam.COLLECTIONS) {
      ownerUsername =
          Optional.ofNullable(owner)
              .filter(u -> !u.isBlank())
              .flatMap(u -> access.user(u.trim()))
              .filter(User::enabled)
              .filter(u -> WORKERS.contains(u.role()))
              .map(User::username)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "owner: name the person on the "
                              + team.name().toLowerCase(java.util.Locale.ROOT)
                              + " team who works these disputes"));
    }
    reasons.update(before.code(), slaDays, team, ownerUsername);
    DisputeReason after = requireReason(before.code());
    audit.record("dispute-reason.changed", "dispute-reason", before.code(), before, after, null);
    return after;
  }

  /** People disputes can be routed or reassigned to. */
  public List<User> workers() {
    return access.users().stream()
        .filter(User::enabled)
        .filter(u -> WORKERS.contains(u.role()))
        .sorted(Comparator.comparing((User u) -> u.role().ordinal()).thenComparing(User::username))
        .toList();
  }

  public LocalDate today() {
    return LocalDate.now(clock);
  }

  public String reportingCurrency() {
    return fx.reportingCurrency();
  }

  // ---- internals ----

  private static final Set<Role> WORKERS =
      Set.of(Role.RESOLVER, Role.COLLECTOR, Role.LEAD, Role.MANAGER);

  private record Routing(Long ownerId, String note) {}

  /**
   * Where a new dispute goes: the reason's named owner, or the account's collector for COLLECTIONS
   * (and when the named owner is not a user who can take it, so that nothing is left unowned).
   */
  private Routing route(DisputeReason reason, Account account) {
    Long accountOwner = account.ownerId() == null ? null : account.ownerId().value();
    if (reason.team() == DisputeTeam.COLLECTIONS) {
      return new Routing(accountOwner, "routed to the account's collector");
    }
    Optional<User> owner =
        Optional.ofNullable(reason.ownerUsername())
            .flatMap(access::user)
            .filter(User::enabled)
            .filter(u -> WORKERS.contains(u.role()));
    return owner
        .map(
            u ->
                new Routing(
                    u.id().value(),
                    "routed to " + reason.team().name().toLowerCase(java.util.Locale.ROOT)))
        .orElseGet(
            () ->
                new Routing(
                    accountOwner,
                    "routed to the account's collector: "
                        + reason.ownerUsername()
                        + " cannot take disputes"));
  }

  /** Sets an invoice's disputed amount in the ledger to what its open disputes contest. */
  private void syncLedger(InvoiceId invoice, String why) {
    Money open = records.openAmountOf(invoice);
    BigDecimal disputed = records.openDisputedOn(invoice);
    // A payment may have settled part of it meanwhile: never more than is open.
    BigDecimal capped = disputed.min(open.amount());
    postings.setDisputed(invoice, Money.ofStored(capped, open.currencyCode()), why);
  }

  private Dispute lockForWork(DisputeId id) {
    if (!records.lock(id.value())) {
      throw new NoSuchDispute(id);
    }
    Dispute d = get(id);
    Actor me = actor();
    boolean lead = me.is(Role.LEAD) || me.is(Role.MANAGER) || me.is(Role.ADMIN);
    if (!lead && !me.username().equals(d.ownerUsername())) {
      throw new AccessDeniedException(
          "Dispute #" + id.value() + " is routed to " + d.ownerUsername() + ", not to you");
    }
    return d;
  }

  private void requireMayRead(Dispute d) {
    Actor me = actor();
    if (me.is(Role.RESOLVER) && !me.username().equals(d.ownerUsername())) {
      throw new AccessDeniedException("Dispute #" + d.id().value() + " is not routed to you");
    }
  }

  private static void requireOpen(Dispute d) {
    if (!d.isOpen()) {
      throw new IllegalArgumentException(
          "status: dispute #" + d.id().value() + " is already " + d.status().name().toLowerCase());
    }
  }

  private DisputeReason requireReason(String code) {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("reason: choose a reason");
    }
    return reasons
        .find(code.trim().toUpperCase(java.util.Locale.ROOT))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "reason: there is no reason code '" + code.trim() + "'"));
  }

  private DisputeRecords.Viewer viewer(Actor me) {
    if (me.is(Role.RESOLVER)) {
      return new DisputeRecords.Viewer(me.id().value(), true, List.of());
    }
    List<User> users = access.users();
    Optional<User> self = users.stream().filter(u -> u.id().equals(me.id())).findFirst();
    List<Long> team = new ArrayList<>();
    team.add(me.id().value());
    if (me.is(Role.LEAD)) {
      users.stream().filter(u -> me.id().equals(u.leadId())).forEach(u -> team.add(u.id().value()));
    } else if (me.is(Role.COLLECTOR) && self.isPresent() && self.get().leadId() != null) {
      users.stream()
          .filter(u -> self.get().leadId().equals(u.leadId()))
          .forEach(u -> team.add(u.id().value()));
    } else if (!me.is(Role.COLLECTOR)) {
      return new DisputeRecords.Viewer(me.id().value(), false, null); // the whole team
    }
    return new DisputeRecords.Viewer(me.id().value(), false, team);
  }

  private static String defaultScope(Actor me) {
    return switch (me.role()) {
      case COLLECTOR, RESOLVER -> "mine";
      case LEAD -> "team";
      default -> "all";
    };
  }

  private Actor actor() {
    return access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
  }

  private static String idempotencyKey(AccountId account, NewDispute r, String requestKey) {
    if (requestKey != null && !requestKey.isBlank()) {
      if (requestKey.length() > 150) {
        throw new IllegalArgumentException("idempotencyKey: at most 150 characters");
      }
      return "key:" + requestKey.trim();
    }
    if (r.clientReference() != null && !r.clientReference().isBlank()) {
      if (r.clientReference().length() > 100) {
        throw new IllegalArgumentException("clientReference: at most 100 characters");
      }
      return "ref:" + account.value() + ":" + r.clientReference().trim();
    }
    return null;
  }

  /** What a request contests, to tell a true repeat from a reused key. */
  private static String fingerprint(AccountId account, NewDispute r) {
    String items =
        r.invoices() == null
            ? ""
            : r.invoices().stream()
                .filter(i -> i != null && i.invoiceId() != null)
                .sorted(Comparator.comparing(NewDispute.Item::invoiceId))
                .map(
                    i ->
                        i.invoiceId()
                            + "="
                            + (i.amount() == null
                                ? "*"
                                : i.amount().stripTrailingZeros().toPlainString()))
                .collect(Collectors.joining(","));
    String f =
        account.value()
            + "|"
            + (r.reason() == null ? "" : r.reason().trim().toUpperCase(java.util.Locale.ROOT))
            + "|"
            + items;
    return f.length() > 1000 ? f.substring(0, 1000) : f;
  }

  private static Money money(BigDecimal amount, String currency, String field) {
    try {
      return Money.of(amount, currency);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static String trimmed(String s, int max, String field) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.trim();
    if (t.length() > max) {
      throw new IllegalArgumentException(field + ": at most " + max + " characters");
    }
    return t;
  }

  private static String ticketUrl(String url) {
    String t = trimmed(url, 500, "ticketUrl");
    if (t == null) {
      return null;
    }
    try {
      URI u = new URI(t);
      if (u.getScheme() != null
          && (u.getScheme().equalsIgnoreCase("https") || u.getScheme().equalsIgnoreCase("http"))
          && u.getHost() != null) {
        return t;
      }
    } catch (java.net.URISyntaxException e) {
      // falls through to the refusal below
    }
    throw new IllegalArgumentException("ticketUrl: a link to the ticket (http or https)");
  }

  /** The credit memo's reason (200 characters in the ledger). */
  private static String memoReason(Dispute d, String rootCause) {
    String s = "Dispute #" + d.id().value() + " (" + d.reasonLabel() + "): " + rootCause;
    return s.length() <= 200 ? s : s.substring(0, 199) + "…";
  }

  private static Map<String, Object> snapshot(Dispute d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("account", d.accountId().value());
    m.put("reason", d.reasonCode());
    m.put("status", d.status());
    m.put("team", d.team());
    m.put("owner", d.ownerUsername());
    m.put("amount", d.amount());
    m.put("slaDueOn", d.slaDueOn().toString());
    Map<String, Object> invoices = new LinkedHashMap<>();
    for (Dispute.DisputedInvoice i : d.invoices()) {
      invoices.put(i.number(), i.disputed());
    }
    m.put("invoices", invoices);
    if (d.outcome() != null) {
      m.put("resolution", d.outcome().resolution());
      m.put("credited", d.outcome().credited());
      if (d.outcome().creditMemoNumber() != null) {
        m.put("creditMemo", d.outcome().creditMemoNumber());
      }
      if (d.outcome().rebillInvoice() != null) {
        m.put("rebillInvoice", d.outcome().rebillInvoice());
      }
      if (d.outcome().ticketUrl() != null) {
        m.put("ticketUrl", d.outcome().ticketUrl());
      }
    }
    return m;
  }

  private int rcScale() {
    return Money.scaleOf(java.util.Currency.getInstance(fx.reportingCurrency()));
  }
}
