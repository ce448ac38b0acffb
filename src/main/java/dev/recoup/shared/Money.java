package dev.recoup.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount in one currency, always at the currency's minor-unit scale (USD 2, JPY 0, KWD 3).
 * Built from strings or {@link BigDecimal}, never from binary floating point. Arithmetic across two
 * currencies throws: totals across currencies are reporting and go through a dated FX rate.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

  /**
   * JSON: {@code {"amount":"1200.00","currency":"EUR"}}, the amount a string so no client rounds
   * it.
   */
  @JsonCreator
  static Money fromJson(
      @JsonProperty("amount") String amount, @JsonProperty("currency") String currency) {
    return of(amount, currency);
  }

  @JsonValue
  java.util.Map<String, String> toJson() {
    return java.util.Map.of("amount", plain(), "currency", currencyCode());
  }

  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    int scale = scaleOf(currency);
    if (amount.scale() != scale) {
      try {
        amount = amount.setScale(scale, RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            amount.toPlainString()
                + " has more decimals than "
                + currency.getCurrencyCode()
                + " allows ("
                + scale
                + ")");
      }
    }
  }

  public static Money of(String amount, String currency) {
    return new Money(new BigDecimal(amount), Currency.getInstance(currency));
  }

  public static Money of(BigDecimal amount, String currency) {
    return new Money(amount, Currency.getInstance(currency));
  }

  /**
   * An amount read from storage (numeric(19,4)) or computed at a finer scale, brought to the
   * currency's scale. Storage never holds more decimals than the currency has, so this only drops
   * trailing zeros; a value that would need rounding is refused rather than silently altered.
   */
  public static Money ofStored(BigDecimal amount, String currency) {
    Currency c = Currency.getInstance(currency.trim());
    return new Money(amount.setScale(scaleOf(c), RoundingMode.UNNECESSARY), c);
  }

  /** Converts a computed value (FX conversion, split) with the rounding mode the business names. */
  public static Money rounded(BigDecimal amount, String currency, RoundingMode mode) {
    Currency c = Currency.getInstance(currency);
    return new Money(amount.setScale(scaleOf(c), mode), c);
  }

  public static Money zero(String currency) {
    return of(BigDecimal.ZERO, currency);
  }

  public static int scaleOf(Currency currency) {
    int digits = currency.getDefaultFractionDigits();
    return digits < 0 ? 0 : digits;
  }

  public String currencyCode() {
    return currency.getCurrencyCode();
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  public Money negate() {
    return new Money(amount.negate(), currency);
  }

  public boolean isZero() {
    return amount.signum() == 0;
  }

  public boolean isNegative() {
    return amount.signum() < 0;
  }

  public boolean isPositive() {
    return amount.signum() > 0;
  }

  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "Cannot combine " + currencyCode() + " with " + other.currencyCode());
    }
  }

  /** The plain amount at currency scale, e.g. {@code 1200.00}: the JSON and CSV form. */
  public String plain() {
    return amount.toPlainString();
  }

  @Override
  public String toString() {
    return amount.toPlainString() + " " + currencyCode();
  }
}
