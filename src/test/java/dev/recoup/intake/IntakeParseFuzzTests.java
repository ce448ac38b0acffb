package dev.recoup.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer fuzz tests of the parsers: whatever the bytes, reading a file either refuses it as a whole
 * with "file: reason" or yields rows whose faults are row errors; the value parsers either read a
 * value or refuse it with an {@link IllegalArgumentException}. Nothing else may escape. Without
 * JAZZER_FUZZ they replay the seeds in {@code IntakeParseFuzzTestsInputs/<method>/} (regression
 * mode, part of the test suite); with JAZZER_FUZZ=1 one of them fuzzes.
 */
class IntakeParseFuzzTests {

  private static final List<ColumnMapping> MAPPINGS =
      List.of(
          Presets.named("recoup", ImportKind.INVOICES),
          Presets.named("netsuite", ImportKind.INVOICES),
          Presets.named("sap", ImportKind.PAYMENTS),
          Presets.named("oracle", ImportKind.CREDIT_MEMOS),
          ParseFixtures.withDecimalComma(Presets.named("recoup", ImportKind.ACCOUNTS)),
          Presets.named("recoup", ImportKind.CONTACTS));

  /** First byte: which mapping; the rest: the file. */
  @FuzzTest(maxDuration = "30s")
  void csvFiles(byte[] data) {
    if (data.length == 0) {
      return;
    }
    ColumnMapping mapping = MAPPINGS.get((data[0] & 0xff) % MAPPINGS.size());
    byte[] file = Arrays.copyOfRange(data, 1, data.length);
    ParsedRows rows;
    try {
      rows = IntakeFiles.open(new ByteArrayInputStream(file), "fuzz.csv", mapping);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("file: ");
      return;
    }
    try (rows) {
      long previous = 0;
      while (rows.hasNext()) {
        ParsedRow row = rows.next();
        assertThat(row.row()).isGreaterThan(previous);
        previous = row.row();
        for (RowError error : row.errors()) {
          assertThat(error.row()).isEqualTo(row.row());
          assertThat(error.message()).isNotBlank();
        }
        if (row.ok()) {
          for (String field : mapping.kind().required()) {
            assertThat(row.values()).containsKey(field);
          }
        }
        row.values().forEach(IntakeParseFuzzTests::checkNormalised);
      }
    }
  }

  /** First byte: the decimal separator; the rest: the text (UTF-8). */
  @FuzzTest(maxDuration = "30s")
  void amounts(byte[] data) {
    if (data.length == 0) {
      return;
    }
    char separator = (data[0] & 1) == 0 ? '.' : ',';
    String text = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
    Amounts.Amount amount;
    try {
      amount = Amounts.parse(text, separator);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    BigDecimal value = amount.value();
    assertThat(value.abs().compareTo(new BigDecimal("1E15"))).isNegative();
    if (amount.currencyCode() != null) {
      assertThat(Amounts.isoCode(amount.currencyCode())).isEqualTo(amount.currencyCode());
    }
  }

  /** First byte: the date order; the rest: the text (UTF-8). */
  @FuzzTest(maxDuration = "30s")
  void dates(byte[] data) {
    if (data.length == 0) {
      return;
    }
    DateOrder order = DateOrder.values()[(data[0] & 0xff) % DateOrder.values().length];
    String text = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
    LocalDate date;
    try {
      date = Dates.parse(text, order);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(date.getYear()).isBetween(1900, 2199);
  }

  private static void checkNormalised(String field, String value) {
    assertThat(value).isNotBlank();
    switch (field) {
      case "amount", "tax", "open_amount", "credit_limit" ->
          assertThat(new BigDecimal(value).signum()).isGreaterThanOrEqualTo(0);
      case "issue_date", "due_date", "value_date", "applied_on" -> LocalDate.parse(value);
      case "currency" -> assertThat(Amounts.isoCode(value)).isEqualTo(value);
      default -> {
        // text
      }
    }
  }
}
