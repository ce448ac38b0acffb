package dev.recoup.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Acceptance 4 of issue 4: the statement of account as the customer receives it, read back the way
 * the customer's software reads it (the PDF's text with PDFBox, the workbook with an Excel reader):
 * every open invoice and the balance due, in the customer's language, grouped by end customer for a
 * partner, as of any date. Accounts of Elena (EMEA), whom no other test uses; a Japanese and a
 * partner account are only read.
 */
@RecoupTest
class StatementTests {

  static final LocalDate TODAY = LocalDate.parse(RecoupTest.TODAY);

  @Autowired Statements statements;
  @Autowired Aging aging;
  @Autowired JdbcClient jdbc;

  private final List<Long> languageChanged = new ArrayList<>();

  @AfterEach
  void restoreLanguages() {
    for (long id : languageChanged) {
      jdbc.sql("update customer_account set language = 'en' where id = ?").param(id).update();
    }
    languageChanged.clear();
  }

  @Test
  void theStatementPdfListsEveryOpenInvoiceAndTheBalanceDue() throws Exception {
    long account = elenasAccounts().get(0);
    List<String> open = openInvoiceNumbers(account);
    assertThat(open).isNotEmpty();

    String text = pdfText(statements.pdf(new AccountId(account), TODAY));

    assertThat(text).contains("Statement of account", "Balance due", externalId(account));
    assertThat(text).contains(open);
    AgingReport.CurrencyAging balance =
        aging.account(new AccountId(account), TODAY).byCurrency().get(0);
    assertThat(text).contains(english(balance.total()) + " " + balance.currency());
  }

  @Test
  void aGermanCustomersStatementSpeaksGermanWithGermanDatesAndAmounts() throws Exception {
    long account = elenasAccounts().get(1);
    speaks(account, "de");
    Statements.Statement s = statements.statement(new AccountId(account), TODAY);
    Money total = s.aging().byCurrency().get(0).total();

    byte[] pdf = statements.pdf(new AccountId(account), TODAY);
    keep(pdf, "statement-de.pdf");
    String text = pdfText(pdf);

    assertThat(text)
        .contains("Kontoauszug", "Kundennummer", "Fällig am", "Offener Saldo", "Nicht fällig")
        .contains("20.11.2026")
        .doesNotContain("Statement of account");
    assertThat(text).contains(german(total) + " " + total.currencyCode());
    assertThat(text).contains(openInvoiceNumbers(account));
  }

  @Test
  void aFrenchCustomerGetsFrenchLabels() throws Exception {
    long account = elenasAccounts().get(2);
    speaks(account, "fr");

    String text = pdfText(statements.pdf(new AccountId(account), TODAY));

    assertThat(text).contains("Relevé de compte", "Échéance", "Solde dû", "20 nov. 2026");
  }

  @Test
  void aJapaneseCustomersStatementIsInJapaneseInThePdfAndTheWorkbook() throws Exception {
    long account =
        jdbc.sql(
                """
                select min(a.id) from customer_account a
                where a.language = 'ja' and a.partner_id is null
                  and exists (select 1 from invoice i where i.account_id = a.id and i.open_amount > 0)""")
            .query(Long.class)
            .single();

    byte[] pdf = statements.pdf(new AccountId(account), TODAY);
    keep(pdf, "statement-ja.pdf");
    // NFKC: the embedded font maps some ideographs to their look-alike Kangxi radicals on the way
    // back to text (支 reads as ⽀); the same characters to a reader, and to search after NFKC.
    String text = java.text.Normalizer.normalize(pdfText(pdf), java.text.Normalizer.Form.NFKC);

    assertThat(text).contains("取引明細書", "お客様番号", "支払期日", "お支払残高", "2026/11/20");
    assertThat(text).contains(openInvoiceNumbers(account));
    // Yen have no decimals: amounts are whole numbers.
    assertThat(text).doesNotContainPattern("\\d,\\d{3}\\.\\d{2} JPY");

    byte[] xlsx = statements.xlsx(new AccountId(account), TODAY);
    keep(xlsx, "statement-ja.xlsx");
    List<Row> rows = workbookRows(xlsx);
    assertThat(indexOf(rows, "取引明細書")).isLessThan(indexOf(rows, "請求書番号"));
    assertThat(indexOf(rows, "お支払残高")).isPositive();
  }

  @Test
  void theExcelStatementHasTheItemsAsNumbersAndTheTotal() throws Exception {
    long account = elenasAccounts().get(0);
    Statements.Statement s = statements.statement(new AccountId(account), TODAY);
    Money total = s.aging().byCurrency().get(0).total();

    List<Row> rows = workbookRows(statements.xlsx(new AccountId(account), TODAY));

    int header = indexOf(rows, "Invoice");
    List<String> numbers = new ArrayList<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (Row r : rows.subList(header + 1, rows.size())) {
      if (r.getCellCount() < 8 || !r.hasCell(7) || r.getCell(7).getType() != CellType.NUMBER) {
        break;
      }
      numbers.add(r.getCellText(0));
      assertThat(r.getCellAsDate(2)).as("due date is a date").isPresent();
      sum = sum.add(r.getCellAsNumber(7).orElseThrow());
    }
    assertThat(numbers).containsExactlyInAnyOrderElementsOf(openInvoiceNumbers(account));
    assertThat(sum).isEqualByComparingTo(total.amount());

    int totals = indexOf(rows, "Balance due");
    Row totalRow = rows.get(totals + 1);
    assertThat(totalRow.getCellText(1)).isEqualTo(total.currencyCode());
    int last = 2 + s.bucketLabels().size();
    assertThat(totalRow.getCellAsNumber(last).orElseThrow()).isEqualByComparingTo(total.amount());
  }

  @Test
  void aPartnersStatementListsItsItemsUnderEachEndCustomer() throws Exception {
    long partner =
        jdbc.sql(
                """
                select min(a.id) from customer_account a
                where a.channel = 'PARTNER' and a.partner_id is null and a.language = 'en'
                  and (select count(distinct i.end_customer_id) from invoice i
                       where i.account_id = a.id and i.open_amount > 0) >= 2""")
            .query(Long.class)
            .single();
    List<String> endCustomers =
        jdbc.sql(
                """
                select distinct ec.name from invoice i join customer_account ec on ec.id = i.end_customer_id
                where i.account_id = ? and i.open_amount > 0 order by ec.name""")
            .param(partner)
            .query(String.class)
            .list();

    Statements.Statement s = statements.statement(new AccountId(partner), TODAY);
    keep(statements.xlsx(new AccountId(partner), TODAY), "statement-partner.xlsx");
    byte[] pdf = statements.pdf(new AccountId(partner), TODAY);
    keep(pdf, "statement-partner.pdf");
    String text = pdfText(pdf);

    assertThat(s.partner()).isTrue();
    assertThat(s.groups()).extracting(Statements.Group::endCustomer).containsAll(endCustomers);
    for (String name : endCustomers) {
      assertThat(text).contains("End customer: " + name);
    }
    assertThat(text).contains("Subtotal");
    // Each end customer's subtotal is what is open on its invoices.
    for (Statements.Group g : s.groups()) {
      Money open = g.items().stream().map(Statements.Item::open).reduce(Money::plus).orElseThrow();
      assertThat(g.subtotals()).containsExactly(open);
    }
  }

  @Test
  void aStatementAsOfAPastDateShowsWhatWasOpenThen() {
    // An invoice of Elena's that was paid after the end of September was open on 30 September.
    var paidLater =
        jdbc.sql(
                """
                select a.id as account, i.number from invoice i
                join customer_account a on a.id = i.account_id
                join app_user u on u.id = a.owner_id and u.username = 'elena'
                where i.open_amount = 0 and i.issue_date <= date '2026-09-30'
                  and i.closed_on > date '2026-09-30'
                order by i.id limit 1""")
            .query((rs, n) -> Map.entry(rs.getLong("account"), rs.getString("number")))
            .single();
    AccountId account = new AccountId(paidLater.getKey());

    Statements.Statement then = statements.statement(account, LocalDate.parse("2026-09-30"));
    Statements.Statement now = statements.statement(account, TODAY);

    assertThat(numbers(then)).contains(paidLater.getValue());
    assertThat(numbers(now)).doesNotContain(paidLater.getValue());
    // The balance as of that date is the sum of what was open then.
    Map<String, BigDecimal> items = new TreeMap<>();
    then.groups().stream()
        .flatMap(g -> g.items().stream())
        .forEach(i -> items.merge(i.open().currencyCode(), i.open().amount(), BigDecimal::add));
    Map<String, BigDecimal> balance = new TreeMap<>();
    then.aging().byCurrency().forEach(c -> balance.put(c.currency(), c.total().amount()));
    assertThat(items).isEqualTo(balance);
  }

  private static List<String> numbers(Statements.Statement s) {
    return s.groups().stream()
        .flatMap(g -> g.items().stream())
        .map(Statements.Item::number)
        .toList();
  }

  /** Elena's direct accounts with open invoices, lowest id first. */
  private List<Long> elenasAccounts() {
    return jdbc.sql(
            """
            select a.id from customer_account a join app_user u on u.id = a.owner_id
            where u.username = 'elena' and a.channel = 'DIRECT' and a.language = 'en'
              and exists (select 1 from invoice i where i.account_id = a.id and i.open_amount > 0)
            order by a.id limit 3""")
        .query(Long.class)
        .list();
  }

  private void speaks(long account, String language) {
    jdbc.sql("update customer_account set language = ? where id = ?")
        .params(language, account)
        .update();
    languageChanged.add(account);
  }

  private List<String> openInvoiceNumbers(long account) {
    return jdbc.sql("select number from invoice where account_id = ? and open_amount > 0")
        .param(account)
        .query(String.class)
        .list();
  }

  private String externalId(long account) {
    return jdbc.sql("select external_id from customer_account where id = ?")
        .param(account)
        .query(String.class)
        .single();
  }

  /** Keeps a document in target/statements to be looked at (pdftoppm makes pictures of it). */
  static void keep(byte[] document, String name) throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of("target", "statements");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.write(dir.resolve(name), document);
  }

  static String pdfText(byte[] pdf) throws Exception {
    assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  static List<Row> workbookRows(byte[] xlsx) throws Exception {
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
      try (var rows = wb.getFirstSheet().openStream()) {
        return rows.toList();
      }
    }
  }

  private static int indexOf(List<Row> rows, String firstCell) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).getCellCount() > 0 && firstCell.equals(rows.get(i).getCellText(0))) {
        return i;
      }
    }
    throw new AssertionError("No row starting with " + firstCell);
  }

  private static String english(Money m) {
    return format(m, Locale.ENGLISH);
  }

  private static String german(Money m) {
    return format(m, Locale.GERMAN);
  }

  private static String format(Money m, Locale locale) {
    java.text.NumberFormat nf = java.text.NumberFormat.getNumberInstance(locale);
    nf.setMinimumFractionDigits(m.amount().scale());
    nf.setMaximumFractionDigits(m.amount().scale());
    return nf.format(m.amount());
  }
}
