package dev.recoup.ledger;

import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * Open items by days past due as of a date: per currency, and all currencies converted to the
 * reporting currency at the latest FX rate on or before the as-of date (named in {@code fxRates}).
 */
public record AgingReport(
    LocalDate asOf,
    List<String> buckets,
    List<CurrencyAging> byCurrency,
    CurrencyAging reporting,
    List<FxRate> fxRates) {

  /** One currency's open items, bucket by bucket; the buckets sum to the total. */
  public record CurrencyAging(
      String currency, List<Money> buckets, Money total, Money pastDue, long openItems) {}

  /** The rate used for a currency: 1 unit = {@code rate} units of the reporting currency. */
  public record FxRate(String currency, LocalDate rateDate, java.math.BigDecimal rate) {}
}
