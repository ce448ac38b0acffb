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

  /** In words, for the plan page; amount limits are in {@code reportingCurrency}. */
  public String describe(String reportingCurrency) {
    java.text.NumberFormat n = java.text.NumberFormat.getIntegerInstance(java.util.Locale.US);
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
        + reportingCurrency
        + " "
        + n.format(collectorMaxAmount)
        + ", a lead approves up to "
        + leadMaxMonths
        + " months and "
        + reportingCurrency
        + " "
        + n.format(leadMaxAmount)
        + ", the manager above; an instalment counts as missed "
        + toleranceDays
        + " days after its date";
  }
}
