package dev.recoup.promises;

import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan's instalments: the down payment (if any) on the day the plan is agreed, then {@code
 * months} monthly instalments from the first due date that together with it add up to the financed
 * amount plus the fee exactly. The remainder cents go to the first instalments, one each, so no
 * instalment differs from another by more than one cent.
 */
final class PlanSchedule {

  record Line(int seq, LocalDate dueOn, Money amount) {}

  private PlanSchedule() {}

  static List<Line> of(
      Money financed,
      Money downPayment,
      Money fee,
      int months,
      LocalDate agreedOn,
      LocalDate first) {
    if (months < 1) {
      throw new IllegalArgumentException("months: at least 1");
    }
    List<Line> lines = new ArrayList<>();
    if (downPayment.isPositive()) {
      lines.add(new Line(0, agreedOn, downPayment));
    }
    Money rest = financed.plus(fee).minus(downPayment);
    int scale = rest.amount().scale();
    BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
    // Work in minor units (cents, or yen) so the split is exact integer arithmetic.
    BigDecimal minor = rest.amount().movePointRight(scale);
    BigDecimal[] qr = minor.divideAndRemainder(BigDecimal.valueOf(months));
    BigDecimal base = qr[0].movePointLeft(scale).setScale(scale, RoundingMode.UNNECESSARY);
    int extra = qr[1].intValueExact();
    for (int i = 0; i < months; i++) {
      BigDecimal amount = i < extra ? base.add(unit) : base;
      lines.add(new Line(i + 1, first.plusMonths(i), Money.of(amount, rest.currencyCode())));
    }
    return lines;
  }
}
