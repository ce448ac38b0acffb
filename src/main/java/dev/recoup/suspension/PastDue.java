package dev.recoup.suspension;

import dev.recoup.ledger.Invoice;
import dev.recoup.shared.Money;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What is collectible and past due in a suspension's scope on a date: the items (open amount less
 * its disputed part, due before the date), their total per currency and the oldest item's days past
 * due. A suspension exists for this, and ends when it is cleared.
 */
public record PastDue(List<Invoice> items, Map<String, Money> totals, long oldestDaysPastDue) {

  public boolean isCleared() {
    return items.isEmpty();
  }

  /** "12500.00 USD + 300.00 EUR", or "nothing". */
  public String total() {
    return totals.isEmpty()
        ? "nothing"
        : totals.values().stream().map(Money::toString).collect(Collectors.joining(" + "));
  }

  /** "12500.00 USD past due on 3 items, the oldest 75 days". */
  public String inWords() {
    if (isCleared()) {
      return "nothing past due";
    }
    return total()
        + " past due on "
        + items.size()
        + (items.size() == 1 ? " item" : " items")
        + ", the oldest "
        + oldestDaysPastDue
        + " days";
  }
}
