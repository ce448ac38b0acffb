package dev.recoup.intake;

import static dev.recoup.intake.ParseFixtures.invoices;
import static dev.recoup.intake.ParseFixtures.read;
import static dev.recoup.intake.ParseFixtures.readCsv;
import static dev.recoup.intake.ParseFixtures.recoup;
import static dev.recoup.intake.ParseFixtures.row;
import static dev.recoup.intake.ParseFixtures.withDecimalComma;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The malformed files and semantic garbage of quality.md ("Bad input") that concern reading a file:
 * each is accepted, or rejected with its row number, field and a plain reason; good rows of a bad
 * file are kept.
 */
class BadInputParseTests {

  static final ColumnMapping INVOICES = recoup(ImportKind.INVOICES);

  @Test
  void aSemicolonFileIsReadByItsOwnDelimiterAndARowWithAnotherDelimiterIsNamed() {
    String file =
        "external_id;number;account_external_id;currency;issue_date;due_date;amount\n"
            + "INV-1;1;ACME;EUR;2026-11-03;2026-12-03;1.234,56\n"
            + "INV-2,2,ACME,EUR,2026-11-03,2026-12-03,10\n"
            + "INV-3;3;ACME;EUR;2026-11-03;2026-12-03;99,90\n";

    List<ParsedRow> rows = readCsv(file, withDecimalComma(INVOICES));

    assertThat(row(rows, 2).errors()).isEmpty();
    assertThat(row(rows, 2).values()).containsEntry("amount", "1234.56");
    assertThat(row(rows, 3).errors())
        .contains(
            new RowError(
                3,
                "row",
                "has 1 cells but the header has 7; is the row written with ',' instead of ';'?"));
    assertThat(row(rows, 4).ok()).isTrue();
    assertThat(row(rows, 4).values()).containsEntry("amount", "99.90");
  }

  @Test
  void anUnquotedDelimiterInACellShiftsNothingSilently() {
    List<ParsedRow> rows =
        readCsv(invoices("INV-1,1,ACME,USD,2026-11-03,2026-12-03,10,Acme, Inc. order"), INVOICES);
    assertThat(rows.get(0).errors())
        .containsExactly(
            new RowError(
                2,
                "row",
                "has 9 cells but the header has 8; a cell holding the delimiter must be "
                    + "quoted"));
  }

  @Test
  void quotesDelimitersAndLineBreaksInsideCellsAreKeptAndRowsCountRecords() {
    String file =
        invoices(
            "INV-1,1,ACME,USD,2026-11-03,2026-12-03,10,\"Acme, Inc.\nsecond line, \"\"quoted\"\"\"",
            "INV-2,2,ACME,USD,2026-11-03,2026-12-03,20,plain");

    List<ParsedRow> rows = readCsv(file, INVOICES);

    assertThat(rows).extracting(ParsedRow::row).containsExactly(2L, 3L);
    assertThat(rows.get(0).values()).containsEntry("memo", "Acme, Inc.\nsecond line, \"quoted\"");
    assertThat(rows.get(1).values()).containsEntry("memo", "plain");
    assertThat(rows).allMatch(ParsedRow::ok);
  }

  @Test
  void aByteOrderMarkIsDropped() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body =
        invoices("INV-1,1,ACME,USD,2026-11-03,2026-12-03,10,café").getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, file, 0, 3);
    System.arraycopy(body, 0, file, 3, body.length);

    List<ParsedRow> rows = read(file, "with-bom.csv", INVOICES);

    assertThat(rows.get(0).ok()).isTrue();
    assertThat(rows.get(0).raw()).containsKey("external_id");
    assertThat(rows.get(0).values()).containsEntry("memo", "café");
    FilePreview preview = IntakeFiles.preview(new ByteArrayInputStream(file), "with-bom.csv", 1);
    assertThat(preview.header().get(0)).isEqualTo("external_id");
    assertThat(preview.charset()).isEqualTo("UTF-8");
  }

  @Test
  void aLatin1FileIsReadAsWindows1252() {
    byte[] file =
        invoices("INV-1,1,ACME,EUR,2026-11-03,2026-12-03,10,Société Générale – 5 €")
            .getBytes(Charset.forName("windows-1252"));

    List<ParsedRow> rows = read(file, "latin1.csv", INVOICES);

    assertThat(rows.get(0).values()).containsEntry("memo", "Société Générale – 5 €");
    assertThat(IntakeFiles.preview(new ByteArrayInputStream(file), "latin1.csv", 1).charset())
        .isEqualTo("windows-1252");
  }

  @Test
  void aUtf16FileFromExcelUnicodeTextIsRead() {
    String text = "external_id\tname\tentity\tcurrency\nA-1\tZürich AG\tCH01\tCHF\n";
    byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
    byte[] file = new byte[body.length + 2];
    file[0] = (byte) 0xFF;
    file[1] = (byte) 0xFE;
    System.arraycopy(body, 0, file, 2, body.length);

    List<ParsedRow> rows = read(file, "unicode.txt", recoup(ImportKind.ACCOUNTS));

    assertThat(rows.get(0).values()).containsEntry("name", "Zürich AG");
  }

  @Test
  void aTruncatedLastLineIsThatRowsErrorAndEarlierRowsStand() {
    String file =
        invoices(
                "INV-1,1,ACME,USD,2026-11-03,2026-12-03,10,ok",
                "INV-2,2,ACME,USD,2026-11-03,2026-12-03,20,ok")
            + "INV-3,3,ACME,USD,2026-11-03,2026-12-03,30,\"cut off in the mid";

    List<ParsedRow> rows = readCsv(file, INVOICES);

    assertThat(rows).extracting(ParsedRow::row).containsExactly(2L, 3L, 4L);
    assertThat(rows.get(0).ok()).isTrue();
    assertThat(rows.get(1).ok()).isTrue();
    assertThat(rows.get(2).errors())
        .containsExactly(
            new RowError(
                4, "row", "the file ends inside a quoted cell that is never closed (cut off?)"));
  }

  @Test
  void aLastLineCutBeforeItsLastCellsIsThatRowsError() {
    String file =
        "external_id,number,account_external_id,currency,issue_date,due_date,amount\n"
            + "INV-1,1,ACME,USD,2026-11-03,2026-12-03,10\n"
            + "INV-2,2,ACME,US";

    List<ParsedRow> rows = readCsv(file, INVOICES);

    assertThat(rows.get(0).ok()).isTrue();
    assertThat(rows.get(1).errors())
        .contains(new RowError(3, "row", "has 4 cells but the header has 7"));
  }

  @Test
  void aHugeCellIsThatRowsErrorAndTheNextRowIsRead() {
    String huge = "x".repeat(20_000);
    String file =
        invoices(
            "INV-1,1,ACME,USD,2026-11-03,2026-12-03,10," + huge,
            "INV-2,2,ACME,USD,2026-11-03,2026-12-03,20,fine");

    List<ParsedRow> rows = readCsv(file, INVOICES);

    assertThat(rows.get(0).errors())
        .containsExactly(
            new RowError(2, "memo", "is 20,000 characters long; a cell may hold at most 10,000"));
    assertThat(rows.get(0).raw().get("memo")).hasSize(20_000);
    assertThat(rows.get(1).ok()).isTrue();
  }

  @Test
  void aQuoteNeverClosedInTheMiddleOfAHugeFileStopsWithThatRowsErrorNotWithMemory() {
    StringBuilder file =
        new StringBuilder(invoices("INV-1,1,ACME,USD,2026-11-03,2026-12-03,10,ok"));
    file.append("INV-2,2,ACME,USD,2026-11-03,2026-12-03,20,\"never closed\n");
    String line = "INV-9,9,ACME,USD,2026-11-03,2026-12-03,20,more\n";
    while (file.length() < 2_500_000) {
      file.append(line);
    }

    List<ParsedRow> rows = readCsv(file.toString(), INVOICES);

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).ok()).isTrue();
    assertThat(rows.get(1).row()).isEqualTo(3);
    assertThat(rows.get(1).errors().get(0).message())
        .startsWith("the row is longer than 1,000,000 characters");
  }

  @Test
  void anEmptyFileIsRefused() {
    assertThatThrownBy(() -> read(new byte[0], "empty.csv", INVOICES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file: the file is empty");
    assertThatThrownBy(() -> readCsv("\uFEFF\n  \r\n\n", INVOICES))
        .hasMessage("file: the file is empty");
  }

  @Test
  void aHeaderWithoutRowsHasNoRows() {
    assertThat(readCsv(invoices().strip(), INVOICES)).isEmpty();
  }

  @Test
  void aDuplicateHeaderIsRefused() {
    assertThatThrownBy(
            () ->
                readCsv(
                    "external_id,number,account_external_id,currency,issue_date,due_date,amount,"
                        + " Amount \nINV-1,1,ACME,USD,2026-11-03,2026-12-03,10,11\n",
                    INVOICES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file: column 'Amount' appears twice");
  }

  @Test
  void aZipBombIsRefusedBeforeItIsInflated() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    byte[] bomb = bytes.toByteArray();
    assertThat(bomb.length).isLessThan(200_000);

    assertThatThrownBy(() -> read(bomb, "bomb.xlsx", INVOICES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "file: part 'xl/worksheets/sheet1.xml' inflates more than 200 times its size (a zip"
                + " bomb?)");
  }

  @Test
  void aFileNamedXlsxThatIsNotAWorkbookIsRefused() {
    assertThatThrownBy(
            () -> read("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "x.xlsx", INVOICES))
        .hasMessage("file: 'x.xlsx' is named like a workbook but is not one");
    assertThatThrownBy(() -> read(new byte[] {'P', 'K', 3, 4, 0, 0, 0}, "broken.xlsx", INVOICES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("file: not a readable Excel workbook");
  }

  @Test
  void negativeAndZeroAmountsAreRowErrorsButZeroTaxAndOpenAmountAreFine() {
    List<ParsedRow> rows =
        readCsv(
            "external_id,number,account_external_id,currency,issue_date,due_date,amount,tax,"
                + "open_amount\n"
                + "INV-1,1,ACME,USD,2026-11-03,2026-12-03,-100.00,,\n"
                + "INV-2,2,ACME,USD,2026-11-03,2026-12-03,(100.00),,\n"
                + "INV-3,3,ACME,USD,2026-11-03,2026-12-03,0.00,,\n"
                + "INV-4,4,ACME,USD,2026-11-03,2026-12-03,100.00,0,0\n"
                + "INV-5,5,ACME,USD,2026-11-03,2026-12-03,100.00,-1,-5\n",
            INVOICES);

    assertThat(row(rows, 2).errors())
        .containsExactly(new RowError(2, "amount", "'-100.00' is negative; it must be positive"));
    assertThat(row(rows, 3).errors())
        .containsExactly(new RowError(3, "amount", "'(100.00)' is negative; it must be positive"));
    assertThat(row(rows, 4).errors())
        .containsExactly(new RowError(4, "amount", "'0.00' is zero; it must be positive"));
    assertThat(row(rows, 5).ok()).isTrue();
    assertThat(row(rows, 5).values())
        .containsEntry("tax", "0.00")
        .containsEntry("open_amount", "0.00");
    assertThat(row(rows, 6).errors())
        .containsExactly(
            new RowError(6, "tax", "'-1' is negative; it must be zero or more"),
            new RowError(6, "open_amount", "'-5' is negative; it must be zero or more"));
  }

  @Test
  void moreDecimalsThanTheCurrencyAllowsIsARowError() {
    List<ParsedRow> rows =
        readCsv(
            invoices(
                "INV-1,1,ACME,USD,2026-11-03,2026-12-03,10.005,",
                "INV-2,2,ACME,JPY,2026-11-03,2026-12-03,100.5,",
                "INV-3,3,ACME,JPY,2026-11-03,2026-12-03,\"1,000\",",
                "INV-4,4,ACME,KWD,2026-11-03,2026-12-03,1.234,",
                "INV-5,5,ACME,USD,2026-11-03,2026-12-03,10.500,"),
            INVOICES);

    assertThat(row(rows, 2).errors())
        .containsExactly(
            new RowError(2, "amount", "'10.005' has more decimals than USD allows (2)"));
    assertThat(row(rows, 3).errors())
        .containsExactly(
            new RowError(3, "amount", "'100.5' has more decimals than JPY allows (0)"));
    assertThat(row(rows, 4).values()).containsEntry("amount", "1000");
    assertThat(row(rows, 5).values()).containsEntry("amount", "1.234");
    assertThat(row(rows, 6).values()).containsEntry("amount", "10.50");
  }

  @Test
  void aDecimalCommaUnderAPointMappingAndTheReverseAreRowErrorsWithTheFix() {
    String file =
        invoices(
            "INV-1,1,ACME,EUR,2026-11-03,2026-12-03,\"1.234,56\",",
            "INV-2,2,ACME,EUR,2026-11-03,2026-12-03,\"1,234.56\",",
            "INV-3,3,ACME,EUR,2026-11-03,2026-12-03,\"12,50\",");

    List<ParsedRow> point = readCsv(file, INVOICES);
    List<ParsedRow> comma = readCsv(file, withDecimalComma(INVOICES));

    assertThat(row(point, 2).errors())
        .containsExactly(
            new RowError(
                2,
                "amount",
                "'1.234,56' looks like a decimal comma; set the mapping's decimal separator to ','"));
    assertThat(row(point, 3).values()).containsEntry("amount", "1234.56");
    assertThat(row(point, 4).errors().get(0).message()).contains("looks like a decimal comma");
    assertThat(row(comma, 2).values()).containsEntry("amount", "1234.56");
    assertThat(row(comma, 3).errors())
        .containsExactly(
            new RowError(
                3,
                "amount",
                "'1,234.56' looks like a decimal point; set the mapping's decimal separator to '.'"));
    assertThat(row(comma, 4).values()).containsEntry("amount", "12.50");
  }

  @Test
  void anUnknownCurrencyIsARowError() {
    List<ParsedRow> rows =
        readCsv(
            invoices(
                "INV-1,1,ACME,XYZ,2026-11-03,2026-12-03,10,",
                "INV-2,2,ACME,US$,2026-11-03,2026-12-03,10,",
                "INV-3,3,ACME,eur,2026-11-03,2026-12-03,EUR 10,",
                "INV-4,4,ACME,USD,2026-11-03,2026-12-03,EUR 10,"),
            INVOICES);

    assertThat(row(rows, 2).errors())
        .containsExactly(
            new RowError(
                2, "currency", "'XYZ' is not an ISO 4217 currency code (like USD, EUR, JPY)"));
    assertThat(row(rows, 3).errors()).extracting(RowError::field).containsExactly("currency");
    assertThat(row(rows, 4).ok()).isTrue();
    assertThat(row(rows, 5).errors())
        .containsExactly(
            new RowError(5, "amount", "'EUR 10' is in EUR but the row's currency is USD"));
  }

  @Test
  void aDueDateBeforeTheIssueDateIsARowErrorOnTheDueDate() {
    List<ParsedRow> rows =
        readCsv(
            invoices(
                "INV-1,1,ACME,USD,2026-11-03,2026-11-02,10,",
                "INV-2,2,ACME,USD,2026-11-03,2026-11-03,10,",
                "INV-3,3,ACME,USD,2026-11-03,2026-02-30,10,"),
            INVOICES);

    assertThat(row(rows, 2).errors())
        .containsExactly(
            new RowError(2, "due_date", "due date 2026-11-02 is before the issue date 2026-11-03"));
    assertThat(row(rows, 3).ok()).isTrue();
    assertThat(row(rows, 4).errors())
        .containsExactly(new RowError(4, "due_date", "'2026-02-30' is not a real date"));
  }

  @Test
  void aBlankRequiredFieldIsARowErrorAndBlankLinesAreSkippedButCounted() {
    List<ParsedRow> rows =
        readCsv(
            invoices("INV-1,1,,USD,2026-11-03,2026-12-03,10,", "", "INV-2,2,ACME,USD,,,10,"),
            INVOICES);

    assertThat(rows).extracting(ParsedRow::row).containsExactly(2L, 4L);
    assertThat(row(rows, 2).errors())
        .containsExactly(
            new RowError(2, "account_external_id", "is blank; account_external_id is required"));
    assertThat(row(rows, 4).errors())
        .extracting(RowError::field)
        .containsExactly("issue_date", "due_date");
  }

  @Test
  void enumerationsAreValidatedAndUpperCased() {
    List<ParsedRow> contacts =
        readCsv(
            "external_id,account_external_id,name,role\nC1,A1,Ann,ap\nC2,A1,Bob,Accounts Payable\n"
                + "C3,A1,Cy,boss\n",
            recoup(ImportKind.CONTACTS));
    assertThat(row(contacts, 2).values()).containsEntry("role", "AP");
    assertThat(row(contacts, 3).values()).containsEntry("role", "AP");
    assertThat(row(contacts, 4).errors())
        .containsExactly(
            new RowError(
                4, "role", "'boss' is not a contact role (AP, BILLING, ESCALATION, EXECUTIVE)"));

    List<ParsedRow> accounts =
        readCsv(
            "external_id,name,entity,currency,channel\nA1,Acme,US01,USD,partner\n"
                + "A2,Beta,US01,USD,online\n",
            recoup(ImportKind.ACCOUNTS));
    assertThat(row(accounts, 2).values()).containsEntry("channel", "PARTNER");
    assertThat(row(accounts, 3).errors()).extracting(RowError::field).containsExactly("channel");

    List<ParsedRow> invoices =
        readCsv(
            "external_id,number,account_external_id,currency,issue_date,due_date,amount,kind\n"
                + "I1,1,A1,USD,2026-11-03,2026-12-03,10,usage\n"
                + "I2,2,A1,USD,2026-11-03,2026-12-03,10,rental\n",
            INVOICES);
    assertThat(row(invoices, 2).values()).containsEntry("kind", "USAGE");
    assertThat(row(invoices, 3).errors())
        .containsExactly(
            new RowError(
                3, "kind", "'rental' is not an invoice kind (SUBSCRIPTION, USAGE, SERVICES)"));
  }

  @Test
  void injectionTextInNamesAndMemosIsKeptAsPlainText() {
    String memo = "<script>alert(1)</script>'; drop table invoice; --";
    List<ParsedRow> rows =
        readCsv(invoices("INV-1,1,ACME,USD,2026-11-03,2026-12-03,10,\"" + memo + "\""), INVOICES);
    assertThat(rows.get(0).ok()).isTrue();
    assertThat(rows.get(0).values()).containsEntry("memo", memo);
  }
}
