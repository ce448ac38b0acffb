package dev.recoup.web;

import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Formatting for people, in the viewer's locale: {@code ${@fmt.money(x)}} in templates. */
@Component("fmt")
public class Fmt {

  public String money(Money m) {
    if (m == null) {
      return "";
    }
    return number(m.amount(), m.amount().scale()) + " " + m.currencyCode();
  }

  /** An amount without its currency (for columns whose header names the currency). */
  public String amount(Money m) {
    return m == null ? "" : number(m.amount(), m.amount().scale());
  }

  public String number(BigDecimal value, int scale) {
    if (value == null) {
      return "";
    }
    NumberFormat f = NumberFormat.getNumberInstance(locale());
    f.setMinimumFractionDigits(scale);
    f.setMaximumFractionDigits(scale);
    return f.format(value);
  }

  public String count(long n) {
    return NumberFormat.getIntegerInstance(locale()).format(n);
  }

  public String date(LocalDate d) {
    return d == null
        ? ""
        : d.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale()));
  }

  /** A moment in UTC, to the minute (each entity's people read it against their own clock). */
  public String moment(java.time.Instant at) {
    return at == null
        ? ""
        : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(at);
  }

  public String percent(BigDecimal part, BigDecimal whole) {
    if (whole == null || whole.signum() == 0) {
      return "–";
    }
    NumberFormat f = NumberFormat.getPercentInstance(locale());
    f.setMaximumFractionDigits(1);
    return f.format(part.divide(whole, 6, java.math.RoundingMode.HALF_EVEN));
  }

  private static Locale locale() {
    Locale l = LocaleContextHolder.getLocale();
    return l == null ? Locale.US : l;
  }
}
