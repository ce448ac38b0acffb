package dev.recoup.promises;

import java.math.BigDecimal;

/**
 * What a payment plan may look like for an entity and/or segment (null matches any), and who may
 * approve what. Amount limits are in the reporting currency.
 */
public record PlanPolicy(
    long id,
    String entityCode,
    String segment,
    int maxMonths,
    BigDecimal minDownPaymentPct,
    BigDecimal feePct,
    int collectorMaxMonths,
    BigDecimal collectorMaxAmount,
    int leadMaxMonths,
    BigDecimal leadMaxAmount,
    int toleranceDays) {

  /** In words, for the plan page and the API. */
  public String describe() {
    return "up to "
        + maxMonths
        + " months, down payment at least "
        + minDownPaymentPct.stripTrailingZeros().toPlainString()
        + "%"
        + (feePct.signum() == 0
            ? ", no fee"
            : ", fee " + feePct.stripTrailingZeros().toPlainString() + "%")
        + "; a collector's own plan stands up to "
        + collectorMaxMonths
        + " months and "
        + collectorMaxAmount.stripTrailingZeros().toPlainString()
        + ", a lead approves up to "
        + leadMaxMonths
        + " months and "
        + leadMaxAmount.stripTrailingZeros().toPlainString()
        + ", the manager above; instalments count as missed "
        + toleranceDays
        + " days after their date";
  }
}
