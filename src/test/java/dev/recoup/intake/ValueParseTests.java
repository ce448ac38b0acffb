package dev.recoup.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Amounts, dates and terms as ERPs and spreadsheets write them. */
class ValueParseTests {

  @ParameterizedTest(name = "{0} with ''{1}'' is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1234.56|.|1234.56",
        "1,234.56|.|1234.56",
        "$1,234.56|.|1234.56",
        "USD 1,234.56|.|1234.56",
        "1.234,56 EUR|,|1234.56",
        "USD 1.234,56|,|1234.56",
        "1 234,56|,|1234.56",
        "1\u00A0234,56|,|1234.56",
        "1'234.56|.|1234.56",
        "(100.00)|.|-100.00",
        "-100|.|-100",
        "100.00-|.|-100.00",
        "-$5|.|-5",
        "$-5|.|-5",
        "+7|.|7",
        ".50|.|0.50",
        "1,23,456.78|.|123456.78",
        "007|.|7",
        "€ 980,00|,|980.00",
        "CHF 1'000.50|.|1000.50",
        "1 234,50 kr|,|1234.50",
        "12,50 zł|,|12.50",
      })
  void amountsAreRead(String text, char separator, String expected) {
    assertThat(Amounts.parse(text, separator).value().toPlainString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} with ''{1}'' is refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "abc|.",
        "12abc|.",
        "1.2.3|,",
        "1,2,3|.",
        "--5|.",
        "(-5)|.",
        "(5|.",
        "5)|.",
        "1e5|.",
        "0x10|.",
        "1,234.56|,",
        "1.234,56|.",
        "1234567890123456|.",
        "$$5|.",
        "5 %|.",
        "USD 5 EUR|.",
      })
  void nonsenseAmountsAreRefusedWithTheValueInTheMessage(String text, char separator) {
    assertThatThrownBy(() -> Amounts.parse(text, separator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void theCurrencyCodeBesideAnAmountIsReturned() {
    assertThat(Amounts.parse("usd 10", '.').currencyCode()).isEqualTo("USD");
    assertThat(Amounts.parse("10 EUR", '.').currencyCode()).isEqualTo("EUR");
    assertThat(Amounts.parse("$10", '.').currencyCode()).isNull();
  }

  @ParameterizedTest(name = "{0} in {1} is {2}")
  @CsvSource({
    "2026-11-03, MDY, 2026-11-03",
    "2026-11-03, DMY, 2026-11-03",
    "2026-11-03T10:15:00, MDY, 2026-11-03",
    "2026-11-03 00:00:00, DMY, 2026-11-03",
    "20261103, DMY, 2026-11-03",
    "11/3/2026, MDY, 2026-11-03",
    "11/3/26, MDY, 2026-11-03",
    "11/3/2026 12:00 AM, MDY, 2026-11-03",
    "3/11/2026, DMY, 2026-11-03",
    "03.11.2026, DMY, 2026-11-03",
    "03-11-2026, DMY, 2026-11-03",
    "2026/11/03, MDY, 2026-11-03",
    "26-11-03, YMD, 2026-11-03",
    "3-Nov-2026, MDY, 2026-11-03",
    "03-NOV-26, DMY, 2026-11-03",
    "'Nov 3, 2026', DMY, 2026-11-03",
    "3 November 2026, MDY, 2026-11-03",
    "2026 Nov 3, MDY, 2026-11-03",
    "2/29/2028, MDY, 2028-02-29",
  })
  void datesAreRead(String text, DateOrder order, LocalDate expected) {
    assertThat(Dates.parse(text, order)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} in {1} is refused")
  @CsvSource({
    "13/45/2026, MDY",
    "2/30/2026, MDY",
    "2/29/2026, MDY",
    "11/3/2026, YMD",
    "11-3/2026, MDY",
    "yesterday, MDY",
    "3 Brumaire 2026, DMY",
    "1/1/1800, MDY",
    "45000, MDY",
    "11/3, MDY",
  })
  void impossibleDatesAreRefusedWithTheValueInTheMessage(String text, DateOrder order) {
    assertThatThrownBy(() -> Dates.parse(text, order))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest(name = "{0} is {1} days")
  @CsvSource({
    "30, 30",
    "Net 30, 30",
    "N30, 30",
    "net-45, 45",
    "2% 10 Net 30, 30",
    "60 days, 60",
    "Due on receipt, 0",
    "0, 0",
  })
  void termsAreRead(String text, int days) {
    assertThat(Terms.days(text)).isEqualTo(days);
  }

  @Test
  void unreadableTermsAreRefused() {
    assertThatThrownBy(() -> Terms.days("End of month"))
        .hasMessage("'End of month' is not payment terms in days (like 30 or Net 30)");
    assertThatThrownBy(() -> Terms.days("400")).hasMessage("'400' is more than 365 days of terms");
  }

  @Test
  void excelSerialDatesFollowExcelsCalendar() {
    assertThat(XlsxCells.excelDate(new java.math.BigDecimal("46329"), false))
        .isEqualTo(LocalDate.of(2026, 11, 3));
    assertThat(XlsxCells.excelDate(new java.math.BigDecimal("46329.75"), false))
        .isEqualTo(LocalDate.of(2026, 11, 3));
    assertThat(XlsxCells.excelDate(new java.math.BigDecimal("1"), false))
        .isEqualTo(LocalDate.of(1900, 1, 1));
    assertThat(XlsxCells.excelDate(new java.math.BigDecimal("0"), true))
        .isEqualTo(LocalDate.of(1904, 1, 1));
  }
}
