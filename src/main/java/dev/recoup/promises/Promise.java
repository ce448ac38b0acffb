package dev.recoup.promises;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A customer's promise to pay {@code amount} by {@code promisedOn}, judged from payments. */
public record Promise(
    long id,
    AccountId accountId,
    Money amount,
    LocalDate madeOn,
    LocalDate promisedOn,
    int toleranceDays,
    String channel,
    String contactName,
    String notes,
    PromiseStatus status,
    Money paid,
    LocalDate evaluatedOn,
    String madeBy,
    Instant createdAt,
    List<InvoiceId> invoices) {

  /** The last day a payment still counts as keeping the promise. */
  public LocalDate deadline() {
    return promisedOn.plusDays(toleranceDays);
  }
}
