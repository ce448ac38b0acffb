package dev.recoup.demo;

import dev.recoup.accounts.AccountsBulkLoad.AccountRow;
import dev.recoup.accounts.AccountsBulkLoad.ContactRow;
import dev.recoup.accounts.AccountsBulkLoad.EntityRow;
import dev.recoup.intake.ImportKind;
import dev.recoup.ledger.LedgerBulkLoad.ApplicationRow;
import dev.recoup.ledger.LedgerBulkLoad.CreditMemoRow;
import dev.recoup.ledger.LedgerBulkLoad.InvoiceRow;
import dev.recoup.ledger.LedgerBulkLoad.PaymentRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a generated portfolio as Recoup-shape CSV files, one per record kind ({@code
 * accounts.csv}, {@code contacts.csv}, {@code invoices.csv}, {@code credit-memos.csv}, {@code
 * payments.csv}, {@code applications.csv}), each headed by its kind's canonical fields: UTF-8, ISO
 * dates, '.' decimals, records referring to each other by external id, legal entities by code
 * (entities, holidays and FX rates are configuration, not imports). Rows go to disk as they come:
 * only the entities' codes are kept.
 */
final class CsvPortfolio implements PortfolioSink, AutoCloseable {

  /** The kinds written, in the order an import should take them. */
  static final List<ImportKind> KINDS =
      List.of(
          ImportKind.ACCOUNTS,
          ImportKind.CONTACTS,
          ImportKind.INVOICES,
          ImportKind.CREDIT_MEMOS,
          ImportKind.PAYMENTS,
          ImportKind.APPLICATIONS);

  private final Map<ImportKind, File> files = new EnumMap<>(ImportKind.class);
  private final Map<Long, String> entityCodes = new HashMap<>();
  private final Map<Long, String> usernames;

  /**
   * Opens the files in {@code dir} (created if missing; existing files are replaced); {@code
   * usernames} names the owners by user id (an owner missing from it is left blank).
   */
  CsvPortfolio(Path dir, Map<Long, String> usernames) {
    this.usernames = usernames;
    try {
      Files.createDirectories(dir);
      for (ImportKind kind : KINDS) {
        files.put(kind, new File(dir.resolve(fileName(kind)), kind.fields()));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  static String fileName(ImportKind kind) {
    return kind.slug() + ".csv";
  }

  /** Rows written per kind so far. */
  Map<ImportKind, Long> counts() {
    Map<ImportKind, Long> m = new EnumMap<>(ImportKind.class);
    files.forEach((k, f) -> m.put(k, f.rows));
    return m;
  }

  @Override
  public void entity(EntityRow e) {
    entityCodes.put(e.id(), e.code());
  }

  @Override
  public void holiday(long entityId, LocalDate day, String name) {}

  @Override
  public void fxRate(String currency, LocalDate date, BigDecimal rate) {}

  @Override
  public void account(AccountRow a) {
    File f = files.get(ImportKind.ACCOUNTS);
    f.set("external_id", a.externalId());
    f.set("name", a.name());
    f.set("entity", entityCodes.get(a.entityId()));
    f.set("currency", a.currency());
    f.set("source_system", a.sourceSystem());
    f.set("parent_external_id", a.parentId() == null ? null : account(a.parentId()));
    f.set("partner_external_id", a.partnerId() == null ? null : account(a.partnerId()));
    f.set("channel", a.channel().name());
    f.set("segment", a.segment());
    f.set("region", a.region());
    f.set("payment_terms_days", a.paymentTermsDays());
    f.set("credit_limit", a.creditLimit());
    f.set("risk_rating", a.riskRating());
    f.set("owner", a.ownerId() == null ? null : usernames.get(a.ownerId()));
    f.set("sales_owner", a.salesOwner());
    f.set("language", a.language());
    f.set("payment_run_days", a.paymentRunDays());
    f.write();
  }

  @Override
  public void contact(ContactRow c) {
    File f = files.get(ImportKind.CONTACTS);
    f.set("external_id", c.externalId());
    f.set("account_external_id", account(c.accountId()));
    f.set("name", c.name());
    f.set("role", c.role());
    f.set("source_system", c.sourceSystem());
    f.set("email", c.email());
    f.set("phone", c.phone());
    f.set("time_zone", c.timeZone());
    f.write();
  }

  @Override
  public void invoice(InvoiceRow r) {
    File f = files.get(ImportKind.INVOICES);
    f.set("external_id", r.externalId());
    f.set("number", r.number());
    f.set("account_external_id", account(r.accountId()));
    f.set("currency", r.currency());
    f.set("issue_date", r.issueDate());
    f.set("due_date", r.dueDate());
    f.set("amount", r.amount());
    f.set("source_system", r.sourceSystem());
    f.set(
        "end_customer_external_id", r.endCustomerId() == null ? null : account(r.endCustomerId()));
    f.set("entity", entityCodes.get(r.entityId()));
    f.set("terms_days", r.termsDays());
    f.set("po_number", r.poNumber());
    f.set("contract_ref", r.contractRef());
    f.set("kind", r.kind());
    f.set("tax", r.tax());
    f.set("open_amount", r.openAmount());
    f.set("status", r.status().name());
    f.write();
  }

  @Override
  public void creditMemo(CreditMemoRow r) {
    File f = files.get(ImportKind.CREDIT_MEMOS);
    f.set("external_id", r.externalId());
    f.set("number", r.number());
    f.set("account_external_id", account(r.accountId()));
    f.set("currency", r.currency());
    f.set("issue_date", r.issueDate());
    f.set("amount", r.amount());
    f.set("source_system", r.sourceSystem());
    f.set("entity", entityCodes.get(r.entityId()));
    f.set("reason", r.reason());
    f.write();
  }

  @Override
  public void payment(PaymentRow r) {
    File f = files.get(ImportKind.PAYMENTS);
    f.set("external_id", r.externalId());
    f.set("account_external_id", account(r.accountId()));
    f.set("currency", r.currency());
    f.set("value_date", r.valueDate());
    f.set("amount", r.amount());
    f.set("source_system", r.sourceSystem());
    f.set("entity", entityCodes.get(r.entityId()));
    f.set("method", r.method());
    f.set("reference", r.reference());
    f.set("remittance_text", r.remittanceText());
    f.write();
  }

  @Override
  public void application(ApplicationRow r) {
    File f = files.get(ImportKind.APPLICATIONS);
    f.set("external_id", r.externalId());
    f.set("invoice_external_id", PortfolioGenerator.invoiceExternalId(r.invoiceId()));
    f.set("currency", r.currency());
    f.set("amount", r.amount());
    f.set("applied_on", r.appliedOn());
    f.set("source_system", r.sourceSystem());
    f.set(
        "payment_external_id",
        r.paymentId() == null ? null : PortfolioGenerator.paymentExternalId(r.paymentId()));
    f.set(
        "credit_memo_external_id",
        r.creditMemoId() == null
            ? null
            : PortfolioGenerator.creditMemoExternalId(r.creditMemoId()));
    f.write();
  }

  /**
   * An account's external id by its generated id: an invoice may name an end customer generated
   * after it.
   */
  private static String account(long id) {
    return PortfolioGenerator.accountExternalId(id);
  }

  @Override
  public void close() {
    UncheckedIOException failed = null;
    for (File f : files.values()) {
      try {
        f.close();
      } catch (IOException e) {
        failed = failed == null ? new UncheckedIOException(e) : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** One kind's file: the current row's cells by field, written in the header's order. */
  private static final class File {
    private final CSVPrinter csv;
    private final Map<String, Integer> index = new HashMap<>();
    private final String[] cells;
    private long rows;

    File(Path path, List<String> fields) throws IOException {
      BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
      csv = CSVFormat.DEFAULT.builder().setHeader(fields.toArray(String[]::new)).get().print(w);
      for (int i = 0; i < fields.size(); i++) {
        index.put(fields.get(i), i);
      }
      cells = new String[fields.size()];
    }

    void set(String field, Object value) {
      Integer i = index.get(field);
      if (i == null) {
        throw new IllegalStateException("No field " + field + " in " + index.keySet());
      }
      cells[i] =
          value == null ? "" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    void write() {
      try {
        csv.printRecord((Object[]) cells);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Arrays.fill(cells, null);
      rows++;
    }

    void close() throws IOException {
      csv.close();
    }
  }
}
