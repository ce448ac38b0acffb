package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * A suggested match of a payment's unapplied cash to open invoices: which invoices get how much
 * (oldest first), why ({@link #reason}) and how sure it is (0-100). {@link #key} (the sorted
 * invoice ids) names it in accept and reject forms; {@link #leftUnapplied} is what an over-payment
 * leaves as unapplied cash, {@link #leftOpen} what a short payment leaves open on the named
 * invoices.
 */
public record CashSuggestion(
    long id,
    PaymentId payment,
    String key,
    MatchBasis basis,
    int confidence,
    String reason,
    List<Line> lines,
    Money total,
    Money leftUnapplied,
    Money leftOpen) {

  /** One invoice of the match: its number, whose it is, its open amount now and what it gets. */
  public record Line(
      InvoiceId invoice,
      String number,
      AccountId account,
      String accountName,
      boolean relatedAccount,
      LocalDate dueDate,
      String poNumber,
      Money open,
      Money amount) {}

  /** Several candidates fitted equally well, so this one is less sure than its basis alone. */
  public boolean ambiguous() {
    return confidence < basis.confidence();
  }

  /** A short payment: the named invoices keep part of their open amount (a dispute, perhaps). */
  public boolean shortPayment() {
    return leftOpen.isPositive();
  }

  /** The invoices' numbers, for a one-line mention. */
  public List<String> numbers() {
    return lines.stream().map(Line::number).toList();
  }
}
