package dev.recoup.disputes;

import dev.recoup.shared.Money;
import java.util.List;

/**
 * An account's disputes for Account 360, with its past due split into what is disputed and what is
 * collectible (in the reporting currency, from the balance summary).
 */
public record AccountDisputes(
    List<Dispute> disputes, Money pastDue, Money disputedPastDue, Money collectiblePastDue) {

  public long openCount() {
    return disputes.stream().filter(Dispute::isOpen).count();
  }
}
