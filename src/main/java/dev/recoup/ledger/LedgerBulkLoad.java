package dev.recoup.ledger;

import dev.recoup.shared.BulkCopy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk loads of ledger documents through COPY (demo generator, ERP imports). The caller supplies
 * consistent open amounts; the table constraints still refuse any row that breaks I1-I2, and a
 * failed load rolls back whole with the caller's transaction.
 */
@Service
public class LedgerBulkLoad {

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Clock clock;

  LedgerBulkLoad(DataSource dataSource, JdbcClient jdbc, Clock clock) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public record InvoiceRow(
      long id,
      String sourceSystem,
      String externalId,
      String number,
      long accountId,
      Long endCustomerId,
      long entityId,
      String currency,
      LocalDate issueDate,
      LocalDate dueDate,
      int termsDays,
      String poNumber,
      String contractRef,
      String kind,
      BigDecimal amount,
      BigDecimal tax,
      BigDecimal openAmount,
      InvoiceStatus status,
      LocalDate closedOn,
      String submittedVia) {}

  public record CreditMemoRow(
      long id,
      String sourceSystem,
      String externalId,
      String number,
      long accountId,
      long entityId,
      String currency,
      LocalDate issueDate,
      BigDecimal amount,
      BigDecimal openAmount,
      String reason) {}

  public record PaymentRow(
      long id,
      String sourceSystem,
      String externalId,
      long accountId,
      long entityId,
      String currency,
      LocalDate valueDate,
      BigDecimal amount,
      BigDecimal unappliedAmount,
      String method,
      String reference,
      String remittanceText) {}

  /**
   * An application; {@code sourceSystem} and {@code externalId} name it in the ERP (or are null).
   */
  public record ApplicationRow(
      long invoiceId,
      Long paymentId,
      Long creditMemoId,
      String currency,
      BigDecimal amount,
      LocalDate appliedOn,
      String sourceSystem,
      String externalId) {

    public ApplicationRow(
        long invoiceId,
        Long paymentId,
        Long creditMemoId,
        String currency,
        BigDecimal amount,
        LocalDate appliedOn) {
      this(invoiceId, paymentId, creditMemoId, currency, amount, appliedOn, null, null);
    }
  }

  public Batch batch() {
    return new Batch();
  }

  /**
   * Removes every ledger document and FX rate, and (cascade) what other modules hold on them: only
   * for replacing a generated portfolio.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void clear() {
    jdbc.sql(
            "truncate account_summary, account_balance, application, refund_posting, payment, credit_memo, invoice, fx_rate restart identity cascade")
        .update();
  }

  /**
   * Sets the disputed part of many open invoices in one statement (a generated or imported dispute
   * history), with the status that goes with it. Refuses the whole set, in the caller's
   * transaction, when an amount is negative or above its invoice's open amount, an invoice is not
   * open, or an invoice is named twice.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public int markDisputed(long[] invoiceIds, BigDecimal[] amounts) {
    if (invoiceIds.length != amounts.length) {
      throw new IllegalArgumentException("amounts: one per invoice");
    }
    if (invoiceIds.length == 0) {
      return 0;
    }
    Long[] ids = new Long[invoiceIds.length];
    String[] values = new String[amounts.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = invoiceIds[i];
      values[i] = amounts[i].toPlainString();
    }
    int updated =
        jdbc.sql(
                """
                update invoice i set disputed_amount = d.amount,
                  status = case when d.amount > 0 then 'DISPUTED'
                                when i.open_amount = i.amount then 'OPEN' else 'PARTIALLY_PAID' end
                from unnest(cast(? as bigint[]), cast(cast(? as text[]) as numeric[])) as d(id, amount)
                where i.id = d.id and i.open_amount > 0 and d.amount >= 0
                  and d.amount <= i.open_amount""")
            .params(ids, values)
            .update();
    if (updated != ids.length) {
      throw new IllegalArgumentException(
          "amounts: "
              + (ids.length - updated)
              + " of "
              + ids.length
              + " invoices are not open, are named twice or would be disputed above their open amount");
    }
    return updated;
  }

  /** Rows staged for one load; {@link #load()} copies them in foreign-key order. */
  public final class Batch implements AutoCloseable {
    private final String at =
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).toString();
    private final BulkCopy rates = new BulkCopy("fx_rate", "currency, rate_date, rate");
    private final BulkCopy invoices =
        new BulkCopy(
            "invoice",
            "id, source_system, external_id, number, account_id, end_customer_id, entity_id, currency,"
                + " issue_date, due_date, terms_days, po_number, contract_ref, kind, amount, tax,"
                + " open_amount, status, closed_on, submitted_via, created_at, erp_open_amount,"
                + " erp_status");
    private final BulkCopy memos =
        new BulkCopy(
            "credit_memo",
            "id, source_system, external_id, number, account_id, entity_id, currency, issue_date,"
                + " amount, open_amount, reason, created_at");
    private final BulkCopy payments =
        new BulkCopy(
            "payment",
            "id, source_system, external_id, account_id, entity_id, currency, value_date, amount,"
                + " unapplied_amount, method, reference, remittance_text, created_at");
    private final BulkCopy applications =
        new BulkCopy(
            "application",
            "invoice_id, payment_id, credit_memo_id, currency, amount, applied_on, created_at,"
                + " source_system, external_id");

    private Batch() {}

    public void fxRate(String currency, LocalDate date, BigDecimal rate) {
      rates.add(w -> w.add(currency).add(date).add(rate));
    }

    public void invoice(InvoiceRow r) {
      invoices.add(
          w ->
              w.add(r.id())
                  .add(r.sourceSystem())
                  .add(r.externalId())
                  .add(r.number())
                  .add(r.accountId())
                  .add(r.endCustomerId())
                  .add(r.entityId())
                  .add(r.currency())
                  .add(r.issueDate())
                  .add(r.dueDate())
                  .add(r.termsDays())
                  .add(r.poNumber())
                  .add(r.contractRef())
                  .add(r.kind())
                  .add(r.amount())
                  .add(r.tax())
                  .add(r.openAmount())
                  .add(r.status().name())
                  .add(r.closedOn())
                  .add(r.submittedVia())
                  .add(at)
                  // Loaded from the source system: its open amount and status are these too.
                  .add(r.openAmount())
                  .add(r.status().name()));
    }

    public void creditMemo(CreditMemoRow r) {
      memos.add(
          w ->
              w.add(r.id())
                  .add(r.sourceSystem())
                  .add(r.externalId())
                  .add(r.number())
                  .add(r.accountId())
                  .add(r.entityId())
                  .add(r.currency())
                  .add(r.issueDate())
                  .add(r.amount())
                  .add(r.openAmount())
                  .add(r.reason())
                  .add(at));
    }

    public void payment(PaymentRow r) {
      payments.add(
          w ->
              w.add(r.id())
                  .add(r.sourceSystem())
                  .add(r.externalId())
                  .add(r.accountId())
                  .add(r.entityId())
                  .add(r.currency())
                  .add(r.valueDate())
                  .add(r.amount())
                  .add(r.unappliedAmount())
                  .add(r.method())
                  .add(r.reference())
                  .add(r.remittanceText())
                  .add(at));
    }

    public void application(ApplicationRow r) {
      applications.add(
          w ->
              w.add(r.invoiceId())
                  .add(r.paymentId())
                  .add(r.creditMemoId())
                  .add(r.currency())
                  .add(r.amount())
                  .add(r.appliedOn())
                  .add(at)
                  .add(r.sourceSystem())
                  .add(r.externalId()));
    }

    public long invoiceCount() {
      return invoices.count();
    }

    /** Copies the staged rows in foreign-key order; call it inside the caller's transaction. */
    public void load() {
      rates.load(dataSource);
      invoices.load(dataSource);
      memos.load(dataSource);
      payments.load(dataSource);
      applications.load(dataSource);
      for (String t : new String[] {"invoice", "credit_memo", "payment", "application"}) {
        BulkCopy.advanceIdentity(jdbc, t);
      }
    }

    @Override
    public void close() {
      rates.close();
      invoices.close();
      memos.close();
      payments.close();
      applications.close();
    }
  }
}
