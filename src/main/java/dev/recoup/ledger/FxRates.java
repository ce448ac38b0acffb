package dev.recoup.ledger;

import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Dated FX rates into the reporting currency: the latest rate on or before a date applies. */
@Component
public class FxRates {

  private final JdbcClient jdbc;
  private final String reportingCurrency;

  FxRates(JdbcClient jdbc, @Value("${recoup.reporting-currency:USD}") String reportingCurrency) {
    this.jdbc = jdbc;
    this.reportingCurrency = reportingCurrency;
  }

  public String reportingCurrency() {
    return reportingCurrency;
  }

  /** Every currency's rate as of {@code date}; the reporting currency itself is 1. */
  public Map<String, AgingReport.FxRate> ratesOn(LocalDate date) {
    Map<String, AgingReport.FxRate> rates =
        jdbc
            .sql(
                """
                select distinct on (currency) currency, rate_date, rate from fx_rate
                where rate_date <= ? order by currency, rate_date desc""")
            .param(date)
            .query(
                (rs, n) ->
                    new AgingReport.FxRate(
                        rs.getString("currency").trim(),
                        rs.getObject("rate_date", LocalDate.class),
                        rs.getBigDecimal("rate")))
            .list()
            .stream()
            .collect(Collectors.toMap(AgingReport.FxRate::currency, r -> r));
    rates.put(reportingCurrency, new AgingReport.FxRate(reportingCurrency, date, BigDecimal.ONE));
    return rates;
  }

  /**
   * Converts to the reporting currency, rounding half-even at the reporting currency's scale (the
   * usual rule for reporting translations). Empty when no rate is known on or before the date.
   */
  public Optional<Money> toReporting(Money money, Map<String, AgingReport.FxRate> rates) {
    AgingReport.FxRate rate = rates.get(money.currencyCode());
    if (rate == null) {
      return Optional.empty();
    }
    return Optional.of(
        Money.rounded(
            money.amount().multiply(rate.rate()), reportingCurrency, RoundingMode.HALF_EVEN));
  }
}
