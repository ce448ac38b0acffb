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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

  /** Applies part of a payment's unapplied cash to an open invoice of the same account. */
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
    audit.record(
        "payment.applied",
        "invoice",
        invoice.value(),
        Map.of("open", item.open()),
        Map.of("open", item.open().minus(amount), "payment", payment.value(), "applied", amount),
        null);
    AccountId account = new AccountId(p.accountId());
    aging.refreshBalances(account, today());
    events.publishEvent(new PaymentApplied(account, invoice, payment, amount, on));
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
    if (item.accountId() != accountId) {
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

  private LocalDate today() {
    return LocalDate.now(clock);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
  }
}
