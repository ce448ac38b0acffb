package dev.recoup.refunds.web;

import dev.recoup.refunds.CreditBalanceFilter;
import dev.recoup.refunds.CreditBalances;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The credit-balance worklist as CSV, streamed row by row; formulas in text cells neutralised. */
final class CreditBalanceCsv {

  private CreditBalanceCsv() {}

  static void write(CreditBalances balances, CreditBalanceFilter filter, Writer out)
      throws IOException {
    String rc = balances.reportingCurrency();
    try (CSVPrinter csv =
        CSVFormat.DEFAULT
            .builder()
            .setHeader(
                "Source",
                "Document",
                "Dated",
                "Age (days)",
                "Account external ID",
                "Account",
                "Region",
                "Owner",
                "Currency",
                "Amount",
                "Open",
                "In pending refunds",
                "Available",
                "Open (" + rc + ")",
                "Last outreach")
            .get()
            .print(out)) {
      balances.forEach(
          filter,
          c -> {
            try {
              csv.printRecord(
                  c.source().kind(),
                  dev.recoup.shared.SpreadsheetText.safe(c.document()),
                  c.dated(),
                  c.ageDays(),
                  dev.recoup.shared.SpreadsheetText.safe(c.accountExternalId()),
                  dev.recoup.shared.SpreadsheetText.safe(c.accountName()),
                  c.region(),
                  dev.recoup.shared.SpreadsheetText.safe(c.ownerName()),
                  c.open().currencyCode(),
                  c.amount().plain(),
                  c.open().plain(),
                  c.reserved().plain(),
                  c.available().plain(),
                  c.openReporting() == null ? "" : c.openReporting().plain(),
                  c.lastOutreachAt() == null ? "" : c.lastOutreachAt().toString());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
