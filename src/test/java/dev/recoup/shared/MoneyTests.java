package dev.recoup.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class MoneyTests {

  @Test
  void keepsTheCurrencyScale() {
    assertThat(Money.of("1200", "EUR").plain()).isEqualTo("1200.00");
    assertThat(Money.of("1200", "JPY").plain()).isEqualTo("1200");
    assertThat(Money.of("1.5", "KWD").plain()).isEqualTo("1.500");
  }

  @Test
  void refusesMoreDecimalsThanTheCurrencyHas() {
    assertThatThrownBy(() -> Money.of("10.001", "USD"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more decimals than USD allows");
    assertThatThrownBy(() -> Money.of("10.5", "JPY")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addsOnlyTheSameCurrency() {
    assertThat(Money.of("0.10", "USD").plus(Money.of("0.20", "USD")))
        .isEqualTo(Money.of("0.30", "USD"));
    assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot combine USD with EUR");
  }

  @Test
  void roundsOnlyWhereTheBusinessNamesTheMode() {
    assertThat(Money.rounded(new java.math.BigDecimal("10.005"), "USD", RoundingMode.HALF_EVEN))
        .isEqualTo(Money.of("10.00", "USD"));
    assertThat(Money.rounded(new java.math.BigDecimal("10.015"), "USD", RoundingMode.HALF_EVEN))
        .isEqualTo(Money.of("10.02", "USD"));
  }

  @Test
  void readsStoredAmountsWithoutTheirTrailingZeros() {
    assertThat(Money.ofStored(new java.math.BigDecimal("1500.0000"), "JPY").plain())
        .isEqualTo("1500");
    assertThatThrownBy(() -> Money.ofStored(new java.math.BigDecimal("1.2345"), "USD"))
        .isInstanceOf(ArithmeticException.class);
  }
}
