package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** An invoice as the ledger holds it; {@code open} is what is still owed. */
public record Invoice(
    InvoiceId id,
    String number,
    AccountId accountId,
    AccountId endCustomerId,
    LocalDate issueDate,
    LocalDate dueDate,
    int termsDays,
    String poNumber,
    String contractRef,
    String kind,
    Money amount,
    Money tax,
    Money open,
    InvoiceStatus status,
    LocalDate closedOn,
    String submittedVia,
    Money disputed) {

  /** What can be collected now: the open amount less its disputed part. */
  public Money collectible() {
    return open.minus(disputed);
  }

  /** Days past due on {@code asOf}; zero or negative while not yet due. */
  public long daysPastDue(LocalDate asOf) {
    return ChronoUnit.DAYS.between(dueDate, asOf);
  }
}
