package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The ledger module's entry point for reading an account's documents. */
@Service
@Transactional(readOnly = true)
public class Ledger {

  private final JdbcClient jdbc;
  private final FxRates fx;

  Ledger(JdbcClient jdbc, FxRates fx) {
    this.jdbc = jdbc;
    this.fx = fx;
  }

  /**
   * Cash received from a set of accounts with a value date in [from, to], per account, in the
   * reporting currency at the rates of {@code to}.
   */
  public Map<Long, Money> cashCollectedFrom(
      java.util.Collection<Long> accountIds, LocalDate from, LocalDate to) {
    Map<Long, Money> cash = new java.util.HashMap<>();
    if (accountIds.isEmpty()) {
      return cash;
    }
    var rates = fx.ratesOn(to);
    jdbc.sql(
            """
            select account_id, currency, sum(amount) as amount from payment
            where account_id = any(:ids) and value_date between :from and :to
            group by account_id, currency""")
        .param("ids", accountIds.toArray(Long[]::new))
        .param("from", from)
        .param("to", to)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  Money m = Money.ofStored(rs.getBigDecimal("amount"), rs.getString("currency"));
                  cash.merge(
                      rs.getLong("account_id"),
                      fx.toReporting(m, rates)
                          .orElseThrow(
                              () ->
                                  new IllegalStateException("No FX rate for " + m.currencyCode())),
                      Money::plus);
                });
    return cash;
  }

  /**
   * Cash received from each owner's accounts with a value date in [from, to], in the reporting
   * currency at the rates of {@code to}: what each collector's portfolio collected.
   */
  public Map<Long, Money> cashCollectedByOwner(LocalDate from, LocalDate to) {
    var rates = fx.ratesOn(to);
    Map<Long, Money> cash = new java.util.HashMap<>();
    jdbc.sql(
            """
            select a.owner_id, p.currency, sum(p.amount) as amount
            from payment p join customer_account a on a.id = p.account_id
            where p.value_date between ? and ? and a.owner_id is not null
            group by a.owner_id, p.currency""")
        .params(from, to)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  Money m = Money.ofStored(rs.getBigDecimal("amount"), rs.getString("currency"));
                  Money rc =
                      fx.toReporting(m, rates)
                          .orElseThrow(
                              () ->
                                  new IllegalStateException("No FX rate for " + m.currencyCode()));
                  cash.merge(rs.getLong("owner_id"), rc, Money::plus);
                });
    return cash;
  }

  /** An account's invoices, newest due first; {@code openOnly} keeps those with an open amount. */
  public List<Invoice> invoices(AccountId account, boolean openOnly, int limit) {
    return jdbc.sql(
            """
            select i.* from invoice i
            where i.account_id = :account and (not :openOnly or i.open_amount > 0)
            order by i.due_date desc, i.id desc limit :limit""")
        .param("account", account.value())
        .param("openOnly", openOnly)
        .param("limit", limit)
        .query(Ledger::invoice)
        .list();
  }

  /** One payment with its applications. */
  public java.util.Optional<Payment> payment(PaymentId id) {
    return withApplications(
            jdbc.sql("select * from payment where id = ?")
                .param(id.value())
                .query(Ledger::payment)
                .list())
        .stream()
        .findFirst();
  }

  /** An account's payments, newest first, each with its applications. */
  public List<Payment> payments(AccountId account, int limit) {
    return withApplications(
        jdbc.sql(
                """
                select * from payment where account_id = ? order by value_date desc, id desc limit ?""")
            .params(account.value(), limit)
            .query(Ledger::payment)
            .list());
  }

  private static Payment payment(ResultSet rs, int n) throws SQLException {
    String c = rs.getString("currency");
    return new Payment(
        new PaymentId(rs.getLong("id")),
        rs.getString("external_id"),
        new AccountId(rs.getLong("account_id")),
        rs.getObject("value_date", LocalDate.class),
        Money.ofStored(rs.getBigDecimal("amount"), c),
        Money.ofStored(rs.getBigDecimal("unapplied_amount"), c),
        rs.getString("method"),
        rs.getString("reference"),
        rs.getString("remittance_text"),
        new ArrayList<>());
  }

  private List<Payment> withApplications(List<Payment> payments) {
    if (payments.isEmpty()) {
      return payments;
    }
    Map<Long, Payment> byId = new LinkedHashMap<>();
    payments.forEach(p -> byId.put(p.id().value(), p));
    jdbc.sql(
            """
            select a.*, i.number from application a join invoice i on i.id = a.invoice_id
            where a.payment_id in (:ids) order by a.id""")
        .param("ids", byId.keySet())
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> byId.get(rs.getLong("payment_id")).applications().add(application(rs)));
    return payments;
  }

  /** An account's credit memos, newest first, each with its applications. */
  public List<CreditMemo> creditMemos(AccountId account) {
    List<CreditMemo> memos =
        jdbc.sql("select * from credit_memo where account_id = ? order by issue_date desc, id desc")
            .param(account.value())
            .query(
                (rs, n) -> {
                  String c = rs.getString("currency");
                  return new CreditMemo(
                      new CreditMemoId(rs.getLong("id")),
                      rs.getString("number"),
                      new AccountId(rs.getLong("account_id")),
                      rs.getObject("issue_date", LocalDate.class),
                      Money.ofStored(rs.getBigDecimal("amount"), c),
                      Money.ofStored(rs.getBigDecimal("open_amount"), c),
                      rs.getString("reason"),
                      new ArrayList<>());
                })
            .list();
    if (memos.isEmpty()) {
      return memos;
    }
    Map<Long, CreditMemo> byId = new LinkedHashMap<>();
    memos.forEach(m -> byId.put(m.id().value(), m));
    jdbc.sql(
            """
            select a.*, i.number from application a join invoice i on i.id = a.invoice_id
            where a.credit_memo_id in (:ids) order by a.id""")
        .param("ids", byId.keySet())
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> byId.get(rs.getLong("credit_memo_id")).applications().add(application(rs)));
    return memos;
  }

  /** One month of an account's payment behaviour: invoices settled and their average lateness. */
  public record PaymentTrendPoint(
      YearMonth month, BigDecimal averageDaysBeyondTerms, long invoicesPaid) {}

  /**
   * Average days beyond terms of the invoices an account settled, by the month they were settled,
   * over the 24 months up to {@code asOf}. Negative means early.
   */
  public List<PaymentTrendPoint> paymentTrend(AccountId account, LocalDate asOf) {
    return jdbc.sql(
            """
            select date_trunc('month', closed_on)::date as month,
                   round(avg(closed_on - due_date), 1) as avg_days, count(*) as paid
            from invoice
            where account_id = ? and closed_on is not null and status = 'PAID'
              and closed_on > ? and closed_on <= ?
            group by 1 order by 1""")
        .params(account.value(), asOf.minusMonths(24), asOf)
        .query(
            (rs, n) ->
                new PaymentTrendPoint(
                    YearMonth.from(rs.getObject("month", LocalDate.class)),
                    rs.getBigDecimal("avg_days"),
                    rs.getLong("paid")))
        .list();
  }

  private static Application application(ResultSet rs) throws SQLException {
    return new Application(
        rs.getLong("id"),
        new InvoiceId(rs.getLong("invoice_id")),
        rs.getString("number"),
        Money.ofStored(rs.getBigDecimal("amount"), rs.getString("currency")),
        rs.getObject("applied_on", LocalDate.class));
  }

  static Invoice invoice(ResultSet rs, int row) throws SQLException {
    String c = rs.getString("currency");
    long endCustomer = rs.getLong("end_customer_id");
    boolean noEndCustomer = rs.wasNull();
    return new Invoice(
        new InvoiceId(rs.getLong("id")),
        rs.getString("number"),
        new AccountId(rs.getLong("account_id")),
        noEndCustomer ? null : new AccountId(endCustomer),
        rs.getObject("issue_date", LocalDate.class),
        rs.getObject("due_date", LocalDate.class),
        rs.getInt("terms_days"),
        rs.getString("po_number"),
        rs.getString("contract_ref"),
        rs.getString("kind"),
        Money.ofStored(rs.getBigDecimal("amount"), c),
        Money.ofStored(rs.getBigDecimal("tax"), c),
        Money.ofStored(rs.getBigDecimal("open_amount"), c),
        InvoiceStatus.valueOf(rs.getString("status")),
        rs.getObject("closed_on", LocalDate.class),
        rs.getString("submitted_via"),
        Money.ofStored(rs.getBigDecimal("disputed_amount"), c));
  }
}
