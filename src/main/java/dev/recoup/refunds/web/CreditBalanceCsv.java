package dev.recoup.refunds.web;

import dev.recoup.refunds.CreditBalanceFilter;
import dev.recoup.refunds.CreditBalances;
import dev.recoup.shared.TableExport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The credit-balance worklist as CSV or Excel (by the request's extension), streamed row by row;
 * formulas in text cells neutralised, amounts numbers in Excel.
 */
final class CreditBalanceCsv {

  private CreditBalanceCsv() {}

  static void write(
      CreditBalances balances,
      CreditBalanceFilter filter,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    String rc = balances.reportingCurrency();
    try (TableExport out =
        TableExport.open(
            request,
            response,
            "credit-balances",
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
            "Last outreach")) {
      balances.forEach(
          filter,
          c ->
              out.row(
                  c.source().kind(),
                  c.document(),
                  c.dated(),
                  c.ageDays(),
                  c.accountExternalId(),
                  c.accountName(),
                  c.region(),
                  c.ownerName(),
                  c.open().currencyCode(),
                  c.amount(),
                  c.open(),
                  c.reserved(),
                  c.available(),
                  c.openReporting(),
                  c.lastOutreachAt()));
    }
  }
}
