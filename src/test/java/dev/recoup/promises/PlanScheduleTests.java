package dev.recoup.promises;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanScheduleTests {

  static final LocalDate AGREED = LocalDate.parse("2026-11-20");
  static final LocalDate FIRST = LocalDate.parse("2026-12-31");

  @Test
  void theRemainderCentsGoToTheFirstInstalmentsAndTheScheduleAddsUpExactly() {
    var lines =
        PlanSchedule.of(
            Money.of("10000.00", "EUR"),
            Money.of("1000.00", "EUR"),
            Money.zero("EUR"),
            7,
            AGREED,
            FIRST);

    // 9,000.00 over 7 months is 1,285.71 with 3 cents left: the first three get one more each.
    assertThat(lines.stream().map(l -> l.amount().plain()))
        .containsExactly(
            "1000.00", "1285.72", "1285.72", "1285.72", "1285.71", "1285.71", "1285.71", "1285.71");
    assertThat(lines.stream().map(PlanSchedule.Line::amount).reduce(Money::plus).orElseThrow())
        .isEqualTo(Money.of("10000.00", "EUR"));
  }

  @Test
  void theDownPaymentIsDueWhenThePlanIsAgreedAndInstalmentsMonthlyFromTheFirstDate() {
    var lines =
        PlanSchedule.of(
            Money.of("3000.00", "USD"),
            Money.of("300.00", "USD"),
            Money.zero("USD"),
            3,
            AGREED,
            FIRST);

    assertThat(lines.stream().map(PlanSchedule.Line::dueOn))
        .containsExactly(
            AGREED,
            FIRST,
            LocalDate.parse("2027-01-31"),
            LocalDate.parse("2027-02-28")); // month ends stay month ends
    assertThat(lines.get(0).seq()).isZero();
  }

  @Test
  void aCurrencyWithoutMinorUnitsSplitsInWholeUnitsAndAFeeIsSpreadWithTheRest() {
    List<PlanSchedule.Line> lines =
        PlanSchedule.of(
            Money.of("1000000", "JPY"), Money.zero("JPY"), Money.of("1", "JPY"), 3, AGREED, FIRST);

    assertThat(lines.stream().map(l -> l.amount().plain()))
        .containsExactly("333334", "333334", "333333");
    assertThat(lines.get(0).seq()).as("no down payment, no line 0").isEqualTo(1);
  }
}
