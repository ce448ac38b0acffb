package dev.recoup.dunning;

import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * An entity's jurisdiction rule for late fees and interest on overdue items: both are off unless
 * the rule enables them. The fee is a percentage of the overdue amount; interest accrues per year,
 * day by day, from the due date (actual days / 365), rounded half-up to the currency.
 */
public record EntityRule(
    String entityCode,
    String jurisdiction,
    boolean lateFeeEnabled,
    BigDecimal lateFeePct,
    boolean interestEnabled,
    BigDecimal interestPct,
    String updatedBy,
    Instant updatedAt) {

  private static final BigDecimal HUNDRED = new BigDecimal("100");
  private static final BigDecimal DAYS_PER_YEAR = new BigDecimal("365");

  /** The rule when an entity has none: nothing is charged. */
  public static EntityRule none(String entityCode) {
    return new EntityRule(
        entityCode, "no rule", false, BigDecimal.ZERO, false, BigDecimal.ZERO, "system", null);
  }

  public boolean chargesAnything() {
    return lateFeeEnabled || interestEnabled;
  }

  /** The late fee on an overdue amount, or zero when the rule does not enable it. */
  public Money lateFee(Money overdue, long daysPastDue) {
    if (!lateFeeEnabled || daysPastDue <= 0) {
      return Money.zero(overdue.currencyCode());
    }
    return Money.rounded(
        overdue.amount().multiply(lateFeePct).divide(HUNDRED, 10, RoundingMode.HALF_UP),
        overdue.currencyCode(),
        RoundingMode.HALF_UP);
  }

  /** Interest accrued on an overdue amount over {@code daysPastDue} days, or zero. */
  public Money interest(Money overdue, long daysPastDue) {
    if (!interestEnabled || daysPastDue <= 0) {
      return Money.zero(overdue.currencyCode());
    }
    return Money.rounded(
        overdue
            .amount()
            .multiply(interestPct)
            .multiply(BigDecimal.valueOf(daysPastDue))
            .divide(HUNDRED.multiply(DAYS_PER_YEAR), 10, RoundingMode.HALF_UP),
        overdue.currencyCode(),
        RoundingMode.HALF_UP);
  }
}
