package dev.recoup.intake;

import static dev.recoup.intake.ParseFixtures.invoices;
import static dev.recoup.intake.ParseFixtures.readCsv;
import static dev.recoup.intake.ParseFixtures.recoup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeFilesParseTests {

  @Test
  void aRecoupInvoiceFileComesThroughNormalised() {
    List<ParsedRow> rows =
        readCsv(
            invoices(
                "INV-1,1001,ACME,usd,2026-11-03,2026-12-03,1200.5,first",
                "INV-2,1002,ACME,JPY,2026-11-04,2026-12-04,\"150,000\","),
            recoup(ImportKind.INVOICES));

    assertThat(rows).hasSize(2);
    ParsedRow first = rows.get(0);
    assertThat(first.row()).isEqualTo(2);
    assertThat(first.errors()).isEmpty();
    assertThat(first.values())
        .containsEntry("external_id", "INV-1")
        .containsEntry("currency", "USD")
        .containsEntry("amount", "1200.50")
        .containsEntry("issue_date", "2026-11-03")
        .containsEntry("source_system", "RECOUP")
        .containsEntry("kind", "SUBSCRIPTION")
        .containsEntry("memo", "first");
    assertThat(first.raw()).containsEntry("amount", "1200.5").containsEntry("currency", "usd");
    ParsedRow second = rows.get(1);
    assertThat(second.errors()).isEmpty();
    assertThat(second.values()).containsEntry("amount", "150000").doesNotContainKey("memo");
  }

  @Test
  void aSourceSystemColumnWinsOverTheMappingsDefault() {
    List<ParsedRow> rows =
        readCsv(
            "external_id,name,entity,currency,source_system\nA1,Acme,US01,USD,NETSUITE\n"
                + "A2,Beta,US01,USD,\n",
            recoup(ImportKind.ACCOUNTS));
    assertThat(rows.get(0).values()).containsEntry("source_system", "NETSUITE");
    assertThat(rows.get(1).values()).containsEntry("source_system", "RECOUP");
  }

  @Test
  void constantsFillFieldsTheFileLacks() {
    ColumnMapping m =
        new ColumnMapping(
            "mine",
            ImportKind.PAYMENTS,
            "BANK",
            Map.of(
                "external_id", "Ref",
                "account_external_id", "Payer",
                "value_date", "Booked",
                "amount", "Amount"),
            Map.of("currency", "eur", "entity", "DE01"),
            DateOrder.DMY,
            ',');
    List<ParsedRow> rows = readCsv("Ref;Payer;Booked;Amount\nP-1;ACME;03.11.2026;1.234,56\n", m);
    assertThat(rows.get(0).errors()).isEmpty();
    assertThat(rows.get(0).values())
        .containsEntry("currency", "EUR")
        .containsEntry("entity", "DE01")
        .containsEntry("value_date", "2026-11-03")
        .containsEntry("amount", "1234.56")
        .containsEntry("source_system", "BANK");
  }

  @Test
  void headersMatchIgnoringCaseAndSurroundingSpaces() {
    List<ParsedRow> rows =
        readCsv(
            " External_ID ,NUMBER,Account_External_Id,Currency ,Issue_Date,Due_Date,Amount\n"
                + "INV-1,1,ACME,USD,2026-11-03,2026-11-03,10\n",
            recoup(ImportKind.INVOICES));
    assertThat(rows.get(0).errors()).isEmpty();
    assertThat(rows.get(0).values()).containsEntry("external_id", "INV-1");
  }

  @Test
  void aMissingRequiredColumnIsRefusedAtOpen() {
    assertThatThrownBy(
            () ->
                readCsv(
                    "external_id,number,account_external_id,currency,issue_date,due_date\n"
                        + "INV-1,1,ACME,USD,2026-11-03,2026-11-03\n",
                    recoup(ImportKind.INVOICES)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file: no column for required field 'amount' (looked for 'amount')");
  }

  @Test
  void previewShowsFormatDelimiterCharsetHeaderAndFirstRows() {
    String text = "a;b;c\n1;2;3\n\n4;5\n6;7;8\n";
    FilePreview preview =
        IntakeFiles.preview(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "x.csv", 2);
    assertThat(preview.format()).isEqualTo("csv");
    assertThat(preview.delimiter()).isEqualTo(";");
    assertThat(preview.charset()).isEqualTo("UTF-8");
    assertThat(preview.header()).containsExactly("a", "b", "c");
    assertThat(preview.rows()).containsExactly(List.of("1", "2", "3"), List.of("4", "5", ""));
  }

  @Test
  void excelsSepLineNamesTheDelimiterAndIsNotARow() {
    List<ParsedRow> rows =
        readCsv(
            "sep=;\nexternal_id;name;entity;currency\nA1;Acme, Inc.;US01;USD\n",
            recoup(ImportKind.ACCOUNTS));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).row()).isEqualTo(2); // as Excel shows it: the sep line is hidden
    assertThat(rows.get(0).values()).containsEntry("name", "Acme, Inc.");
  }

  @Test
  void anInvoiceKindColumnHoldingErpDocumentTypesDefaultsToSubscription() {
    List<ParsedRow> rows =
        readCsv(
            "external_id,number,account_external_id,currency,issue_date,due_date,amount,kind\n"
                + "I1,1,A1,USD,2026-11-03,2026-12-03,10,Invoice\n"
                + "I2,2,A1,USD,2026-11-03,2026-12-03,10,RV\n"
                + "I3,3,A1,USD,2026-11-03,2026-12-03,10,Credit Memo\n",
            recoup(ImportKind.INVOICES));
    assertThat(rows.get(0).values()).containsEntry("kind", "SUBSCRIPTION");
    assertThat(rows.get(1).values()).containsEntry("kind", "SUBSCRIPTION");
    assertThat(rows.get(2).errors())
        .containsExactly(
            new RowError(
                4,
                "kind",
                "document type 'Credit Memo' is a credit memo, not an invoice; import it as"
                    + " credit-memos"));
  }

  @Test
  void rowsCloseTheirInputAndAnUnknownMappingFieldIsRefused() {
    ColumnMapping odd =
        new ColumnMapping(
            "odd",
            ImportKind.CONTACTS,
            "CRM",
            Map.of(
                "external_id",
                "id",
                "account_external_id",
                "acct",
                "name",
                "n",
                "role",
                "r",
                "amount",
                "x"),
            Map.of(),
            DateOrder.YMD,
            '.');
    assertThatThrownBy(() -> readCsv("id,acct,n,r\n1,2,3,AP\n", odd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mapping: 'amount' is not a field of contacts");
  }
}
