package dev.recoup.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One benchmark figure: its value and unit, the reference measured in the same run (raw SQL, raw
 * COPY) and their ratio where one applies, the goal from quality.md and whether it was met.
 */
public record Measurement(
    String name,
    BigDecimal value,
    String unit,
    BigDecimal reference,
    BigDecimal ratio,
    String goal,
    boolean met) {

  /**
   * A figure compared with a reference: met when value / reference stays within {@code maxRatio}.
   */
  public static Measurement ratio(
      String name, long valueNanos, long referenceNanos, String maxRatio) {
    BigDecimal value = millis(valueNanos);
    BigDecimal reference = millis(referenceNanos);
    BigDecimal ratio =
        reference.signum() == 0
            ? BigDecimal.ZERO
            : value.divide(reference, 2, RoundingMode.HALF_UP);
    return new Measurement(
        name,
        value,
        "ms",
        reference,
        ratio,
        "<= " + maxRatio + " x reference",
        ratio.compareTo(new BigDecimal(maxRatio)) <= 0);
  }

  /** A figure with an absolute ceiling in milliseconds. */
  public static Measurement atMost(
      String name, long valueNanos, long referenceNanos, long maxMillis) {
    BigDecimal value = millis(valueNanos);
    BigDecimal reference = millis(referenceNanos);
    return new Measurement(
        name,
        value,
        "ms",
        reference,
        reference.signum() == 0
            ? BigDecimal.ZERO
            : value.divide(reference, 2, RoundingMode.HALF_UP),
        "<= " + maxMillis + " ms",
        value.compareTo(BigDecimal.valueOf(maxMillis)) <= 0);
  }

  public static BigDecimal millis(long nanos) {
    return BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(1_000_000), 2, RoundingMode.HALF_UP);
  }
}
