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
            safe(entityCodes.getOrDefault(r.accountId().value(), "")),
            safe(r.accountExternalId()),
            safe(r.accountName()),
            r.source().kind(),
            safe(r.document()),
            r.amount().currencyCode(),
            r.amount().plain(),
            r.paidOn(),
            safe(r.paymentReference()),
            safe(r.reason()),
            safe(r.requestedBy()),
            safe(r.decidedBy()),
            safe(r.verifiedBy()),
            r.verificationMethod(),
            r.bankAccountLast4());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Neutralises spreadsheet formulas in exported text. */
  static String safe(String s) {
    if (s != null && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return s;
  }
}
