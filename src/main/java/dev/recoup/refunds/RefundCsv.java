package dev.recoup.refunds;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV for spreadsheets and the ERP. A cell that begins with = + - @ (or a tab or carriage return)
 * is prefixed with an apostrophe, so a spreadsheet never runs it as a formula (CSV injection).
 */
final class RefundCsv {

  static final String[] EXPORT_HEADER = {
    "Refund ID",
    "Entity",
    "Account external ID",
    "Account",
    "Source",
    "Source document",
    "Currency",
    "Amount",
    "Paid on",
    "Payment reference",
    "Reason",
    "Requested by",
    "Approved by",
    "Verified by",
    "Verification",
    "Bank account (last 4)"
  };

  private RefundCsv() {}

  /** The ERP export of paid refunds. */
  static String of(List<Refund> refunds, Map<Long, String> entityCodes) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(EXPORT_HEADER).get().print(out)) {
      for (Refund r : refunds) {
        csv.printRecord(
            r.id().value(),
            dev.recoup.shared.SpreadsheetText.safe(
                entityCodes.getOrDefault(r.accountId().value(), "")),
            dev.recoup.shared.SpreadsheetText.safe(r.accountExternalId()),
            dev.recoup.shared.SpreadsheetText.safe(r.accountName()),
            r.source().kind(),
            dev.recoup.shared.SpreadsheetText.safe(r.document()),
            r.amount().currencyCode(),
            r.amount().plain(),
            r.paidOn(),
            dev.recoup.shared.SpreadsheetText.safe(r.paymentReference()),
            dev.recoup.shared.SpreadsheetText.safe(r.reason()),
            dev.recoup.shared.SpreadsheetText.safe(r.requestedBy()),
            dev.recoup.shared.SpreadsheetText.safe(r.decidedBy()),
            dev.recoup.shared.SpreadsheetText.safe(r.verifiedBy()),
            r.verificationMethod(),
            r.bankAccountLast4());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
