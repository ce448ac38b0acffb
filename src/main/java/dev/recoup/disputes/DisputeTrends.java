package dev.recoup.disputes;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * The dispute root-cause picture as of a date, amounts in the reporting currency at the latest FX
 * rates on or before that date: disputes raised by reason and month (24 months), by region and by
 * product line, cycle time by reason, customers who dispute again and again, and days deduction
 * outstanding.
 */
public record DisputeTrends(
    LocalDate asOf,
    String reportingCurrency,
    List<YearMonth> months,
    List<ReasonSeries> byReasonAndMonth,
    List<RegionRow> byRegion,
    List<LineRow> byProductLine,
    List<CycleRow> cycleTime,
    List<RecurrenceRow> recurrence,
    Ddo ddo) {

  /** Trends look back this many months (the chart and the tables by region and line). */
  public static final int MONTHS = 24;

  /** Recurrence counts disputes opened within this many days. */
  public static final int RECURRENCE_DAYS = 365;

  /** One reason's disputes raised per month, in the order of {@link #months}. */
  public record ReasonSeries(String code, String label, List<Long> counts) {
    public long total() {
      return counts.stream().mapToLong(Long::longValue).sum();
    }
  }

  public record RegionRow(
      String region,
      long raised,
      Money raisedAmount,
      long open,
      Money openAmount,
      BigDecimal averageCycleDays) {}

  /** Disputes by the product line (invoice kind) of the invoices they contest. */
  public record LineRow(String line, long disputes, Money amount) {}

  /**
   * Disputes of a reason resolved in the window: how many, average and median days from opened to
   * resolved, the share resolved within the SLA, and what was credited; plus those still open and
   * those of them past the SLA.
   */
  public record CycleRow(
      String code,
      String label,
      int slaDays,
      long resolved,
      BigDecimal averageDays,
      BigDecimal medianDays,
      BigDecimal withinSlaPercent,
      Money credited,
      long open,
      long breached) {}

  /** A customer that raised two or more disputes in the last {@link #RECURRENCE_DAYS} days. */
  public record RecurrenceRow(
      AccountId accountId,
      String accountName,
      String region,
      long disputes,
      String reasons,
      Money amount,
      LocalDate lastOpenedOn) {}

  /**
   * Days deduction outstanding = open disputed amount ÷ average disputed amount raised per day, the
   * average taken over the {@code windowDays} days up to the as-of date.
   */
  public record Ddo(
      Money openDisputed,
      long openDisputes,
      long breached,
      Money raisedInWindow,
      int windowDays,
      Money averagePerDay,
      BigDecimal days) {}
}
