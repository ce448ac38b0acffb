package dev.recoup.demo;

import dev.recoup.accounts.AccountsBulkLoad;
import dev.recoup.accounts.AccountsBulkLoad.AccountRow;
import dev.recoup.accounts.AccountsBulkLoad.ContactRow;
import dev.recoup.accounts.AccountsBulkLoad.EntityRow;
import dev.recoup.ledger.LedgerBulkLoad;
import dev.recoup.ledger.LedgerBulkLoad.ApplicationRow;
import dev.recoup.ledger.LedgerBulkLoad.CreditMemoRow;
import dev.recoup.ledger.LedgerBulkLoad.InvoiceRow;
import dev.recoup.ledger.LedgerBulkLoad.PaymentRow;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Where the {@link PortfolioGenerator} writes what it generates, row by row: the modules' bulk-load
 * batches (the database) or Recoup-shape CSV files ({@link CsvPortfolio}). One generator, so a file
 * and a database made from the same tier, seed and date hold the same records.
 */
interface PortfolioSink {

  void entity(EntityRow e);

  void holiday(long entityId, LocalDate day, String name);

  void account(AccountRow a);

  void contact(ContactRow c);

  void fxRate(String currency, LocalDate date, BigDecimal rate);

  void invoice(InvoiceRow r);

  void creditMemo(CreditMemoRow r);

  void payment(PaymentRow r);

  void application(ApplicationRow r);

  /** The database: rows staged in the accounts' and the ledger's COPY batches. */
  static PortfolioSink into(AccountsBulkLoad.Batch a, LedgerBulkLoad.Batch l) {
    return new PortfolioSink() {
      @Override
      public void entity(EntityRow e) {
        a.entity(e);
      }

      @Override
      public void holiday(long entityId, LocalDate day, String name) {
        a.holiday(entityId, day, name);
      }

      @Override
      public void account(AccountRow r) {
        a.account(r);
      }

      @Override
      public void contact(ContactRow c) {
        a.contact(c);
      }

      @Override
      public void fxRate(String currency, LocalDate date, BigDecimal rate) {
        l.fxRate(currency, date, rate);
      }

      @Override
      public void invoice(InvoiceRow r) {
        l.invoice(r);
      }

      @Override
      public void creditMemo(CreditMemoRow r) {
        l.creditMemo(r);
      }

      @Override
      public void payment(PaymentRow r) {
        l.payment(r);
      }

      @Override
      public void application(ApplicationRow r) {
        l.application(r);
      }
    };
  }
}
