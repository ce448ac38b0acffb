package dev.recoup.ledger;

import dev.recoup.shared.Money;
import java.util.List;

/**
 * One page of the unapplied-cash worklist, the totals of everything the filter finds per currency
 * and in the reporting currency ({@code withoutRate} payments have no rate and are left out of it).
 */
public record UnappliedPage(
    UnappliedFilter filter,
    List<UnappliedPayment> rows,
    long total,
    List<CurrencyTotal> byCurrency,
    Money totalReporting,
    long withoutRate) {

  /** The unapplied cash of one currency: how many payments and how much. */
  public record CurrencyTotal(String currency, long payments, Money unapplied) {}

  public int pages() {
    return (int) Math.max(1, (total + filter.size() - 1) / filter.size());
  }
}
