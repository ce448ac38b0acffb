package dev.recoup.intake;

import static dev.recoup.intake.ParseFixtures.read;
import static dev.recoup.intake.ParseFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 2 at the parsing layer: a NetSuite saved-search invoice export with a byte-order mark,
 * thousands separators and currency symbols, quoted customer names holding commas, US dates like
 * 11/3/2026 and a few bad rows. The good rows come through normalised; each bad row carries its
 * number, field and reason.
 */
class NetSuiteExportParseTests {

  static final String HEADER =
      "Internal ID,Document Number,Type,Date,Due Date,Customer,Subsidiary,Currency,Amount,"
          + "Amount Remaining,Status,Terms,PO/Check Number,Memo";

  static byte[] export() {
    String body =
        String.join(
            "\r\n",
            HEADER,
            "88101,INV1042,Invoice,11/3/2026,12/3/2026,\"Acme, Inc.\",US01,USD,\"$1,234.56\","
                + "\"$1,234.56\",Open,Net 30,PO-77,\"October usage, final\"",
            "88102,INV1043,Invoice,11/4/2026,12/4/2026,\"Beta Holdings, LLC\",US01,USD,"
                + "\"12,500.00\",0.00,Paid In Full,Net 30,,",
            "88103,INV1044,Invoice,11/5/2026,11/1/2026,Gamma GmbH,DE01,EUR,\"€ 980.00\","
                + "980.00,Open,Due on receipt,,",
            "88104,INV1045,Invoice,13/45/2026,12/5/2026,Delta,US01,USD,100.00,100.00,Open,,,",
            "88105,INV1046,Invoice,11/6/2026,12/6/2026,Epsilon,US01,USD,\"-$50.00\",0,Open,,,",
            "88106,PAY2001,Payment,11/6/2026,,\"Acme, Inc.\",US01,USD,500.00,,Deposited,,,",
            "88107,INV1047,Invoice,11/7/2026,12/7/2026,Zeta,US01,US Dollar,75.00,75.00,Open,,,",
            "88108,INV1048,Invoice,11/8/2026,12/8/2026,\"Eta, S.A.\",US01,USD,\"$2,000.00\","
                + "\"$1,500.00\",Open,Net 45,PO-9,",
            "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    out.writeBytes(body.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void goodRowsComeThroughAndEachBadRowHasItsNumber() {
    ColumnMapping netsuite = Presets.named("netsuite", ImportKind.INVOICES);

    List<ParsedRow> rows = read(export(), "Transactions_Invoices.csv", netsuite);

    assertThat(rows).hasSize(8);
    assertThat(rows.stream().filter(ParsedRow::ok).map(ParsedRow::row)).containsExactly(2L, 3L, 9L);
    assertThat(row(rows, 2).values())
        .containsEntry("external_id", "88101")
        .containsEntry("number", "INV1042")
        .containsEntry("account_external_id", "Acme, Inc.")
        .containsEntry("issue_date", "2026-11-03")
        .containsEntry("due_date", "2026-12-03")
        .containsEntry("entity", "US01")
        .containsEntry("currency", "USD")
        .containsEntry("amount", "1234.56")
        .containsEntry("open_amount", "1234.56")
        .containsEntry("status", "Open")
        .containsEntry("terms_days", "30")
        .containsEntry("po_number", "PO-77")
        .containsEntry("memo", "October usage, final")
        .containsEntry("kind", "SUBSCRIPTION")
        .containsEntry("source_system", "NETSUITE")
        .doesNotContainKey("document_type");
    assertThat(row(rows, 3).values())
        .containsEntry("account_external_id", "Beta Holdings, LLC")
        .containsEntry("amount", "12500.00")
        .containsEntry("open_amount", "0.00")
        .containsEntry("status", "Paid In Full");
    assertThat(row(rows, 9).values())
        .containsEntry("amount", "2000.00")
        .containsEntry("open_amount", "1500.00")
        .containsEntry("terms_days", "45");

    assertThat(row(rows, 4).errors())
        .containsExactly(
            new RowError(4, "due_date", "due date 2026-11-01 is before the issue date 2026-11-05"));
    assertThat(row(rows, 5).errors())
        .containsExactly(
            new RowError(
                5, "issue_date", "'13/45/2026' is not a real date (read as month/day/year)"));
    assertThat(row(rows, 6).errors())
        .containsExactly(new RowError(6, "amount", "'-$50.00' is negative; it must be positive"));
    assertThat(row(rows, 7).errors())
        .containsExactly(
            new RowError(
                7,
                "row",
                "document type 'Payment' is a payment, not an invoice; import it as payments"),
            new RowError(7, "due_date", "is blank; due_date is required"));
    assertThat(row(rows, 8).errors())
        .containsExactly(
            new RowError(
                8,
                "currency",
                "'US Dollar' is not an ISO 4217 currency code (like USD, EUR, JPY)"));
    assertThat(row(rows, 8).raw()).containsEntry("Currency", "US Dollar");
  }

  @Test
  void theNetSuitePresetIsGuessedFromTheHeader() {
    List<String> header = List.of(HEADER.split(","));
    assertThat(Presets.guess(header, ImportKind.INVOICES).name()).isEqualTo("netsuite");
  }

  @Test
  void aNameColumnStandsInForCustomer() {
    String file =
        "Internal ID,Document Number,Date,Due Date,Name,Currency,Amount\n"
            + "1,INV-1,11/3/2026,12/3/2026,CUST-9 Acme,USD,10.00\n";
    List<ParsedRow> rows =
        read(
            file.getBytes(StandardCharsets.UTF_8),
            "x.csv",
            Presets.named("netsuite", ImportKind.INVOICES));
    assertThat(rows.get(0).errors()).isEmpty();
    assertThat(rows.get(0).values()).containsEntry("account_external_id", "CUST-9 Acme");
  }
}
