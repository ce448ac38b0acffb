package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Money moving inside Recoup: payments recorded and applied, credit memos issued and applied,
 * refunds paid out of credit balances, and the disputed part of an invoice. Every other module that
 * moves money does it through here, so the ledger's invariants (I1, I2) and the audit trail hold in
 * one place. Each posting is audited in the caller's transaction, refreshes the account's balance
 * row, and publishes what happened.
 */
@Service
@Transactional
public class Postings {

  /** The source system of documents created in Recoup itself. */
  public static final String RECOUP = "RECOUP";

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final Aging aging;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Postings(
      JdbcClient jdbc,
      AuditTrail audit,
      Aging aging,
      ApplicationEventPublisher events,
      Clock clock) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.aging = aging;
    this.events = events;
    this.clock = clock;
  }

  /**
   * A posting that would break the ledger: wrong currency, more than is open, unknown document. The
   * message reads "field: reason", which pages and the API show as a field error.
   */
  public static class PostingRefused extends IllegalArgumentException {
    private final String field;

    public PostingRefused(String field, String message) {
      super(field + ": " + message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** A receipt to record; {@code externalId} makes recording it again a no-op. */
  public record NewPayment(
      AccountId account,
      Money amount,
      LocalDate valueDate,
      String method,
      String reference,
      String remittanceText,
      String externalId) {}

  /**
   * Records a receipt as unapplied cash. Recording the same external id again returns the payment
   * already recorded (and refuses a different amount under the same id).
   */
  public PaymentId recordPayment(NewPayment p) {
    if (!p.amount().isPositive()) {
      throw new PostingRefused("amount", "must be positive");
    }
    var existing =
        jdbc.sql(
                "select id, amount, currency from payment where source_system = ? and external_id = ?")
            .params(RECOUP, p.externalId())
            .query(
                (rs, n) ->
                    Map.entry(
                        rs.getLong("id"),
                        Money.ofStored(rs.getBigDecimal("amount"), rs.getString("currency"))))
            .optional();
    if (existing.isPresent()) {
      if (!existing.get().getValue().equals(p.amount())) {
        throw new PostingRefused(
            "externalId", "payment " + p.externalId() + " was recorded with another amount");
      }
      return new PaymentId(existing.get().getKey());
    }
    long entity =
        jdbc.sql("select entity_id from customer_account where id = ?")
            .param(p.account().value())
            .query(Long.class)
            .optional()
            .orElseThrow(() -> new PostingRefused("account", "no such account"));
    long id =
        jdbc.sql(
                """
                insert into payment (source_system, external_id, account_id, entity_id, currency,
                  value_date, amount, unapplied_amount, method, reference, remittance_text, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                RECOUP,
                p.externalId(),
                p.account().value(),
                entity,
                p.amount().currencyCode(),
                p.valueDate(),
                p.amount().amount(),
                p.amount().amount(),
                p.method() == null ? "WIRE" : p.method(),
                p.reference(),
                p.remittanceText(),
                now())
            .query(Long.class)
            .single();
    audit.record("payment.recorded", "payment", id, null, p, null);
    aging.refreshBalances(p.account(), today());
    return new PaymentId(id);
  }

  /**
   * Applies part of a payment's unapplied cash to an open invoice of the payer or of a related
   * account (its parent, a child, a sibling under the same parent: customers pay for each other).
   */
  public void apply(PaymentId payment, InvoiceId invoice, Money amount, LocalDate on) {
    var p =
        jdbc.sql(
                "select account_id, currency, unapplied_amount from payment where id = ? for update")
            .param(payment.value())
            .query(
                (rs, n) ->
                    new Source(
                        rs.getLong("account_id"),
                        Money.ofStored(
                            rs.getBigDecimal("unapplied_amount"), rs.getString("currency"))))
            .optional()
            .orElseThrow(() -> new PostingRefused("payment", "no such payment"));
    if (!amount.currencyCode().equals(p.available().currencyCode())) {
      throw new PostingRefused("amount", "the payment is in " + p.available().currencyCode());
    }
    if (amount.compareTo(p.available()) > 0) {
      throw new PostingRefused(
          "amount", "more than the payment's unapplied " + p.available().plain());
    }
    OpenItem item = settle(invoice, p.accountId(), amount, on, false);
    jdbc.sql("update payment set unapplied_amount = unapplied_amount - ? where id = ?")
        .params(amount.amount(), payment.value())
        .update();
    jdbc.sql(
            """
            insert into application (invoice_id, payment_id, currency, amount, applied_on, created_at)
            values (?, ?, ?, ?, ?, ?)""")
        .params(invoice.value(), payment.value(), amount.currencyCode(), amount.amount(), on, now())
        .update();
    AccountId payer = new AccountId(p.accountId());
    AccountId owing = new AccountId(item.accountId());
    aging.refreshBalances(owing, today());
    if (!owing.equals(payer)) {
      aging.refreshBalances(payer, today());
    }
    events.publishEvent(new PaymentApplied(owing, invoice, payment, amount, on));
    // Last, so that the audit chain's lock is held only from here to the commit.
    audit.record(
        "payment.applied",
        "invoice",
        invoice.value(),
        Map.of("open", item.open()),
        Map.of("open", item.open().minus(amount), "payment", payment.value(), "applied", amount),
        null);
  }

  /** One line of a bulk application: part of a payment's unapplied cash to one invoice. */
  public record PlannedApplication(PaymentId payment, InvoiceId invoice, BigDecimal amount) {}

  /**
   * What {@link #applyAll} posted: the lines applied, the payments left alone (their lines no
   * longer fit: the payment or an invoice changed meanwhile), and the accounts whose balances
   * moved.
   */
  public record BulkApplied(
      List<PlannedApplication> applied, Set<PaymentId> refused, Set<AccountId> accounts) {}

  /**
   * Applies many payments at once, set-based, in the caller's transaction: the cash-application
   * run's path. Each payment's lines are applied all together or not at all; a payment is refused
   * when its lines exceed its unapplied cash, an invoice's open amount (lines of several payments
   * on one invoice count in payment order), cross currencies or reach an unrelated account. The
   * same checks as {@link #apply}, for thousands of lines in a few statements. One audit row covers
   * the batch ({@code subjectType}/{@code subjectId}: the run), as an import is audited per run;
   * the applications themselves are the ledger's record. Publishes {@link PaymentsApplied}.
   */
  public BulkApplied applyAll(
      List<PlannedApplication> lines,
      LocalDate on,
      String subjectType,
      Object subjectId,
      String reason) {
    if (lines.isEmpty()) {
      return new BulkApplied(List.of(), Set.of(), Set.of());
    }
    Long[] paymentIds =
        lines.stream().map(l -> l.payment().value()).distinct().sorted().toArray(Long[]::new);
    Long[] invoiceIds =
        lines.stream().map(l -> l.invoice().value()).distinct().sorted().toArray(Long[]::new);
    // Payments before invoices, each in id order: the order a single application locks them in.
    jdbc.sql("select id from payment where id = any(?) order by id for update")
        .param(paymentIds)
        .query(Long.class)
        .list();
    Map<Long, BigDecimal> unapplied = new java.util.HashMap<>();
    jdbc.sql("select id from invoice where id = any(?) order by id for update")
        .param(invoiceIds)
        .query(Long.class)
        .list();
    Map<Long, Long> payerOf = new java.util.HashMap<>();
    Map<Long, String> payCurrency = new java.util.HashMap<>();
    jdbc.sql("select id, account_id, currency, unapplied_amount from payment where id = any(?)")
        .param(paymentIds)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  payerOf.put(rs.getLong(1), rs.getLong(2));
                  payCurrency.put(rs.getLong(1), rs.getString(3));
                  unapplied.put(rs.getLong(1), rs.getBigDecimal(4));
                });
    Map<Long, Long> invoiceAccount = new java.util.HashMap<>();
    Map<Long, String> invoiceCurrency = new java.util.HashMap<>();
    Map<Long, BigDecimal> open = new java.util.HashMap<>();
    Map<Long, Long> parentOf = new java.util.HashMap<>();
    jdbc.sql(
            """
            select i.id, i.account_id, i.currency, i.open_amount, a.parent_id
            from invoice i join customer_account a on a.id = i.account_id where i.id = any(?)""")
        .param(invoiceIds)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  invoiceAccount.put(rs.getLong(1), rs.getLong(2));
                  invoiceCurrency.put(rs.getLong(1), rs.getString(3));
                  open.put(rs.getLong(1), rs.getBigDecimal(4));
                  long parent = rs.getLong(5);
                  if (!rs.wasNull()) {
                    parentOf.put(rs.getLong(2), parent);
                  }
                });
    jdbc.sql(
            "select id, parent_id from customer_account where id = any(?) and parent_id is not null")
        .param(payerOf.values().stream().distinct().toArray(Long[]::new))
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> parentOf.put(rs.getLong(1), rs.getLong(2)));
    // Lines per payment, in payment order: a payment fits as a whole or not at all.
    Map<Long, List<PlannedApplication>> byPayment = new java.util.TreeMap<>();
    for (PlannedApplication l : lines) {
      byPayment.computeIfAbsent(l.payment().value(), k -> new ArrayList<>()).add(l);
    }
    List<PlannedApplication> applied = new ArrayList<>();
    Set<PaymentId> refused = new java.util.LinkedHashSet<>();
    Set<AccountId> accounts = new java.util.LinkedHashSet<>();
    Map<String, BigDecimal> totals = new java.util.TreeMap<>();
    for (var e : byPayment.entrySet()) {
      long pid = e.getKey();
      Long payer = payerOf.get(pid);
      BigDecimal sum = BigDecimal.ZERO;
      Map<Long, BigDecimal> take = new java.util.HashMap<>();
      boolean fits = payer != null;
      for (PlannedApplication l : e.getValue()) {
        long iid = l.invoice().value();
        if (!fits || !open.containsKey(iid)) {
          fits = false;
          break;
        }
        long owing = invoiceAccount.get(iid);
        BigDecimal left = open.get(iid).subtract(take.getOrDefault(iid, BigDecimal.ZERO));
        fits =
            l.amount().signum() > 0
                && l.amount().compareTo(left) <= 0
                && invoiceCurrency.get(iid).equals(payCurrency.get(pid))
                && related(payer, owing, parentOf);
        take.merge(iid, l.amount(), BigDecimal::add);
        sum = sum.add(l.amount());
      }
      if (!fits || sum.compareTo(unapplied.get(pid)) > 0) {
        refused.add(new PaymentId(pid));
        continue;
      }
      take.forEach((iid, amount) -> open.merge(iid, amount.negate(), BigDecimal::add));
      unapplied.merge(pid, sum.negate(), BigDecimal::add);
      applied.addAll(e.getValue());
      accounts.add(new AccountId(payer));
      e.getValue()
          .forEach(l -> accounts.add(new AccountId(invoiceAccount.get(l.invoice().value()))));
      totals.merge(payCurrency.get(pid).trim(), sum, BigDecimal::add);
    }
    if (applied.isEmpty()) {
      return new BulkApplied(List.of(), refused, Set.of());
    }
    Long[] p = applied.stream().map(l -> l.payment().value()).toArray(Long[]::new);
    Long[] i = applied.stream().map(l -> l.invoice().value()).toArray(Long[]::new);
    // Amounts travel as text: exact, and every driver binds a text[] (cast to numeric[] below).
    String[] a = applied.stream().map(l -> l.amount().toPlainString()).toArray(String[]::new);
    Map<String, Object> params = new java.util.HashMap<>();
    params.put("p", p);
    params.put("i", i);
    params.put("a", a);
    params.put("on", on);
    params.put("now", now());
    jdbc.sql(
            """
            update invoice i set open_amount = i.open_amount - s.amount,
              disputed_amount = least(i.disputed_amount, i.open_amount - s.amount),
              closed_on = case when i.open_amount - s.amount = 0 then cast(:on as date) end,
              status = case when i.open_amount - s.amount = 0 then 'PAID'
                            when least(i.disputed_amount, i.open_amount - s.amount) > 0 then 'DISPUTED'
                            else 'PARTIALLY_PAID' end
            from (select invoice_id, sum(amount) as amount
                  from unnest(cast(:i as bigint[]), cast(:a as numeric[])) as l(invoice_id, amount)
                  group by invoice_id) s
            where i.id = s.invoice_id""")
        .params(params)
        .update();
    jdbc.sql(
            """
            update payment p set unapplied_amount = p.unapplied_amount - s.amount
            from (select payment_id, sum(amount) as amount
                  from unnest(cast(:p as bigint[]), cast(:a as numeric[])) as l(payment_id, amount)
                  group by payment_id) s
            where p.id = s.payment_id""")
        .params(params)
        .update();
    jdbc.sql(
            """
            insert into application (invoice_id, payment_id, currency, amount, applied_on, created_at)
            select l.invoice_id, l.payment_id, p.currency, l.amount, :on, :now
            from unnest(cast(:i as bigint[]), cast(:p as bigint[]), cast(:a as numeric[]))
                 as l(invoice_id, payment_id, amount)
            join payment p on p.id = l.payment_id""")
        .params(params)
        .update();
    aging.refreshBalances(accounts, today());
    events.publishEvent(new PaymentsApplied(List.copyOf(accounts), applied.size(), on));
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("payments", byPayment.size() - refused.size());
    after.put("applications", applied.size());
    after.put("appliedOn", on);
    after.put("totals", totals);
    if (!refused.isEmpty()) {
      after.put("refusedPayments", refused.stream().map(PaymentId::value).toList());
    }
    audit.record("payments.applied", subjectType, subjectId, null, after, reason);
    return new BulkApplied(List.copyOf(applied), refused, accounts);
  }

  /** The payer itself, its parent, a child or a sibling under the same parent. */
  private static boolean related(long payer, long owing, Map<Long, Long> parentOf) {
    if (payer == owing) {
      return true;
    }
    Long payerParent = parentOf.get(payer);
    Long owingParent = parentOf.get(owing);
    return (payerParent != null && (payerParent == owing || payerParent.equals(owingParent)))
        || (owingParent != null && owingParent == payer);
  }

  /**
   * Issues a credit memo on an account and applies it to invoices (what is not applied stays an
   * open credit). {@code number} is the document number; it is also the memo's external id.
   */
  public CreditMemoId issueCreditMemo(
      AccountId account,
      String number,
      Money amount,
      String reason,
      Map<InvoiceId, Money> applyTo,
      LocalDate on) {
    if (!amount.isPositive()) {
      throw new PostingRefused("amount", "must be positive");
    }
    Money applied = Money.zero(amount.currencyCode());
    for (Money m : applyTo.values()) {
      applied = applied.plus(m);
    }
    if (applied.compareTo(amount) > 0) {
      throw new PostingRefused("amount", "applies more than the credit memo's amount");
    }
    long entity =
        jdbc.sql("select entity_id from customer_account where id = ?")
            .param(account.value())
            .query(Long.class)
            .optional()
            .orElseThrow(() -> new PostingRefused("account", "no such account"));
    long id =
        jdbc.sql(
                """
                insert into credit_memo (source_system, external_id, number, account_id, entity_id,
                  currency, issue_date, amount, open_amount, reason, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                RECOUP,
                number,
                number,
                account.value(),
                entity,
                amount.currencyCode(),
                on,
                amount.amount(),
                amount.minus(applied).amount(),
                reason,
                now())
            .query(Long.class)
            .single();
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("number", number);
    after.put("amount", amount);
    after.put("reason", reason);
    Map<String, Money> applications = new LinkedHashMap<>();
    for (var e : applyTo.entrySet()) {
      settle(e.getKey(), account.value(), e.getValue(), on, true);
      jdbc.sql(
              """
              insert into application (invoice_id, credit_memo_id, currency, amount, applied_on, created_at)
              values (?, ?, ?, ?, ?, ?)""")
          .params(
              e.getKey().value(), id, e.getValue().currencyCode(), e.getValue().amount(), on, now())
          .update();
      applications.put(String.valueOf(e.getKey().value()), e.getValue());
    }
    after.put("appliedTo", applications);
    audit.record("credit-memo.issued", "credit-memo", id, null, after, reason);
    aging.refreshBalances(account, today());
    for (var e : applyTo.entrySet()) {
      events.publishEvent(
          new CreditApplied(account, e.getKey(), new CreditMemoId(id), e.getValue()));
    }
    return new CreditMemoId(id);
  }

  /**
   * Marks part of an invoice's open amount as disputed (zero clears it): that part leaves the
   * collectible past due, and the invoice shows as disputed while any of it is.
   */
  public void setDisputed(InvoiceId invoice, Money disputed, String reason) {
    var item = openItem(invoice);
    if (disputed.isNegative()) {
      throw new PostingRefused("amount", "must not be negative");
    }
    if (!disputed.currencyCode().equals(item.open().currencyCode())) {
      throw new PostingRefused("amount", "the invoice is in " + item.open().currencyCode());
    }
    if (disputed.compareTo(item.open()) > 0) {
      throw new PostingRefused(
          "amount", "more than the invoice's open amount " + item.open().plain());
    }
    jdbc.sql(
            """
            update invoice set disputed_amount = :d,
              status = case when open_amount = 0 then status
                            when :d > 0 then 'DISPUTED'
                            when open_amount = amount then 'OPEN' else 'PARTIALLY_PAID' end
            where id = :id""")
        .param("d", disputed.amount())
        .param("id", invoice.value())
        .update();
    audit.record(
        "invoice.disputed-amount",
        "invoice",
        invoice.value(),
        Map.of("disputed", item.disputed()),
        Map.of("disputed", disputed),
        reason);
    AccountId account = new AccountId(item.accountId());
    aging.refreshBalances(account, today());
    events.publishEvent(new DisputedAmountChanged(account, invoice, disputed));
  }

  /** Where a refund's money comes from: a payment's unapplied cash or an open credit memo. */
  public record CreditSource(PaymentId payment, CreditMemoId creditMemo) {
    public CreditSource {
      if ((payment == null) == (creditMemo == null)) {
        throw new IllegalArgumentException("a payment or a credit memo, not both");
      }
    }

    public static CreditSource of(PaymentId p) {
      return new CreditSource(p, null);
    }

    public static CreditSource of(CreditMemoId m) {
      return new CreditSource(null, m);
    }
  }

  /** What a credit source still holds, and whose it is. */
  public Optional<CreditAvailable> available(CreditSource source) {
    return jdbc.sql(
            source.payment() != null
                ? "select account_id, unapplied_amount as open, currency from payment where id = ?"
                : "select account_id, open_amount as open, currency from credit_memo where id = ?")
        .param(source.payment() != null ? source.payment().value() : source.creditMemo().value())
        .query(
            (rs, n) ->
                new CreditAvailable(
                    new AccountId(rs.getLong("account_id")),
                    Money.ofStored(rs.getBigDecimal("open"), rs.getString("currency"))))
        .optional();
  }

  public record CreditAvailable(AccountId account, Money open) {}

  /**
   * Pays money back out of a credit balance. {@code reference} (the bank transfer's) is unique: the
   * same refund cannot be posted twice.
   */
  public void refund(CreditSource source, Money amount, LocalDate paidOn, String reference) {
    if (!amount.isPositive()) {
      throw new PostingRefused("amount", "must be positive");
    }
    boolean posted =
        jdbc.sql("select exists (select 1 from refund_posting where reference = ?)")
            .param(reference)
            .query(Boolean.class)
            .single();
    if (posted) {
      throw new PostingRefused("reference", "refund " + reference + " is already posted");
    }
    String table = source.payment() != null ? "payment" : "credit_memo";
    String column = source.payment() != null ? "unapplied_amount" : "open_amount";
    long sourceId =
        source.payment() != null ? source.payment().value() : source.creditMemo().value();
    var s =
        jdbc.sql(
                "select account_id, currency, %s as open from %s where id = ? for update"
                    .formatted(column, table))
            .param(sourceId)
            .query(
                (rs, n) ->
                    new Source(
                        rs.getLong("account_id"),
                        Money.ofStored(rs.getBigDecimal("open"), rs.getString("currency"))))
            .optional()
            .orElseThrow(() -> new PostingRefused("source", "no such " + table.replace('_', ' ')));
    if (!amount.currencyCode().equals(s.available().currencyCode())) {
      throw new PostingRefused("amount", "the credit is in " + s.available().currencyCode());
    }
    if (amount.compareTo(s.available()) > 0) {
      throw new PostingRefused("amount", "more than the open credit " + s.available().plain());
    }
    jdbc.sql("update %s set %s = %s - ? where id = ?".formatted(table, column, column))
        .params(amount.amount(), sourceId)
        .update();
    long id =
        jdbc.sql(
                """
                insert into refund_posting (account_id, payment_id, credit_memo_id, currency, amount,
                  paid_on, reference, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                s.accountId(),
                source.payment() == null ? null : source.payment().value(),
                source.creditMemo() == null ? null : source.creditMemo().value(),
                amount.currencyCode(),
                amount.amount(),
                paidOn,
                reference,
                now())
            .query(Long.class)
            .single();
    audit.record(
        "refund.posted",
        table.replace('_', '-'),
        sourceId,
        Map.of("open", s.available()),
        Map.of("open", s.available().minus(amount), "refund", id, "reference", reference),
        null);
    aging.refreshBalances(new AccountId(s.accountId()), today());
  }

  private record Source(long accountId, Money available) {}

  private record OpenItem(long accountId, Money amount, Money open, Money disputed) {}

  private OpenItem openItem(InvoiceId invoice) {
    return jdbc.sql(
            "select account_id, currency, amount, open_amount, disputed_amount from invoice where id = ? for update")
        .param(invoice.value())
        .query(
            (rs, n) -> {
              String c = rs.getString("currency");
              return new OpenItem(
                  rs.getLong("account_id"),
                  Money.ofStored(rs.getBigDecimal("amount"), c),
                  Money.ofStored(rs.getBigDecimal("open_amount"), c),
                  Money.ofStored(rs.getBigDecimal("disputed_amount"), c));
            })
        .optional()
        .orElseThrow(() -> new PostingRefused("invoice", "no such invoice"));
  }

  /**
   * Lowers an invoice's open amount by a settled amount, keeping its status, closing date and
   * disputed part consistent. A credit memo that closes an invoice marks it credited.
   */
  private OpenItem settle(
      InvoiceId invoice, long accountId, Money amount, LocalDate on, boolean byCredit) {
    OpenItem item = openItem(invoice);
    if (item.accountId() != accountId && (byCredit || !related(accountId, item.accountId()))) {
      throw new PostingRefused("invoice", "the invoice belongs to another account");
    }
    if (!amount.currencyCode().equals(item.open().currencyCode())) {
      throw new PostingRefused("amount", "the invoice is in " + item.open().currencyCode());
    }
    if (!amount.isPositive()) {
      throw new PostingRefused("amount", "must be positive");
    }
    if (amount.compareTo(item.open()) > 0) {
      throw new PostingRefused(
          "amount", "more than the invoice's open amount " + item.open().plain());
    }
    BigDecimal open = item.open().minus(amount).amount();
    jdbc.sql(
            """
            update invoice set open_amount = :open,
              disputed_amount = least(disputed_amount, :open),
              closed_on = case when :open = 0 then cast(:on as date) end,
              status = case when :open = 0 then :closed
                            when least(disputed_amount, :open) > 0 then 'DISPUTED'
                            else 'PARTIALLY_PAID' end
            where id = :id""")
        .param("open", open)
        .param("on", on)
        .param("closed", byCredit ? "CREDITED" : "PAID")
        .param("id", invoice.value())
        .update();
    return item;
  }

  /** Whether an invoice of {@code owing} may take {@code payer}'s cash: parent, child, sibling. */
  private boolean related(long payer, long owing) {
    return jdbc.sql(
            """
            select exists (select 1 from customer_account a, customer_account b
                           where a.id = ? and b.id = ?
                             and (a.parent_id = b.id or b.parent_id = a.id or a.parent_id = b.parent_id))""")
        .params(payer, owing)
        .query(Boolean.class)
        .single();
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
  }
}
