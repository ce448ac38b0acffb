package dev.recoup.intake;

import static dev.recoup.intake.ParseFixtures.read;
import static dev.recoup.intake.ParseFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

/** Excel workbooks, written here with fastexcel and read back through {@link IntakeFiles}. */
class XlsxParseTests {

  interface Sheet {
    void fill(Worksheet ws);
  }

  static byte[] workbook(Sheet sheet) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook wb = new Workbook(out, "Recoup", "1.0")) {
      Worksheet ws = wb.newWorksheet("Open items");
      sheet.fill(ws);
      wb.newWorksheet("Other").value(0, 0, "not read");
    }
    return out.toByteArray();
  }

  static void header(Worksheet ws, int r, String... names) {
    for (int c = 0; c < names.length; c++) {
      ws.value(r, c, names[c]);
    }
  }

  @Test
  void anSapStyleWorkbookIsReadFromItsFirstSheetWithExcelDatesAndNumbers() throws IOException {
    byte[] xlsx =
        workbook(
            ws -> {
              // rows 1 and 2 left empty: the header is the first row with a value
              header(
                  ws,
                  2,
                  "Account",
                  "Document Number",
                  "Document Type",
                  "Posting Date",
                  "Net due date",
                  "Amount in doc. curr.",
                  "Document currency",
                  "Clearing Document",
                  "Reference");
              ws.value(3, 0, "100042");
              ws.value(3, 1, "1800000123");
              ws.value(3, 2, "RV");
              ws.value(3, 3, LocalDate.of(2026, 11, 3));
              ws.style(3, 3).format("dd.mm.yyyy").set();
              ws.value(3, 4, LocalDate.of(2026, 12, 3));
              ws.style(3, 4).format("yyyy-mm-dd").set();
              ws.value(3, 5, new BigDecimal("1234.5"));
              ws.value(3, 6, "EUR");
              ws.value(3, 8, "PO-4711");
              // row 5 left empty
              ws.value(5, 0, "100043");
              ws.value(5, 1, "1800000124");
              ws.value(5, 2, "RV");
              ws.value(5, 3, "04.11.2026"); // a date typed as text, day first
              ws.value(5, 4, "04.12.2026");
              ws.value(5, 5, new BigDecimal("99.99"));
              ws.value(5, 6, "EUR");
              ws.value(5, 7, "1400000001");
              ws.value(6, 0, "100044");
              ws.value(6, 1, "1400000002");
              ws.value(6, 2, "DZ");
              ws.value(6, 3, LocalDate.of(2026, 11, 5));
              ws.style(6, 3).format("dd.mm.yyyy").set();
              ws.value(6, 4, LocalDate.of(2026, 11, 5));
              ws.style(6, 4).format("dd.mm.yyyy").set();
              ws.value(6, 5, new BigDecimal("-500"));
              ws.value(6, 6, "EUR");
            });

    List<ParsedRow> rows = read(xlsx, "FBL5N.xlsx", Presets.named("sap", ImportKind.INVOICES));

    assertThat(rows).extracting(ParsedRow::row).containsExactly(4L, 6L, 7L);
    assertThat(row(rows, 4).errors()).isEmpty();
    assertThat(row(rows, 4).values())
        .containsEntry("account_external_id", "100042")
        .containsEntry("external_id", "1800000123") // no fiscal year column: the number alone
        .containsEntry("number", "1800000123")
        .containsEntry("issue_date", "2026-11-03")
        .containsEntry("due_date", "2026-12-03")
        .containsEntry("amount", "1234.50")
        .containsEntry("currency", "EUR")
        .containsEntry("po_number", "PO-4711")
        .containsEntry("status", "OPEN")
        .containsEntry("open_amount", "1234.50")
        .containsEntry("source_system", "SAP");
    assertThat(row(rows, 4).raw()).containsEntry("Amount in doc. curr.", "1234.5");
    assertThat(row(rows, 6).values())
        .containsEntry("issue_date", "2026-11-04")
        .containsEntry("amount", "99.99")
        .containsEntry("status", "CLEARED")
        .containsEntry("open_amount", "0.00");
    assertThat(row(rows, 7).errors()).extracting(RowError::field).containsExactly("row", "amount");
    assertThat(row(rows, 7).errors().get(0).message())
        .isEqualTo("document type 'DZ' is a payment, not an invoice; import it as payments");
  }

  @Test
  void sapPaymentsAreNegativeInFbl5nAndComeInAsTheirMagnitude() throws IOException {
    byte[] xlsx =
        workbook(
            ws -> {
              header(
                  ws,
                  0,
                  "Account",
                  "Document Number",
                  "Document Type",
                  "Posting Date",
                  "Amount in doc. curr.",
                  "Document currency",
                  "Text");
              ws.value(1, 0, "100042");
              ws.value(1, 1, "1400000002");
              ws.value(1, 2, "DZ");
              ws.value(1, 3, "05.11.2026");
              ws.value(1, 4, new BigDecimal("-500.25"));
              ws.value(1, 5, "EUR");
              ws.value(1, 6, "INV 1800000123");
              ws.value(2, 0, "100042");
              ws.value(2, 1, "1400000003");
              ws.value(2, 2, "DZ");
              ws.value(2, 3, "06.11.2026");
              ws.value(2, 4, new BigDecimal("500"));
              ws.value(2, 5, "EUR");
            });

    List<ParsedRow> rows = read(xlsx, "pay.xlsx", Presets.named("sap", ImportKind.PAYMENTS));

    assertThat(row(rows, 2).errors()).isEmpty();
    assertThat(row(rows, 2).values())
        .containsEntry("amount", "500.25")
        .containsEntry("value_date", "2026-11-05")
        .containsEntry("remittance_text", "INV 1800000123");
    assertThat(row(rows, 3).errors())
        .containsExactly(
            new RowError(
                3,
                "amount",
                "'500' is positive; this file writes these credits as negative amounts (a"
                    + " reversal?)"));
  }

  @Test
  void aRecoupShapeWorkbookRoundTrips() throws IOException {
    List<String> fields = ImportKind.ACCOUNTS.fields();
    byte[] xlsx =
        workbook(
            ws -> {
              header(ws, 0, fields.toArray(String[]::new));
              String[] values = {
                "A-1",
                "Zürich \"Uhren\", AG",
                "CH01",
                "CHF",
                "RECOUP",
                "",
                "",
                "direct",
                "SMB",
                "EMEA",
                "30",
                "25000.00",
                "low",
                "carla",
                "Sam Sales",
                "de",
                "MON,THU"
              };
              for (int c = 0; c < values.length; c++) {
                ws.value(1, c, values[c]);
              }
            });

    List<ParsedRow> rows =
        read(xlsx, "accounts.xlsx", Presets.named("recoup", ImportKind.ACCOUNTS));

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).errors()).isEmpty();
    assertThat(rows.get(0).values())
        .containsEntry("name", "Zürich \"Uhren\", AG")
        .containsEntry("channel", "DIRECT")
        .containsEntry("payment_terms_days", "30")
        .containsEntry("credit_limit", "25000.00")
        .containsEntry("risk_rating", "LOW")
        .containsEntry("payment_run_days", "MON,THU")
        .doesNotContainKey("parent_external_id");
  }

  @Test
  void numberCellsIgnoreADecimalCommaMappingMeantForTextCells() throws IOException {
    byte[] xlsx =
        workbook(
            ws -> {
              header(
                  ws, 0, "external_id", "account_external_id", "currency", "value_date", "amount");
              ws.value(1, 0, "P-1");
              ws.value(1, 1, "ACME");
              ws.value(1, 2, "EUR");
              ws.value(1, 3, "2026-11-03");
              ws.value(1, 4, new BigDecimal("1.234"));
              ws.value(2, 0, "P-2");
              ws.value(2, 1, "ACME");
              ws.value(2, 2, "KWD");
              ws.value(2, 3, "2026-11-03");
              ws.value(2, 4, "1.234,5"); // typed as text: read with the mapping's comma
            });
    ColumnMapping comma =
        ParseFixtures.withDecimalComma(Presets.named("recoup", ImportKind.PAYMENTS));

    List<ParsedRow> rows = read(xlsx, "pay.xlsx", comma);

    assertThat(row(rows, 2).errors())
        .containsExactly(
            new RowError(2, "amount", "'1.234' has more decimals than EUR allows (2)"));
    assertThat(row(rows, 3).values()).containsEntry("amount", "1234.500");
  }

  @Test
  void previewOfAWorkbookShowsItsHeaderAndRows() throws IOException {
    byte[] xlsx =
        workbook(
            ws -> {
              header(ws, 0, "a", "b");
              ws.value(1, 0, 1);
              ws.value(1, 1, "x");
              ws.value(2, 1, "y");
            });
    FilePreview preview =
        IntakeFiles.preview(new ByteArrayInputStream(xlsx), "named-anything.bin", 5);
    assertThat(preview.format()).isEqualTo("xlsx");
    assertThat(preview.delimiter()).isEmpty();
    assertThat(preview.header()).containsExactly("a", "b");
    assertThat(preview.rows()).containsExactly(List.of("1", "x"), List.of("", "y"));
  }

  @Test
  void anEmptyWorkbookIsRefused() throws IOException {
    byte[] xlsx = workbook(ws -> {});
    assertThatThrownBy(() -> read(xlsx, "empty.xlsx", Presets.named("recoup", ImportKind.INVOICES)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file: the workbook's first sheet is empty");
  }

  /** A minimal workbook written part by part, so a part can hold what no writer would write. */
  static byte[] handMadeWorkbook(String sheetXml) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    String[][] parts = {
      {
        "[Content_Types].xml",
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package"
            + ".relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd"
            + ".openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd"
            + ".openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd"
            + ".openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>"
      },
      {
        "xl/styles.xml",
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"
      },
      {
        "_rels/.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\""
            + rels
            + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
      },
      {
        "xl/workbook.xml",
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
            + " xmlns:r=\""
            + rels
            + "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
      },
      {
        "xl/_rels/workbook.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\""
            + rels
            + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
      },
      {"xl/worksheets/sheet1.xml", sheetXml}
    };
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      for (String[] part : parts) {
        zip.putNextEntry(new java.util.zip.ZipEntry(part[0]));
        zip.write(part[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  static String inlineRow(int r, String... cells) {
    StringBuilder b = new StringBuilder("<row r=\"" + r + "\">");
    for (int c = 0; c < cells.length; c++) {
      b.append("<c r=\"")
          .append((char) ('A' + c))
          .append(r)
          .append("\" t=\"inlineStr\"><is><t>")
          .append(cells[c])
          .append("</t></is></c>");
    }
    return b.append("</row>").toString();
  }

  @Test
  void aHandMadeWorkbookIsRead() throws IOException {
    byte[] xlsx =
        handMadeWorkbook(
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<sheetData>"
                + inlineRow(1, "external_id", "name", "entity", "currency")
                + inlineRow(2, "A-1", "Acme &amp; Co", "US01", "USD")
                + "</sheetData></worksheet>");
    List<ParsedRow> rows = read(xlsx, "hand.xlsx", Presets.named("recoup", ImportKind.ACCOUNTS));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).values()).containsEntry("name", "Acme & Co");
  }

  @Test
  void aWorkbookWithAnExternalEntityDoesNotReadLocalFiles() throws IOException {
    java.nio.file.Path secret = java.nio.file.Files.createTempFile("recoup-secret", ".txt");
    java.nio.file.Files.writeString(secret, "TOP-SECRET-42");
    try {
      byte[] xlsx =
          handMadeWorkbook(
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                  + "<!DOCTYPE x [<!ENTITY secret SYSTEM \""
                  + secret.toUri()
                  + "\">]>"
                  + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                  + "<sheetData>"
                  + inlineRow(1, "external_id", "name", "entity", "currency")
                  + inlineRow(2, "A-1", "&secret;", "US01", "USD")
                  + "</sheetData></worksheet>");
      try {
        List<ParsedRow> rows = read(xlsx, "xxe.xlsx", Presets.named("recoup", ImportKind.ACCOUNTS));
        assertThat(rows)
            .allSatisfy(r -> assertThat(r.raw().toString()).doesNotContain("TOP-SECRET"));
        // DTDs are off: the entity stops reading at row 2, with that row's number
        assertThat(rows).extracting(ParsedRow::row).containsExactly(2L);
        assertThat(rows.get(0).errors().get(0).message())
            .startsWith("the sheet cannot be read past here");
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).startsWith("file: ").doesNotContain("TOP-SECRET");
      }
    } finally {
      java.nio.file.Files.deleteIfExists(secret);
    }
  }
}
