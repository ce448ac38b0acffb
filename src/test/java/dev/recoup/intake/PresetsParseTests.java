package dev.recoup.intake;

import static dev.recoup.intake.ParseFixtures.read;
import static dev.recoup.intake.ParseFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The built-in presets, and Recoup's own shape read back as written. */
class PresetsParseTests {

  @Test
  void presetsAreNamedAndMapTheKindsThatMakeSense() {
    assertThat(Presets.names()).containsExactly("recoup", "netsuite", "sap", "oracle");
    for (ImportKind kind : ImportKind.values()) {
      assertThat(Presets.has("recoup", kind)).isTrue();
    }
    assertThat(Presets.has("netsuite", ImportKind.ACCOUNTS)).isTrue();
    assertThat(Presets.has("netsuite", ImportKind.CONTACTS)).isFalse();
    assertThat(Presets.has("sap", ImportKind.ACCOUNTS)).isFalse();
    assertThat(Presets.has("oracle", ImportKind.PAYMENTS)).isTrue();
    assertThat(Presets.named(" NetSuite ", ImportKind.INVOICES).sourceSystem())
        .isEqualTo("NETSUITE");
    assertThat(Presets.named("sap", ImportKind.INVOICES).dateOrder()).isEqualTo(DateOrder.DMY);
    assertThatThrownBy(() -> Presets.named("quickbooks", ImportKind.INVOICES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("preset: unknown preset 'quickbooks'; one of recoup, netsuite, sap, oracle");
    assertThatThrownBy(() -> Presets.named("sap", ImportKind.CONTACTS))
        .hasMessage(
            "preset: sap has no mapping for contacts; it maps invoices, credit-memos, payments");
  }

  @Test
  void theBestMatchingPresetIsGuessedFromAHeader() {
    assertThat(
            Presets.guess(
                    List.of(
                        "Account",
                        "Document Number",
                        "Document Type",
                        "Posting Date",
                        "Net due date",
                        "Amount in doc. curr.",
                        "Document currency"),
                    ImportKind.INVOICES)
                .name())
        .isEqualTo("sap");
    assertThat(
            Presets.guess(
                    List.of(
                        "Customer Account Number",
                        "Transaction Number",
                        "Transaction Date",
                        "Due Date",
                        "Currency",
                        "Original Amount",
                        "Amount Due Remaining"),
                    ImportKind.INVOICES)
                .name())
        .isEqualTo("oracle");
    assertThat(Presets.guess(ImportKind.PAYMENTS.fields(), ImportKind.PAYMENTS).name())
        .isEqualTo("recoup");
    assertThat(Presets.guess(List.of("x", "y"), ImportKind.CONTACTS).name()).isEqualTo("recoup");
  }

  @Test
  void anOracleTransactionsExportReadsMonthNamesAndSignedCreditMemos() {
    String file =
        "Customer Account Number,Transaction Number,Class,Transaction Date,Currency,"
            + "Original Amount,Business Unit\n"
            + "1001,CM-1,Credit Memo,03-NOV-2026,USD,-100.00,US1 BU\n"
            + "1001,INV-7,Invoice,03-NOV-2026,USD,100.00,US1 BU\n";
    List<ParsedRow> rows =
        read(
            file.getBytes(StandardCharsets.UTF_8),
            "ar.csv",
            Presets.named("oracle", ImportKind.CREDIT_MEMOS));
    assertThat(row(rows, 2).errors()).isEmpty();
    assertThat(row(rows, 2).values())
        .containsEntry("external_id", "CM-1")
        .containsEntry("issue_date", "2026-11-03")
        .containsEntry("amount", "100.00")
        .containsEntry("source_system", "ORACLE");
    assertThat(row(rows, 3).errors())
        .containsExactly(
            new RowError(
                3,
                "row",
                "document type 'Invoice' is an invoice, not a credit memo; import it as invoices"));
  }

  @Test
  void sapDocumentNumbersThatRestartEachFiscalYearStayDistinctRecords() {
    String file =
        "Company Code;Fiscal Year;Account;Document Number;Document Type;Posting Date;"
            + "Net due date;Amount in doc. curr.;Document currency\n"
            + "1000;2025;100042;1800000012;RV;15.12.2025;14.01.2026;500,00;EUR\n"
            + "1000;2026;100042;1800000012;RV;03.11.2026;03.12.2026;750,00;EUR\n"
            + "2000;2026;100042;1800000012;RV;03.11.2026;03.12.2026;80,00;EUR\n"
            + "1000;26;100042;1800000013;RV;03.11.2026;03.12.2026;10,00;EUR\n";
    ColumnMapping sap = Presets.named("sap", ImportKind.INVOICES);
    List<ParsedRow> rows =
        read(
            file.getBytes(StandardCharsets.UTF_8),
            "fbl5n.csv",
            new ColumnMapping(
                sap.name(),
                sap.kind(),
                sap.sourceSystem(),
                sap.columns(),
                sap.constants(),
                sap.dateOrder(),
                ','));

    // The same number in two years, or two company codes, is three documents; the number shown
    // to people stays what SAP prints.
    assertThat(rows.subList(0, 3))
        .extracting(r -> r.values().get("external_id"), r -> r.values().get("number"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1000/2025/1800000012", "1800000012"),
            org.assertj.core.groups.Tuple.tuple("1000/2026/1800000012", "1800000012"),
            org.assertj.core.groups.Tuple.tuple("2000/2026/1800000012", "1800000012"));
    assertThat(row(rows, 5).errors())
        .containsExactly(new RowError(5, "fiscal_year", "'26' is not a fiscal year"));
  }

  /** One valid, already normalised value per field, with text that needs quoting. */
  static Map<String, String> sample(ImportKind kind) {
    Map<String, String> v = new LinkedHashMap<>();
    for (String field : kind.fields()) {
      v.put(
          field,
          switch (field) {
            case "currency" -> "EUR";
            case "amount" -> "1234.50";
            case "tax", "credit_limit" -> "200.00";
            case "open_amount" -> "34.50";
            case "issue_date", "value_date", "applied_on" -> "2026-11-03";
            case "due_date" -> "2026-12-03";
            case "terms_days", "payment_terms_days" -> "30";
            case "kind" -> "SERVICES";
            case "role" -> "BILLING";
            case "channel" -> "PARTNER";
            case "method" -> "WIRE";
            case "risk_rating" -> "HIGH";
            case "segment" -> "MID_MARKET";
            case "region" -> "EMEA";
            case "preferred_channel" -> "EMAIL";
            case "source_system" -> "RECOUP";
            case "name" -> "Müller, \"Zahnrad\" & Söhne";
            case "memo", "remittance_text", "reason" -> "line one, with comma\nline \"two\"";
            case "email" -> "ap@example.com";
            case "time_zone" -> "Europe/Berlin";
            case "payment_run_days" -> "MON,THU";
            case "language" -> "de";
            case "entity" -> "DE01";
            default -> field.toUpperCase() + "-1";
          });
    }
    return v;
  }

  @ParameterizedTest
  @EnumSource(ImportKind.class)
  void theRecoupShapeReadsBackWhatWasWritten(ImportKind kind) throws Exception {
    Map<String, String> sample = sample(kind);
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      printer.printRecord(kind.fields());
      printer.printRecord(new ArrayList<>(sample.values()));
      List<String> sparse = new ArrayList<>();
      for (String field : kind.fields()) {
        sparse.add(kind.required().contains(field) ? sample.get(field) : "");
      }
      printer.printRecord(sparse);
    }

    List<ParsedRow> rows =
        read(
            out.toString().getBytes(StandardCharsets.UTF_8),
            kind.slug() + ".csv",
            Presets.named("recoup", kind));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).errors()).isEmpty();
    assertThat(rows.get(0).values()).isEqualTo(sample);
    assertThat(rows.get(1).errors()).isEmpty();
    Map<String, String> required = new LinkedHashMap<>();
    kind.required().forEach(f -> required.put(f, sample.get(f)));
    required.put("source_system", "RECOUP");
    if (kind == ImportKind.INVOICES) {
      required.put("kind", "SUBSCRIPTION");
    }
    assertThat(rows.get(1).values()).isEqualTo(required);
  }
}
