package dev.recoup.suspension;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.audit.AuditEvent;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.ledger.Ledger;
import dev.recoup.notifications.WebhookDelivery;
import dev.recoup.notifications.Webhooks;
import dev.recoup.promises.PaymentPlan;
import dev.recoup.promises.PaymentPlans;
import dev.recoup.promises.PlanStatus;
import dev.recoup.shared.Money;
import dev.recoup.suspension.ProvisioningCalls.Action;
import dev.recoup.suspension.Suspension.Origin;
import dev.recoup.suspension.SuspensionNotices.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Service suspension for non-payment, end to end. A collector, lead or manager (or the dunning
 * engine) proposes it for an account or one of its contracts, and the account's sales owner hears
 * of it in the team's chat; a manager who did not propose it approves (for a partner, optionally
 * cascading to its end customers) or rejects it; {@code recoup.suspension.notice-days} before the
 * suspension date the customer gets the pre-suspension notice by e-mail; on the date the
 * provisioning system is told to suspend by a signed webhook. When the past due of the suspended
 * scope is cleared, or a payment plan is agreed, the provisioning system is told to reinstate and
 * the customer is told; before the date, the suspension is called off instead. Every step is
 * audited; I4 (one open suspension per account and scope) is a unique index.
 */
@Service
public class Suspensions {

  private static final Logger log = LoggerFactory.getLogger(Suspensions.class);

  /** Advisory lock class of "one proposal at a time per account" (the other key is the account). */
  private static final int ACCOUNT_LOCK = 0x53555350; // "SUSP"

  private static final Set<SuspensionStatus> BEFORE_SUSPENSION =
      EnumSet.of(
          SuspensionStatus.PROPOSED, SuspensionStatus.APPROVED, SuspensionStatus.NOTICE_SENT);

  private final SuspensionRecords records;
  private final Accounts accounts;
  private final Ledger ledger;
  private final PaymentPlans plans;
  private final Access access;
  private final AuditTrail audit;
  private final SuspensionNotices notices;
  private final ProvisioningCalls calls;
  private final Webhooks webhooks;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final TransactionTemplate ownTransaction;
  private final int noticeDays;

  Suspensions(
      SuspensionRecords records,
      Accounts accounts,
      Ledger ledger,
      PaymentPlans plans,
      Access access,
      AuditTrail audit,
      SuspensionNotices notices,
      ProvisioningCalls calls,
      Webhooks webhooks,
      JdbcClient jdbc,
      Clock clock,
      PlatformTransactionManager transactions,
      @Value("${recoup.suspension.notice-days:7}") int noticeDays) {
    if (noticeDays < 0 || noticeDays > 90) {
      throw new IllegalArgumentException("recoup.suspension.notice-days: between 0 and 90");
    }
    this.records = records;
    this.accounts = accounts;
    this.ledger = ledger;
    this.plans = plans;
    this.access = access;
    this.audit = audit;
    this.notices = notices;
    this.calls = calls;
    this.webhooks = webhooks;
    this.jdbc = jdbc;
    this.clock = clock;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.noticeDays = noticeDays;
  }

  /** Raised for an id that names no suspension; pages answer 404, the API 404. */
  public static class NoSuchSuspension extends dev.recoup.shared.NoSuchRecord {
    public NoSuchSuspension(long id) {
      super("No suspension " + id);
    }
  }

  /** How many days before the suspension date the customer is told. */
  public int noticeDays() {
    return noticeDays;
  }

  /** The earliest suspension date a proposal made today may ask for. */
  public LocalDate earliestSuspensionDate() {
    return today().plusDays(noticeDays);
  }

  // --- Proposal --------------------------------------------------------------------------------

  /**
   * Proposes a suspension. The proposer must be allowed to change the account (a collector its own
   * portfolio). {@code requestKey} (a form token, the API's Idempotency-Key) makes a repeat return
   * the same suspension. Refused, with the reason, when nothing is past due in the scope, a plan is
   * active, the account is on legal hold or cannot be sent the notice, or a suspension is open.
   */
  @Transactional
  public Suspension propose(NewSuspension p, String requestKey) {
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    if (p.accountId() == null) {
      throw new IllegalArgumentException("accountId: required");
    }
    AccountId id = new AccountId(p.accountId());
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    return open(account, p, requestKey, me.username(), Origin.PERSON);
  }

  /**
   * Proposes a suspension on the dunning engine's behalf (its "suspension" step was reached for
   * these items), for the whole account, in the transaction of the dunning run when there is one:
   * the referral and the proposal commit together, and a run repeated after a crash finds its
   * proposal by the run's key. Nothing happens (the reason is logged) when a suspension is open or
   * the rules refuse one; the manager's approval is still needed.
   */
  Optional<Suspension> proposeForDunning(AccountId id, LocalDate runDate, List<InvoiceId> items) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return proposeForDunningHere(id, runDate, items);
    }
    return ownTransaction.execute(st -> proposeForDunningHere(id, runDate, items));
  }

  /** Never throws for a refusal: an exception here would undo the dunning run's transaction. */
  private Optional<Suspension> proposeForDunningHere(
      AccountId id, LocalDate runDate, List<InvoiceId> items) {
    String key = "dunning:" + id.value() + ":" + runDate;
    Optional<Long> earlier = records.idOfRequest(key);
    if (earlier.isPresent()) {
      return Optional.of(find(earlier.get()));
    }
    Optional<Account> account = accounts.find(id);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    List<Suspension> open = records.openOn(id);
    Optional<String> refusal =
        open.isEmpty()
            ? refusal(account.get(), null, today())
            : Optional.of(
                "suspension #" + open.get(0).id() + " is " + open.get(0).status().label());
    if (refusal.isPresent()) {
      log.info(
          "Dunning's suspension step for account {} not proposed: {}", id.value(), refusal.get());
      return Optional.empty();
    }
    java.util.Set<Long> wanted = new java.util.HashSet<>();
    items.forEach(i -> wanted.add(i.value()));
    List<String> numbers =
        ledger.invoices(id, true, 100_000).stream()
            .filter(i -> wanted.contains(i.id().value()))
            .map(Invoice::number)
            .sorted()
            .toList();
    return Optional.of(
        open(
            account.get(),
            new NewSuspension(
                id.value(),
                null,
                null,
                "The dunning strategy reached its suspension step on "
                    + runDate
                    + (numbers.isEmpty() ? "" : " for " + String.join(", ", numbers))),
            key,
            "dunning",
            Origin.DUNNING));
  }

  private Suspension open(
      Account account, NewSuspension p, String requestKey, String requester, Origin origin) {
    if (requestKey != null && !requestKey.isBlank()) {
      Optional<Long> existing = records.idOfRequest(requestKey);
      if (existing.isPresent()) {
        Suspension e = find(existing.get());
        if (!e.accountId().equals(account.id())
            || !java.util.Objects.equals(e.contractRef(), blankToNull(p.contractRef()))) {
          throw new IllegalArgumentException(
              "Idempotency-Key: already used for another suspension (#" + e.id() + ")");
        }
        return e;
      }
    }
    if (p.reason() == null || p.reason().isBlank()) {
      throw new IllegalArgumentException("reason: say why the service should be suspended");
    }
    String ref = blankToNull(p.contractRef());
    LocalDate today = today();
    Optional<String> refusal = refusal(account, ref, today);
    if (refusal.isPresent()) {
      throw new IllegalArgumentException(refusal.get());
    }
    LocalDate earliest = today.plusDays(noticeDays);
    LocalDate suspendOn = p.suspendOn() == null ? earliest : p.suspendOn();
    if (suspendOn.isBefore(earliest)) {
      throw new IllegalArgumentException(
          "suspendOn: "
              + earliest
              + " at the earliest (the customer gets "
              + noticeDays
              + " days' notice)");
    }
    if (suspendOn.isAfter(today.plusDays(365))) {
      throw new IllegalArgumentException("suspendOn: within a year");
    }
    jdbc.sql("select pg_advisory_xact_lock(?, ?)")
        .params(ACCOUNT_LOCK, (int) account.id().value())
        .query()
        .singleRow();
    for (Suspension o : records.openOn(account.id())) {
      if (java.util.Objects.equals(o.contractRef(), ref)) {
        throw new IllegalArgumentException(
            "account: already under suspension #" + o.id() + " (" + o.status().label() + ")");
      }
      if (ref == null) {
        throw new IllegalArgumentException(
            "account: suspension #"
                + o.id()
                + " of "
                + o.scope()
                + " is open; suspend the whole account once it has ended");
      }
      if (o.contractRef() == null) {
        throw new IllegalArgumentException(
            "contractRef: the whole account is under suspension #" + o.id());
      }
    }
    PastDue pastDue = pastDue(account.id(), ref, today);
    Instant now = Instant.now(clock);
    long id =
        records
            .insert(
                account.id(),
                ref,
                null,
                SuspensionStatus.PROPOSED,
                origin,
                p.reason().strip(),
                pastDue.inWords(),
                suspendOn,
                null,
                requester,
                now,
                null,
                null,
                requestKey == null || requestKey.isBlank() ? null : requestKey)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "account: another suspension of this account was opened just now"));
    Suspension s = find(id);
    audit.record("suspension.proposed", ProvisioningCalls.SUBJECT, id, null, s, s.reason());
    calls.tellSalesOwner(
        s,
        account,
        "proposed",
        requester
            + " proposes to suspend "
            + name(account)
            + (ref == null ? "" : " (contract " + ref + ")")
            + " for non-payment: "
            + pastDue.inWords()
            + ". Planned suspension date "
            + suspendOn
            + ", waiting for the manager's approval. Reason: "
            + s.reason());
    return s;
  }

  /**
   * Why a suspension of this scope cannot be proposed today, if it cannot; an open suspension is
   * checked separately (under the account's lock).
   */
  private Optional<String> refusal(Account account, String contractRef, LocalDate today) {
    if (account.partnerId() != null) {
      return Optional.of(
          "account: an end customer is billed through its partner; suspend the partner, with"
              + " cascade to its end customers");
    }
    if (account.legalHold()) {
      return Optional.of("account: under legal hold; no suspension while the hold lasts");
    }
    if (account.doNotContact()) {
      return Optional.of(
          "account: marked do-not-contact, so the pre-suspension notice cannot be sent");
    }
    if (notices.recipient(account).isEmpty()) {
      return Optional.of(
          "account: no contact with an e-mail address for the pre-suspension notice");
    }
    if (contractRef != null
        && ledger.invoices(account.id(), false, 100_000).stream()
            .noneMatch(i -> contractRef.equals(i.contractRef()))) {
      return Optional.of("contractRef: no invoice of this account names contract " + contractRef);
    }
    Optional<PaymentPlan> plan = activePlan(account.id());
    if (plan.isPresent()) {
      return Optional.of(
          "account: payment plan #"
              + plan.get().id()
              + " is active, and an agreed plan lifts a suspension");
    }
    if (pastDue(account.id(), contractRef, today).isCleared()) {
      return Optional.of(
          "account: nothing is past due" + (contractRef == null ? "" : " on " + contractRef));
    }
    return Optional.empty();
  }

  // --- Decision --------------------------------------------------------------------------------

  /**
   * A manager approves or rejects a proposed suspension; who proposed it cannot. Approving a
   * partner's suspension with {@code cascadeToEndCustomers} suspends its end customers with it
   * (those already under a suspension of their own are left to it). The customer always gets the
   * full notice period: approved too late for the planned date, the date moves.
   */
  @Transactional
  public Suspension decide(long id, boolean approve, boolean cascadeToEndCustomers, String note) {
    Suspension s = records.byIdForUpdate(id).orElseThrow(() -> new NoSuchSuspension(id));
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    if (!me.is(Role.MANAGER)) {
      throw new AccessDeniedException("Only a manager approves or rejects a suspension");
    }
    if (me.username().equals(s.requestedBy())) {
      throw new AccessDeniedException("Who proposed a suspension cannot approve or reject it");
    }
    if (s.isCascaded()) {
      throw new IllegalArgumentException(
          "id: this suspension follows its partner's, #" + s.parentId());
    }
    if (s.status() != SuspensionStatus.PROPOSED) {
      throw new IllegalArgumentException("status: the suspension is " + s.status().label());
    }
    String why = note == null || note.isBlank() ? null : note.strip();
    Account account = accounts.find(s.accountId()).orElseThrow();
    Instant now = Instant.now(clock);
    if (!approve) {
      if (why == null) {
        throw new IllegalArgumentException("note: say why the suspension is rejected");
      }
      records.reject(id, me.username(), now, why);
      Suspension after = find(id);
      audit.record(
          "suspension.rejected",
          ProvisioningCalls.SUBJECT,
          id,
          Map.of("status", s.status()),
          Map.of("status", after.status()),
          why);
      calls.tellSalesOwner(
          after,
          account,
          "rejected",
          me.username() + " rejected the suspension of " + name(account) + ": " + why);
      return after;
    }
    List<Account> endCustomers =
        cascadeToEndCustomers ? accounts.endCustomers(account.id()) : List.of();
    if (cascadeToEndCustomers && endCustomers.isEmpty()) {
      throw new IllegalArgumentException(
          "cascadeToEndCustomers: " + account.name() + " has no end customers");
    }
    LocalDate today = today();
    if (pastDue(s, today).isCleared()) {
      throw new IllegalArgumentException(
          "status: nothing is past due in its scope any more; cancel the proposal instead");
    }
    LocalDate suspendOn = s.suspendOn();
    LocalDate noticeOn = suspendOn.minusDays(noticeDays);
    String moved = null;
    if (noticeOn.isBefore(today)) {
      noticeOn = today;
      suspendOn = today.plusDays(noticeDays);
      moved =
          "suspension date moved from "
              + s.suspendOn()
              + " to "
              + suspendOn
              + " so that the customer gets "
              + noticeDays
              + " days' notice";
    }
    records.approve(id, me.username(), now, why, noticeOn, suspendOn, cascadeToEndCustomers);
    List<String> cascaded = new ArrayList<>();
    List<String> leftAlone = new ArrayList<>();
    for (Account ec : endCustomers) {
      Optional<Long> child =
          records.insert(
              ec.id(),
              null,
              id,
              SuspensionStatus.APPROVED,
              Origin.CASCADE,
              "Cascaded from the suspension #" + id + " of partner " + account.name(),
              null,
              suspendOn,
              noticeOn,
              s.requestedBy(),
              s.requestedAt(),
              me.username(),
              now,
              null);
      if (child.isEmpty()) {
        leftAlone.add(ec.name() + " (already under a suspension of its own)");
        continue;
      }
      cascaded.add(ec.name());
      audit.record(
          "suspension.cascaded",
          ProvisioningCalls.SUBJECT,
          child.get(),
          null,
          Map.of("parent", id, "account", ec.id().value(), "suspendOn", suspendOn),
          why);
    }
    Suspension after = find(id);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("status", after.status());
    state.put("noticeOn", noticeOn);
    state.put("suspendOn", suspendOn);
    state.put("cascadeToEndCustomers", cascadeToEndCustomers);
    if (cascadeToEndCustomers) {
      state.put("endCustomers", cascaded);
      state.put("leftToTheirOwnSuspension", leftAlone);
    }
    if (moved != null) {
      state.put("moved", moved);
    }
    audit.record(
        "suspension.approved",
        ProvisioningCalls.SUBJECT,
        id,
        Map.of("status", s.status(), "suspendOn", s.suspendOn()),
        state,
        why);
    calls.tellSalesOwner(
        after,
        account,
        "approved",
        me.username()
            + " approved the suspension of "
            + name(account)
            + (cascadeToEndCustomers ? " and of its " + cascaded.size() + " end customers" : "")
            + ": the customer is told on "
            + noticeOn
            + ", and the service is suspended on "
            + suspendOn
            + " unless the past due is paid or a payment plan is agreed first.");
    if (!noticeOn.isAfter(today)) {
      sendNotice(after, today);
    }
    return find(id);
  }

  /**
   * Calls off a suspension before its date (proposed, approved, or notice sent), with the reason;
   * the customer who was given notice is told it is withdrawn. Anyone who may change the account.
   */
  @Transactional
  public Suspension cancel(long id, String reason) {
    Suspension s = records.byIdForUpdate(id).orElseThrow(() -> new NoSuchSuspension(id));
    Account account = accounts.find(s.accountId()).orElseThrow();
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (s.isCascaded()) {
      throw new IllegalArgumentException(
          "id: this suspension follows its partner's, #" + s.parentId() + "; cancel that one");
    }
    if (!BEFORE_SUSPENSION.contains(s.status())) {
      throw new IllegalArgumentException(
          "status: the suspension is "
              + s.status().label()
              + (s.status() == SuspensionStatus.SUSPENDED
                  ? "; a suspended service is reinstated, not cancelled"
                  : ""));
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: say why the suspension is called off");
    }
    String actor = access.currentActor().map(Actor::username).orElse("system");
    callOff(s, account, reason.strip(), actor);
    return find(id);
  }

  /**
   * A manager reinstates a suspended service by hand (a settlement outside the ledger, a dispute
   * upheld). Payment and agreed plans reinstate automatically.
   */
  @Transactional
  public Suspension reinstate(long id, String reason) {
    Suspension s = records.byIdForUpdate(id).orElseThrow(() -> new NoSuchSuspension(id));
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    if (!me.is(Role.MANAGER)) {
      throw new AccessDeniedException(
          "Only a manager reinstates by hand; a payment or an agreed plan does it automatically");
    }
    if (s.isCascaded()) {
      throw new IllegalArgumentException(
          "id: this suspension follows its partner's, #" + s.parentId() + "; reinstate that one");
    }
    if (s.status() != SuspensionStatus.SUSPENDED) {
      throw new IllegalArgumentException("status: the suspension is " + s.status().label());
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: say why the service is reinstated");
    }
    reinstate(s, accounts.find(s.accountId()).orElseThrow(), reason.strip(), me.username());
    return find(id);
  }

  // --- The daily steps and the automatic relief ------------------------------------------------

  /** What one pass of {@link #advance} did. */
  public record Advance(int notices, int suspended, int reinstated, int calledOff) {}

  /**
   * Moves every open suspension forward on a business date, each in its own transaction: relief
   * first (past due cleared or a plan agreed: reinstate, or call off before the date), then the
   * notices that are due, then the suspensions whose date has come. Safe to run again and again: a
   * step is taken only from the state before it.
   */
  public Advance advance(LocalDate today) {
    int[] counts = new int[4];
    for (long id : records.openRoots()) {
      try {
        String step = ownTransaction.execute(st -> step(id, today));
        if (step != null) {
          switch (step) {
            case "notice" -> counts[0]++;
            case "suspended" -> counts[1]++;
            case "reinstated" -> counts[2]++;
            default -> counts[3]++;
          }
        }
      } catch (RuntimeException e) {
        log.warn("Suspension {}: could not be moved forward on {}", id, today, e);
      }
    }
    return new Advance(counts[0], counts[1], counts[2], counts[3]);
  }

  private String step(long id, LocalDate today) {
    Suspension s = records.byIdForUpdate(id).orElseThrow();
    if (!s.isOpen()) {
      return null;
    }
    Account account = accounts.find(s.accountId()).orElseThrow();
    Optional<String> relief = relief(s, today);
    if (relief.isPresent()) {
      if (s.status() == SuspensionStatus.SUSPENDED) {
        reinstate(s, account, relief.get(), "system");
        return "reinstated";
      }
      callOff(s, account, relief.get(), "system");
      return "called off";
    }
    String step = null;
    if (s.status() == SuspensionStatus.APPROVED && !s.noticeOn().isAfter(today)) {
      if (sendNotice(s, today)) {
        step = "notice";
        s = find(id);
      }
    }
    if (s.status() == SuspensionStatus.NOTICE_SENT && !s.suspendOn().isAfter(today)) {
      suspend(s, account, today);
      step = "suspended";
    }
    return step;
  }

  /**
   * {@link #relieve} for many accounts at once (an auto-apply run's): only those with an open
   * suspension are looked at, found in one query. Returns how many suspensions were relieved.
   */
  int relieve(java.util.Collection<AccountId> accountIds, String trigger) {
    int relieved = 0;
    for (AccountId account : records.withOpenRoots(accountIds)) {
      relieved += relieve(account, trigger);
    }
    return relieved;
  }

  /**
   * What happens when money arrives on an account or a plan is agreed: each open suspension of the
   * account whose scope is now cleared (or under an agreed plan) is reinstated, or called off
   * before its date. Each in its own transaction, after the posting committed. Returns how many.
   */
  int relieve(AccountId accountId, String trigger) {
    LocalDate today = today();
    int relieved = 0;
    for (Suspension open : records.openOn(accountId)) {
      if (open.isCascaded()) {
        continue; // follows its partner's suspension
      }
      Boolean done =
          ownTransaction.execute(
              st -> {
                Suspension s = records.byIdForUpdate(open.id()).orElseThrow();
                Optional<String> relief = s.isOpen() ? relief(s, today) : Optional.empty();
                if (relief.isEmpty()) {
                  return false;
                }
                Account account = accounts.find(s.accountId()).orElseThrow();
                String because =
                    relief.get().equals(trigger) ? trigger : relief.get() + " (" + trigger + ")";
                if (s.status() == SuspensionStatus.SUSPENDED) {
                  reinstate(s, account, because, "system");
                } else {
                  callOff(s, account, because, "system");
                }
                return true;
              });
      if (Boolean.TRUE.equals(done)) {
        relieved++;
      }
    }
    return relieved;
  }

  /** Why a suspension is no longer wanted: an agreed plan, or nothing past due in its scope. */
  private Optional<String> relief(Suspension s, LocalDate today) {
    Optional<PaymentPlan> plan = activePlan(s.accountId());
    if (plan.isPresent()) {
      return Optional.of("payment plan #" + plan.get().id() + " agreed");
    }
    if (pastDue(s, today).isCleared()) {
      return Optional.of("past due cleared");
    }
    return Optional.empty();
  }

  /** Sends the pre-suspension notice; false (and a chat alert, once) when nobody can get it. */
  private boolean sendNotice(Suspension s, LocalDate today) {
    Account account = accounts.find(s.accountId()).orElseThrow();
    if (account.doNotContact() || notices.recipient(account).isEmpty()) {
      calls.tellSalesOwner(
          s,
          account,
          "notice-blocked",
          "the pre-suspension notice to "
              + name(account)
              + " cannot be sent ("
              + (account.doNotContact() ? "marked do-not-contact" : "no e-mail contact")
              + "); the suspension waits until it can.");
      log.warn("Suspension {}: the notice cannot be sent to account {}", s.id(), account.id());
      return false;
    }
    List<String> endCustomers =
        records.childrenOf(s.id()).stream().map(Suspension::accountName).toList();
    long message =
        notices.send(Kind.NOTICE, s, account, pastDue(s, today), endCustomers, null, today);
    List<Long> moved = records.noticeSent(s.id(), message, Instant.now(clock));
    if (!moved.isEmpty()) {
      String actor = access.currentActor().map(Actor::username).orElse("system");
      audit.recordAs(
          actor,
          "suspension.notice-sent",
          ProvisioningCalls.SUBJECT,
          s.id(),
          Map.of("status", SuspensionStatus.APPROVED),
          Map.of(
              "status",
              SuspensionStatus.NOTICE_SENT,
              "outboxMessage",
              message,
              "suspendOn",
              s.suspendOn()),
          null);
      auditChildren(moved, s, actor, "suspension.notice-sent", SuspensionStatus.APPROVED, null);
    }
    return true;
  }

  private void suspend(Suspension s, Account account, LocalDate today) {
    Instant now = Instant.now(clock);
    List<Long> moved =
        records.move(
            s.id(), List.of(SuspensionStatus.NOTICE_SENT), SuspensionStatus.SUSPENDED, now, null);
    if (!moved.contains(s.id())) {
      return;
    }
    PastDue pastDue = pastDue(s, today);
    String because = "non-payment: " + pastDue.inWords();
    List<Long> deliveries = new ArrayList<>();
    deliveries.add(calls.call(Action.SUSPEND, find(s.id()), account, null, today, because, now));
    int cascaded = 0;
    for (Suspension child : records.childrenOf(s.id())) {
      if (moved.contains(child.id())) {
        Account ec = accounts.find(child.accountId()).orElseThrow();
        deliveries.add(calls.call(Action.SUSPEND, child, ec, account, today, because, now));
        cascaded++;
      }
    }
    auditChildren(
        moved,
        s,
        access.currentActor().map(Actor::username).orElse("system"),
        "suspension.suspended",
        SuspensionStatus.NOTICE_SENT,
        because);
    audit.record(
        "suspension.suspended",
        ProvisioningCalls.SUBJECT,
        s.id(),
        Map.of("status", SuspensionStatus.NOTICE_SENT),
        Map.of(
            "status",
            SuspensionStatus.SUSPENDED,
            "provisioningDeliveries",
            deliveries,
            "endCustomers",
            cascaded),
        because);
    calls.tellSalesOwner(
        s,
        account,
        "suspended",
        name(account)
            + (cascaded > 0 ? " and its " + cascaded + " end customers" : "")
            + " suspended today for "
            + because
            + "; the provisioning system has been asked to switch the service off.");
  }

  private void reinstate(Suspension s, Account account, String because, String actor) {
    Instant now = Instant.now(clock);
    LocalDate today = today();
    List<Long> moved =
        records.move(
            s.id(), List.of(SuspensionStatus.SUSPENDED), SuspensionStatus.REINSTATED, now, because);
    if (!moved.contains(s.id())) {
      return;
    }
    List<Long> deliveries = new ArrayList<>();
    int superseded = calls.supersedeUndelivered(s, "superseded: reinstated (" + because + ")");
    deliveries.add(calls.call(Action.REINSTATE, find(s.id()), account, null, today, because, now));
    for (Suspension child : records.childrenOf(s.id())) {
      if (moved.contains(child.id())) {
        Account ec = accounts.find(child.accountId()).orElseThrow();
        superseded += calls.supersedeUndelivered(child, "superseded: reinstated (" + because + ")");
        deliveries.add(calls.call(Action.REINSTATE, child, ec, account, today, because, now));
      }
    }
    auditChildren(moved, s, actor, "suspension.reinstated", SuspensionStatus.SUSPENDED, because);
    audit.recordAs(
        actor,
        "suspension.reinstated",
        ProvisioningCalls.SUBJECT,
        s.id(),
        Map.of("status", SuspensionStatus.SUSPENDED),
        Map.of(
            "status",
            SuspensionStatus.REINSTATED,
            "provisioningDeliveries",
            deliveries,
            "undeliveredSuspendsCancelled",
            superseded),
        because);
    if (!account.doNotContact() && notices.recipient(account).isPresent()) {
      notices.send(
          Kind.REINSTATED, find(s.id()), account, pastDue(s, today), List.of(), because, today);
    }
    calls.tellSalesOwner(
        s,
        account,
        "reinstated",
        name(account)
            + " is reinstated: "
            + because
            + ". The provisioning system has been asked to switch the service back on.");
  }

  private void callOff(Suspension s, Account account, String because, String actor) {
    List<Long> moved =
        records.move(
            s.id(), BEFORE_SUSPENSION, SuspensionStatus.CANCELLED, Instant.now(clock), because);
    if (!moved.contains(s.id())) {
      return;
    }
    auditChildren(moved, s, actor, "suspension.cancelled", s.status(), because);
    audit.recordAs(
        actor,
        "suspension.cancelled",
        ProvisioningCalls.SUBJECT,
        s.id(),
        Map.of("status", s.status()),
        Map.of("status", SuspensionStatus.CANCELLED, "endCustomers", moved.size() - 1),
        because);
    if (s.status() == SuspensionStatus.NOTICE_SENT
        && !account.doNotContact()
        && notices.recipient(account).isPresent()) {
      notices.send(
          Kind.WITHDRAWN, find(s.id()), account, pastDue(s, today()), List.of(), because, today());
    }
    calls.tellSalesOwner(
        s,
        account,
        "cancelled",
        "the suspension of " + name(account) + " is called off: " + because + ".");
  }

  /** Each cascaded child moved with its parent gets its own audit row, naming the parent. */
  private void auditChildren(
      List<Long> moved,
      Suspension parent,
      String actor,
      String action,
      SuspensionStatus from,
      String because) {
    for (Long child : moved) {
      if (child == parent.id()) {
        continue;
      }
      Suspension after = find(child);
      audit.recordAs(
          actor,
          action,
          ProvisioningCalls.SUBJECT,
          child,
          Map.of("status", from),
          Map.of("status", after.status(), "parent", parent.id()),
          because == null
              ? "with the partner's suspension #" + parent.id()
              : because + " (with the partner's suspension #" + parent.id() + ")");
    }
  }

  // --- Reading ---------------------------------------------------------------------------------

  public Suspension find(long id) {
    return records.byId(id).orElseThrow(() -> new NoSuchSuspension(id));
  }

  /** The end customers' suspensions that follow a partner's. */
  public List<Suspension> children(long id) {
    return records.childrenOf(id);
  }

  /** Suspensions in some statuses, by suspension date (cascaded children included). */
  public List<Suspension> withStatus(Set<SuspensionStatus> statuses, int limit) {
    return records.withStatus(statuses, Math.max(1, Math.min(limit, 10_000)));
  }

  /** The most recent suspensions, newest first. */
  public List<Suspension> recent(int limit) {
    return records.all(Math.max(1, Math.min(limit, 100_000)));
  }

  /** Suspensions that ended in the last {@code days} days, newest first (not the cascaded ones). */
  public List<Suspension> endedWithin(int days) {
    return records.endedSince(Instant.now(clock).minusSeconds(86_400L * days), 500);
  }

  public List<Suspension> forAccount(AccountId id) {
    return records.forAccount(id, 100);
  }

  /** Collectible past due in the suspension's scope today (its partner's, for a cascaded one). */
  public PastDue pastDueNow(Suspension s) {
    return pastDue(s, today());
  }

  /** The audit trail of a suspension, oldest first. */
  public List<AuditEvent> history(long id) {
    List<AuditEvent> events = new ArrayList<>(audit.historyOf(ProvisioningCalls.SUBJECT, id, 200));
    events.sort(Comparator.comparing(AuditEvent::id));
    return events;
  }

  /** A delivery with every attempt made and the receiver's answers. */
  public record Delivery(WebhookDelivery delivery, List<WebhookDelivery.Attempt> attempts) {}

  /** The webhooks of a suspension (provisioning calls, chat heads-ups), oldest first. */
  public List<Delivery> deliveries(long id) {
    return webhooks.forSubject(ProvisioningCalls.SUBJECT, id).stream()
        .map(d -> new Delivery(d, webhooks.attemptsOf(d.id())))
        .toList();
  }

  /** Deliveries of suspensions that failed for good or are held, newest first: to replay. */
  public List<WebhookDelivery> failedDeliveries(int limit) {
    return webhooks.withStatus(
        List.of(WebhookDelivery.Status.DEAD, WebhookDelivery.Status.HELD),
        ProvisioningCalls.SUBJECT,
        limit);
  }

  /** The latest provisioning call of each suspension given, by suspension id. */
  public Map<Long, WebhookDelivery> latestProvisioningCalls(List<Suspension> suspensions) {
    Map<Long, WebhookDelivery> latest = new LinkedHashMap<>();
    for (Suspension s : suspensions) {
      webhooks.forSubject(ProvisioningCalls.SUBJECT, s.id()).stream()
          .filter(d -> d.target() == dev.recoup.notifications.WebhookTarget.PROVISIONING)
          .reduce((a, b) -> b)
          .ifPresent(d -> latest.put(s.id(), d));
    }
    return latest;
  }

  /**
   * Sends a dead or held delivery of a suspension again, with the same delivery id (so the receiver
   * still drops it if it got it before). For a lead, the manager or an admin.
   */
  public WebhookDelivery replay(long deliveryId) {
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    if (!(me.is(Role.LEAD) || me.is(Role.MANAGER) || me.is(Role.ADMIN))) {
      throw new AccessDeniedException("A lead, the manager or an admin replays a delivery");
    }
    WebhookDelivery d =
        webhooks
            .find(deliveryId)
            .filter(x -> ProvisioningCalls.SUBJECT.equals(x.subjectType()))
            .orElseThrow(() -> new Webhooks.NoSuchDelivery(deliveryId));
    return webhooks.replay(d.id());
  }

  /** Whether the signed-in person may approve or reject this suspension (to show the buttons). */
  public boolean mayDecide(Suspension s) {
    return s.status() == SuspensionStatus.PROPOSED
        && !s.isCascaded()
        && access
            .currentActor()
            .map(me -> me.is(Role.MANAGER) && !me.username().equals(s.requestedBy()))
            .orElse(false);
  }

  /** Whether the signed-in person may call this suspension off (to show the form). */
  public boolean mayCancel(Suspension s) {
    return BEFORE_SUSPENSION.contains(s.status())
        && !s.isCascaded()
        && accounts.find(s.accountId()).map(accounts::mayChange).orElse(false);
  }

  public boolean mayReinstate(Suspension s) {
    return s.status() == SuspensionStatus.SUSPENDED
        && !s.isCascaded()
        && access.currentActor().map(me -> me.is(Role.MANAGER)).orElse(false);
  }

  public boolean mayReplay() {
    return access
        .currentActor()
        .map(me -> me.is(Role.LEAD) || me.is(Role.MANAGER) || me.is(Role.ADMIN))
        .orElse(false);
  }

  /** What the Account 360 shows: the suspensions, the past due, and whether one may be proposed. */
  public record AccountSection(
      List<Suspension> suspensions,
      Suspension open,
      PastDue pastDue,
      List<String> contracts,
      boolean mayPropose,
      String whyNot,
      LocalDate earliest,
      int noticeDays,
      int endCustomers) {}

  @Transactional(readOnly = true)
  public AccountSection ofAccount(AccountId id) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    LocalDate today = today();
    List<Suspension> all = records.forAccount(id, 20);
    Suspension open = all.stream().filter(Suspension::isOpen).findFirst().orElse(null);
    PastDue pastDue = pastDue(id, null, today);
    Set<String> contracts = new TreeSet<>();
    pastDue.items().stream()
        .map(Invoice::contractRef)
        .filter(r -> r != null && !r.isBlank())
        .forEach(contracts::add);
    String whyNot =
        open != null
            ? "Suspension #" + open.id() + " is " + open.status().label() + "."
            : refusal(account, null, today).map(Suspensions::reasonOnly).orElse(null);
    return new AccountSection(
        all,
        open,
        pastDue,
        List.copyOf(contracts),
        accounts.mayChange(account),
        whyNot,
        today.plusDays(noticeDays),
        noticeDays,
        account.partnerId() == null ? accounts.endCustomers(id).size() : 0);
  }

  // --- Helpers ---------------------------------------------------------------------------------

  /** A cascaded suspension's past due is its partner's: the end customer owes nothing itself. */
  private PastDue pastDue(Suspension s, LocalDate asOf) {
    if (s.isCascaded()) {
      return pastDue(find(s.parentId()), asOf);
    }
    return pastDue(s.accountId(), s.contractRef(), asOf);
  }

  private PastDue pastDue(AccountId account, String contractRef, LocalDate asOf) {
    List<Invoice> items =
        ledger.invoices(account, true, 100_000).stream()
            .filter(i -> i.daysPastDue(asOf) > 0 && i.collectible().isPositive())
            .filter(i -> contractRef == null || contractRef.equals(i.contractRef()))
            .sorted(Comparator.comparing(Invoice::dueDate).thenComparing(i -> i.id().value()))
            .toList();
    Map<String, Money> totals = new LinkedHashMap<>();
    items.forEach(i -> totals.merge(i.collectible().currencyCode(), i.collectible(), Money::plus));
    long oldest = items.isEmpty() ? 0 : items.get(0).daysPastDue(asOf);
    return new PastDue(items, totals, oldest);
  }

  private Optional<PaymentPlan> activePlan(AccountId account) {
    return plans.forAccount(account).stream()
        .filter(p -> p.status() == PlanStatus.ACTIVE)
        .findFirst();
  }

  private static String name(Account a) {
    return a.name() + " (" + a.externalId() + ")";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** "account: under legal hold; ..." → "Under legal hold; ...". */
  private static String reasonOnly(String fieldAndReason) {
    int colon = fieldAndReason.indexOf(": ");
    String r = colon < 0 ? fieldAndReason : fieldAndReason.substring(colon + 2);
    return Character.toUpperCase(r.charAt(0)) + r.substring(1) + ".";
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }
}
