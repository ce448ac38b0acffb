package dev.recoup.refunds;

import dev.recoup.shared.Money;
import java.util.List;

/**
 * A page of the credit-balance worklist with the totals of everything the filter finds: how many
 * credits, their sum in the reporting currency (those without an FX rate are counted apart), and
 * the same by age band.
 */
public record CreditBalancePage(
    CreditBalanceFilter filter,
    List<CreditBalance> rows,
    long total,
    Money totalReporting,
    long withoutRate,
    List<AgeBand> bands) {

  /** Credits aged within [fromDays, toDays] (toDays null: no upper end). */
  public record AgeBand(String label, int fromDays, Integer toDays, long count, Money reporting) {}

  public int pages() {
    return (int) Math.max(1, (total + filter.size() - 1) / filter.size());
  }
}
