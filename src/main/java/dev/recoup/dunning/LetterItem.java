package dev.recoup.dunning;

import dev.recoup.ledger.InvoiceId;
import dev.recoup.shared.Money;
import java.time.LocalDate;

/**
 * One invoice in a dunning message or letter: what is claimed on it (its collectible amount), the
 * step it reached, the end customer it was billed for (partners), and what the entity's rule adds.
 */
public record LetterItem(
    InvoiceId invoiceId,
    String number,
    LocalDate issueDate,
    LocalDate dueDate,
    long daysPastDue,
    Money amount,
    Money claimed,
    StepAction step,
    boolean pulledForward,
    String endCustomer,
    Money lateFee,
    Money interest) {

  /** What is claimed with the fee and interest the entity's rule adds. */
  public Money total() {
    return claimed.plus(lateFee).plus(interest);
  }

  public String stepLabel() {
    return step == null ? "" : step.label();
  }

  /** "12 days past due", "due in 5 days", "due today". */
  public String lateness() {
    if (daysPastDue > 0) {
      return daysPastDue + " days past due";
    }
    if (daysPastDue == 0) {
      return "due today";
    }
    return "due in " + (-daysPastDue) + " days";
  }
}
