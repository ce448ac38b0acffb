package dev.recoup.disputes;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A contested amount on one or more invoices of an account: why (reason code), who works it (team
 * and owner), by when (SLA due date), where it stands, and how it ended. {@code invoices} is empty
 * in lists (queue rows), filled when one dispute is read.
 */
public record Dispute(
    DisputeId id,
    AccountId accountId,
    String accountName,
    String accountRegion,
    String reasonCode,
    String reasonLabel,
    DisputeStatus status,
    DisputeTeam team,
    String ownerUsername,
    String ownerName,
    Money amount,
    Money amountReporting,
    String invoiceNumbers,
    String notes,
    String openedBy,
    Instant openedAt,
    LocalDate openedOn,
    LocalDate slaDueOn,
    Outcome outcome,
    List<DisputedInvoice> invoices) {

  /** How it ended; null while open. */
  public record Outcome(
      Resolution resolution,
      Money credited,
      String creditMemoNumber,
      String rebillInvoice,
      String rootCause,
      String ticketUrl,
      String resolvedBy,
      Instant resolvedAt,
      LocalDate resolvedOn) {}

  /** One contested invoice: its part under this dispute, what was credited, what is open now. */
  public record DisputedInvoice(
      InvoiceId invoiceId,
      String number,
      LocalDate dueDate,
      Money invoiceAmount,
      Money open,
      Money disputedInLedger,
      Money disputed,
      Money credited) {}

  public boolean isOpen() {
    return status.isOpen();
  }

  /** Open beyond its SLA due date. */
  public boolean isBreached(LocalDate asOf) {
    return isOpen() && asOf.isAfter(slaDueOn);
  }

  /** Days since it was raised, until it was resolved. */
  public long ageInDays(LocalDate asOf) {
    LocalDate end = outcome == null ? asOf : outcome.resolvedOn();
    return ChronoUnit.DAYS.between(openedOn, end);
  }
}
