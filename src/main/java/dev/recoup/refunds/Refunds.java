package dev.recoup.refunds;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Postings;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds of credit balances with controls. A collector (on its own accounts) or anyone above
 * requests a refund of part of a payment's unapplied cash or a credit memo's open amount, up to
 * what is still available (open less what other pending refunds reserve). A lead, manager or admin
 * other than the requester approves or rejects it (segregation of duties: a collector never
 * approves). Someone other than the requester then records the bank-details check (how, the last
 * four digits). A lead, manager, admin or the treasury system marks it paid with the bank
 * reference, which posts the refund in the ledger ({@link Postings#refund}); paid refunds are
 * exported once for the ERP. The amount is checked again against what is still available at
 * approval and at payment, since a credit may have been applied meanwhile. Every step is audited.
 */
@Service
@Transactional(readOnly = true)
public class Refunds {

  /** A refund id that names nothing. */
  public static class NoSuchRefund extends RuntimeException {
    public NoSuchRefund(long id) {
      super("No refund " + id);
    }
  }

  /** One ERP export: which refunds it carried is kept, so it can be downloaded again. */
  public record ExportBatch(long id, Instant exportedAt, String exportedBy, int refunds) {}

  /** The CSV of an export; {@code batch} is null when nothing was waiting. */
  public record Export(ExportBatch batch, List<Refund> refunds, String csv) {}

  /** Requested → paid, in days, over the refunds paid in a period. */
  public record CycleTime(long paid, BigDecimal meanDays, BigDecimal medianDays) {}

  /** The work on the refunds page: what waits for whom, and what was paid. */
  public record Queues(
      List<Refund> awaitingApproval,
      List<Refund> inVerification,
      List<Refund> paid,
      List<Refund> closed,
      CycleTime cycleTime,
      long unexported,
      List<ExportBatch> exports) {}

  /** The account's credit balance on its Account 360 page. */
  public record AccountCredit(
      List<CreditBalance> sources,
      List<Money> availableByCurrency,
      List<Refund> refunds,
      List<Outreach> outreach,
      List<Contact> emailContacts,
      boolean mayRequest,
      String requestKey) {

    public boolean isEmpty() {
      return sources.isEmpty() && refunds.isEmpty() && outreach.isEmpty();
    }
  }

  static final int CYCLE_TIME_DAYS = 365;
  private static final int MAX_TEXT = 500;
  private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
  private static final int LOCK_PAYMENT = 0x52465050; // "RFPP"
  private static final int LOCK_CREDIT_MEMO = 0x5246434d; // "RFCM"

  private final RefundRecords records;
  private final CreditBalances balances;
  private final CreditOutreach outreach;
  private final Postings postings;
  private final Accounts accounts;
  private final Access access;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;
  private final JdbcClient jdbc;
  private final Clock clock;

  Refunds(
      RefundRecords records,
      CreditBalances balances,
      CreditOutreach outreach,
      Postings postings,
      Accounts accounts,
      Access access,
      AuditTrail audit,
      ApplicationEventPublisher events,
      JdbcClient jdbc,
      Clock clock) {
    this.records = records;
    this.balances = balances;
    this.outreach = outreach;
    this.postings = postings;
    this.accounts = accounts;
    this.access = access;
    this.audit = audit;
    this.events = events;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Requests a refund. Once per {@code idempotencyKey} (the API's Idempotency-Key, a page form's
   * token; may be null): the same key with the same request returns the refund already requested,
   * with another request it is refused.
   */
  @Transactional
  public Refund request(NewRefund r, String idempotencyKey) {
    Actor me = me();
    if (r.account() == null) {
      throw new IllegalArgumentException("account: required");
    }
    Account account =
        accounts.find(r.account()).orElseThrow(() -> new Accounts.NoSuchAccount(r.account()));
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (r.source() == null) {
      throw new IllegalArgumentException("source: choose the payment or credit memo to refund");
    }
    if (r.amount() == null || !r.amount().isPositive()) {
      throw new IllegalArgumentException("amount: must be positive");
    }
    String reason = text("reason", r.reason(), true);
    NewRefund clean = new NewRefund(r.account(), r.source(), r.amount(), reason);
    String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
    if (key != null && key.length() > 200) {
      throw new IllegalArgumentException("Idempotency-Key: at most 200 characters");
    }
    String digest = digest(clean);
    if (key != null) {
      Optional<Refund> earlier = replay(key, digest);
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    lockSource(clean.source());
    Postings.CreditAvailable credit =
        postings
            .available(clean.source().toLedger())
            .orElseThrow(
                () -> new IllegalArgumentException("source: no such " + clean.source().noun()));
    if (!credit.account().equals(clean.account())) {
      throw new IllegalArgumentException(
          "source: this " + clean.source().noun() + " belongs to another account");
    }
    if (!credit.open().currencyCode().equals(clean.amount().currencyCode())) {
      throw new IllegalArgumentException(
          "amount: the credit is in " + credit.open().currencyCode());
    }
    Money reserved = records.reserved(clean.source(), credit.open().currencyCode(), null);
    Money available = credit.open().minus(reserved);
    if (clean.amount().compareTo(available) > 0) {
      throw new IllegalArgumentException(
          "amount: more than the "
              + available
              + " available on this "
              + clean.source().noun()
              + (reserved.isPositive()
                  ? " (" + reserved + " of its " + credit.open() + " is in other pending refunds)"
                  : ""));
    }
    Optional<Long> id = records.insert(clean, me.username(), now(), key, digest);
    if (id.isEmpty()) {
      // Another request with this key committed meanwhile.
      return replay(key, digest).orElseThrow();
    }
    Refund created = find(id.get());
    audit.record("refund.requested", "refund", id.get(), null, snapshot(created), reason);
    return created;
  }

  /** Approves a requested refund: a lead, manager or admin who did not request it. */
  @Transactional
  public Refund approve(RefundId id, String reason) {
    Actor me = requireApprover();
    Refund before = lockForDecision(id, me);
    requireStatus(before, RefundStatus.REQUESTED, "approved");
    requireStillAvailable(before);
    records.decide(
        id.value(), RefundStatus.APPROVED, me.username(), now(), text("reason", reason, false));
    return audited("refund.approved", before, reason);
  }

  /** Rejects a requested refund, saying why: a lead, manager or admin who did not request it. */
  @Transactional
  public Refund reject(RefundId id, String reason) {
    Actor me = requireApprover();
    Refund before = lockForDecision(id, me);
    String why = text("reason", reason, true);
    requireStatus(before, RefundStatus.REQUESTED, "rejected");
    records.decide(id.value(), RefundStatus.REJECTED, me.username(), now(), why);
    return audited("refund.rejected", before, why);
  }

  /**
   * Records the bank-details check of an approved refund: a person who may work the account and did
   * not request the refund, by a channel on file, with the last four digits confirmed.
   */
  @Transactional
  public Refund verify(RefundId id, BankCheck check) {
    Actor me = me();
    Refund before = lock(id);
    Account account = accounts.find(before.accountId()).orElseThrow();
    if (me.is(Role.SYSTEM)) {
      throw new AccessDeniedException("A person verifies bank details, not a system");
    }
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (me.username().equals(before.requestedBy())) {
      throw new AccessDeniedException(
          "You requested this refund: someone else verifies the bank details");
    }
    requireStatus(before, RefundStatus.APPROVED, "verified");
    if (check == null || check.method() == null) {
      throw new IllegalArgumentException("method: how the bank details were confirmed");
    }
    String last4 = check.bankAccountLast4() == null ? "" : check.bankAccountLast4().strip();
    if (!LAST4.matcher(last4).matches()) {
      throw new IllegalArgumentException(
          "bankAccountLast4: the last four digits of the bank account confirmed");
    }
    records.verify(
        id.value(),
        me.username(),
        now(),
        new BankCheck(check.method(), last4, text("note", check.note(), false)));
    return audited("refund.verified", before, null);
  }

  /**
   * Marks a verified refund paid with the bank transfer's reference and posts it in the ledger: the
   * credit it came from drops by exactly its amount. A lead, manager, admin or the treasury system.
   */
  @Transactional
  public Refund markPaid(RefundId id, String reference, LocalDate paidOn) {
    Actor me = me();
    if (!(me.is(Role.LEAD) || me.is(Role.MANAGER) || me.is(Role.ADMIN) || me.is(Role.SYSTEM))) {
      throw new AccessDeniedException(
          "A lead, manager, admin or the treasury system marks a refund paid");
    }
    Refund before = lock(id);
    requireStatus(before, RefundStatus.VERIFIED, "paid");
    String ref = text("reference", reference, true);
    if (ref.length() > 100) {
      throw new IllegalArgumentException("reference: at most 100 characters");
    }
    LocalDate today = LocalDate.now(clock);
    LocalDate on = paidOn == null ? today : paidOn;
    if (on.isAfter(today)) {
      throw new IllegalArgumentException("paidOn: a payment date in the future");
    }
    if (on.isBefore(LocalDate.ofInstant(before.requestedAt(), clock.getZone()))) {
      throw new IllegalArgumentException("paidOn: before the refund was requested");
    }
    records
        .refundWithReference(ref)
        .ifPresent(
            other -> {
              throw new IllegalArgumentException("reference: already used by refund " + other);
            });
    lockSource(before.source());
    Money open = openOf(before);
    if (before.amount().compareTo(open) > 0) {
      throw new IllegalArgumentException(
          "amount: only "
              + open
              + " is still open on "
              + before.document()
              + " (a credit was applied since the request); cancel this refund and request what is left");
    }
    postings.refund(before.source().toLedger(), before.amount(), on, ref);
    records.pay(id.value(), me.username(), now(), on, ref);
    Refund after = audited("refund.paid", before, null);
    events.publishEvent(new RefundPaid(id, before.accountId(), before.amount(), on, ref));
    return after;
  }

  /** Cancels a refund not yet paid: its requester, or whoever may change the account. */
  @Transactional
  public Refund cancel(RefundId id, String reason) {
    Actor me = me();
    Refund before = lock(id);
    if (!me.username().equals(before.requestedBy())) {
      Account account = accounts.find(before.accountId()).orElseThrow();
      access.requireMayChangeAccountOwnedBy(account.ownerId());
    }
    String why = text("reason", reason, true);
    if (!before.pending()) {
      throw new IllegalArgumentException(
          "status: only a refund not yet paid is cancelled; this one is " + before.status());
    }
    records.cancel(id.value(), me.username(), now(), why);
    return audited("refund.cancelled", before, why);
  }

  /**
   * Exports the paid refunds not yet exported as CSV for the ERP and marks them exported, once: a
   * second export does not carry them again (the batch can be downloaded again by its id).
   */
  @Transactional
  public Export export() {
    Actor me = me();
    if (!(me.is(Role.LEAD) || me.is(Role.MANAGER) || me.is(Role.ADMIN) || me.is(Role.SYSTEM))) {
      throw new AccessDeniedException(
          "A lead, manager, admin or the ERP system exports paid refunds");
    }
    List<Long> ids = records.unexportedForUpdate();
    if (ids.isEmpty()) {
      return new Export(null, List.of(), RefundCsv.of(List.of(), Map.of()));
    }
    long exportId = records.createExport(me.username(), now(), ids);
    List<Refund> refunds = records.ofExport(exportId);
    audit.record(
        "refunds.exported",
        "refund-export",
        exportId,
        null,
        Map.of("refunds", ids, "count", ids.size()),
        null);
    ExportBatch batch = records.export(exportId).orElseThrow();
    return new Export(batch, refunds, RefundCsv.of(refunds, entityCodes(refunds)));
  }

  /** An earlier export, again. */
  public Export exportBatch(long exportId) {
    ExportBatch batch =
        records
            .export(exportId)
            .orElseThrow(() -> new IllegalArgumentException("id: no export " + exportId));
    List<Refund> refunds = records.ofExport(exportId);
    return new Export(batch, refunds, RefundCsv.of(refunds, entityCodes(refunds)));
  }

  public Refund find(long id) {
    return records.byId(id).orElseThrow(() -> new NoSuchRefund(id));
  }

  public Refund find(RefundId id) {
    return find(id.value());
  }

  /** Refunds, newest first; {@code status} and {@code account} may be null (any). */
  public List<Refund> list(RefundStatus status, AccountId account, int limit) {
    return records.list(
        status, account == null ? null : account.value(), Math.max(1, Math.min(limit, 1000)));
  }

  /** What the refunds page shows besides the credit balances. */
  public Queues queues() {
    return new Queues(
        records.withStatus(List.of(RefundStatus.REQUESTED), "r.requested_at, r.id", 200),
        records.withStatus(
            List.of(RefundStatus.APPROVED, RefundStatus.VERIFIED), "r.decided_at, r.id", 200),
        records.withStatus(List.of(RefundStatus.PAID), "r.paid_at desc, r.id desc", 50),
        records.withStatus(
            List.of(RefundStatus.REJECTED, RefundStatus.CANCELLED),
            "coalesce(r.cancelled_at, r.decided_at) desc, r.id desc",
            20),
        cycleTime(),
        records.unexportedCount(),
        records.exports(10));
  }

  /** Requested → paid over the refunds paid in the last 365 days. */
  public CycleTime cycleTime() {
    return records.cycleTime(now().minus(CYCLE_TIME_DAYS, ChronoUnit.DAYS));
  }

  /** What is still available on a credit for a new refund: open less pending refunds. */
  public Money available(CreditSourceRef source) {
    Postings.CreditAvailable credit =
        postings
            .available(source.toLedger())
            .orElseThrow(() -> new IllegalArgumentException("source: no such " + source.noun()));
    return credit.open().minus(records.reserved(source, credit.open().currencyCode(), null));
  }

  /** The credit balance section of Account 360. */
  public AccountCredit ofAccount(AccountId account) {
    Account a = accounts.find(account).orElseThrow(() -> new Accounts.NoSuchAccount(account));
    List<CreditBalance> sources = balances.ofAccount(account);
    Map<String, Money> available = new LinkedHashMap<>();
    sources.forEach(s -> available.merge(s.open().currencyCode(), s.available(), Money::plus));
    return new AccountCredit(
        sources,
        List.copyOf(available.values()),
        records.ofAccount(account, 20),
        outreach.history(account, 10),
        outreach.emailContacts(account),
        access.mayChangeAccountOwnedBy(a.ownerId()),
        UUID.randomUUID().toString());
  }

  /** An account's open receivables (from the balance summary), beside a refund as evidence. */
  public record OpenItems(long items, Money open, Money pastDue) {}

  /** The open items of each account, in the reporting currency. */
  public Map<Long, OpenItems> openItemsOf(java.util.Collection<AccountId> ids) {
    Map<Long, OpenItems> m = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return m;
    }
    String rc = balances.reportingCurrency();
    jdbc.sql(
            """
            select account_id, open_items, open_total_rc, past_due_rc from account_summary
            where account_id = any(?)""")
        .param(ids.stream().map(AccountId::value).distinct().toArray(Long[]::new))
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs ->
                    m.put(
                        rs.getLong("account_id"),
                        new OpenItems(
                            rs.getLong("open_items"),
                            Money.ofStored(rs.getBigDecimal("open_total_rc"), rc),
                            Money.ofStored(rs.getBigDecimal("past_due_rc"), rc))));
    return m;
  }

  /** Reads an amount typed in a form ("1250.00") in the currency of the credit it comes from. */
  public Money amountIn(CreditSourceRef source, String text) {
    String currency =
        postings
            .available(source.toLedger())
            .orElseThrow(() -> new IllegalArgumentException("source: no such " + source.noun()))
            .open()
            .currencyCode();
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("amount: required");
    }
    try {
      return Money.of(new BigDecimal(text.strip()), currency);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "amount: '" + text + "' is not an amount (write 1250.00, with a point)");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("amount: " + e.getMessage());
    }
  }

  /** Whether the signed-in person may approve or reject this refund. */
  public boolean mayDecide(Refund r) {
    return access
        .currentActor()
        .map(
            me ->
                (me.is(Role.LEAD) || me.is(Role.MANAGER) || me.is(Role.ADMIN))
                    && !me.username().equals(r.requestedBy()))
        .orElse(false);
  }

  /** Whether the signed-in person may record the bank-details check of this refund. */
  public boolean mayVerify(Refund r) {
    return access
        .currentActor()
        .map(
            me ->
                !me.is(Role.SYSTEM)
                    && !me.username().equals(r.requestedBy())
                    && accounts
                        .find(r.accountId())
                        .map(a -> access.mayChangeAccountOwnedBy(a.ownerId()))
                        .orElse(false))
        .orElse(false);
  }

  /** Whether the signed-in person may mark refunds paid and export them. */
  public boolean mayPay() {
    return access
        .currentActor()
        .map(
            me ->
                me.is(Role.LEAD) || me.is(Role.MANAGER) || me.is(Role.ADMIN) || me.is(Role.SYSTEM))
        .orElse(false);
  }

  /** Whether the signed-in person may cancel this refund. */
  public boolean mayCancel(Refund r) {
    return access
        .currentActor()
        .map(
            me ->
                me.username().equals(r.requestedBy())
                    || accounts
                        .find(r.accountId())
                        .map(a -> access.mayChangeAccountOwnedBy(a.ownerId()))
                        .orElse(false))
        .orElse(false);
  }

  private Optional<Refund> replay(String key, String digest) {
    return records
        .byIdempotencyKey(key)
        .map(
            e -> {
              if (!e.getValue().equals(digest)) {
                throw new IllegalArgumentException(
                    "Idempotency-Key: already used for a different refund request");
              }
              return e.getKey();
            });
  }

  private Actor me() {
    return access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
  }

  private Actor requireApprover() {
    Actor me = me();
    if (!(me.is(Role.LEAD) || me.is(Role.MANAGER) || me.is(Role.ADMIN))) {
      throw new AccessDeniedException("Only a lead, manager or admin approves or rejects a refund");
    }
    return me;
  }

  private Refund lockForDecision(RefundId id, Actor me) {
    Refund r = lock(id);
    if (me.username().equals(r.requestedBy())) {
      throw new AccessDeniedException(
          "You requested this refund: someone else approves or rejects it (segregation of duties)");
    }
    return r;
  }

  private Refund lock(RefundId id) {
    return records.lock(id.value()).orElseThrow(() -> new NoSuchRefund(id.value()));
  }

  private static void requireStatus(Refund r, RefundStatus expected, String verb) {
    if (r.status() != expected) {
      throw new IllegalArgumentException(
          "status: only a "
              + expected.name().toLowerCase()
              + " refund can be "
              + verb
              + "; this one is "
              + r.status());
    }
  }

  /** At approval: the credit still holds this refund besides the other pending ones. */
  private void requireStillAvailable(Refund r) {
    lockSource(r.source());
    Money open = openOf(r);
    Money available = open.minus(records.reserved(r.source(), open.currencyCode(), r.id().value()));
    if (r.amount().compareTo(available) > 0) {
      throw new IllegalArgumentException(
          "amount: only "
              + (available.isNegative() ? Money.zero(open.currencyCode()) : available)
              + " is still available on "
              + r.document()
              + " (a credit was applied or refunded since the request); reject this refund and request what is left");
    }
  }

  private Money openOf(Refund r) {
    return postings
        .available(r.source().toLedger())
        .orElseThrow(() -> new IllegalArgumentException("source: no such " + r.source().noun()))
        .open();
  }

  /**
   * Serialises requests, approvals and payments on one credit, so two of them cannot both take the
   * same available amount.
   */
  private void lockSource(CreditSourceRef source) {
    jdbc.sql("select pg_advisory_xact_lock(?, ?)")
        .params(
            source.isPayment() ? LOCK_PAYMENT : LOCK_CREDIT_MEMO,
            (int) (source.id() ^ (source.id() >>> 32)))
        .query()
        .singleRow();
  }

  private Refund audited(String action, Refund before, String reason) {
    Refund after = find(before.id());
    audit.record(action, "refund", before.id().value(), snapshot(before), snapshot(after), reason);
    return after;
  }

  /** What the audit trail keeps of a refund at each step. */
  private static Map<String, Object> snapshot(Refund r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("account", r.accountId().value());
    m.put("source", r.source().key());
    m.put("document", r.document());
    m.put("amount", r.amount());
    m.put("status", r.status().name());
    m.put("requestedBy", r.requestedBy());
    if (r.decidedBy() != null) {
      m.put("decidedBy", r.decidedBy());
    }
    if (r.verifiedBy() != null) {
      m.put("verifiedBy", r.verifiedBy());
      m.put("verificationMethod", r.verificationMethod().name());
      m.put("bankAccountLast4", r.bankAccountLast4());
    }
    if (r.paymentReference() != null) {
      m.put("paymentReference", r.paymentReference());
      m.put("paidOn", r.paidOn().toString());
    }
    if (r.cancelledBy() != null) {
      m.put("cancelledBy", r.cancelledBy());
    }
    return m;
  }

  private Map<Long, String> entityCodes(List<Refund> refunds) {
    Map<Long, String> codes = new LinkedHashMap<>();
    var entities = accounts.entitiesById();
    for (Refund r : refunds) {
      codes.computeIfAbsent(
          r.accountId().value(),
          id ->
              accounts
                  .find(r.accountId())
                  .map(a -> entities.get(a.entityId()))
                  .map(e -> e.code())
                  .orElse(""));
    }
    return codes;
  }

  private static String text(String field, String value, boolean required) {
    String v = value == null ? "" : value.strip();
    if (required && v.isEmpty()) {
      throw new IllegalArgumentException(
          field + (field.equals("reason") ? ": say why" : ": required"));
    }
    if (v.length() > MAX_TEXT) {
      throw new IllegalArgumentException(field + ": at most " + MAX_TEXT + " characters");
    }
    return v.isEmpty() ? null : v;
  }

  private static String digest(NewRefund r) {
    String canonical =
        String.join(
            "\n",
            String.valueOf(r.account().value()),
            r.source().key(),
            r.amount().plain(),
            r.amount().currencyCode(),
            r.reason());
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Instant now() {
    return Instant.now(clock);
  }
}
