package dev.recoup.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.AgingReport;
import dev.recoup.support.RecoupTest;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every list leaves as CSV and as Excel from the same rows, over HTTP as a person downloads it:
 * text that looks like a formula stays text, amounts are numbers with their currency beside them,
 * dates are dates, and a collector gets its own portfolio unless it asks for the team's. Elena's
 * accounts (EMEA), which no other test uses; one of them is renamed for a test and named back.
 */
@RecoupTest
class ExportsTests {

  static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"Click for your refund\")";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Aging aging;

  private final Map<String, HttpClient> sessions = new HashMap<>();
  private Long renamed;
  private String originalName;

  @AfterEach
  void nameBack() {
    if (renamed != null) {
      jdbc.sql("update customer_account set name = ? where id = ?")
          .params(originalName, renamed)
          .update();
      renamed = null;
    }
  }

  @Test
  void anAccountNamedLikeAFormulaLeavesAsTextWhileAmountsStayNumbers() throws Exception {
    long account = elenasAccountWithOpenItems();
    String external = externalId(account);
    renamed = account;
    originalName =
        jdbc.sql("select name from customer_account where id = ?")
            .param(account)
            .query(String.class)
            .single();
    jdbc.sql("update customer_account set name = ? where id = ?").params(FORMULA, account).update();
    long open =
        jdbc.sql("select count(*) from invoice where account_id = ? and open_amount > 0")
            .param(account)
            .query(Long.class)
            .single();

    // CSV: the name starts with an apostrophe; amounts are plain numbers with '.' decimals.
    List<CSVRecord> csv = csv(get("liam", "/exports/open-items.csv?owner=all&q=" + external));
    assertThat(csv).hasSize((int) open);
    for (CSVRecord r : csv) {
      assertThat(r.get("Account")).isEqualTo("'" + FORMULA);
      assertThat(r.get("Account external ID")).isEqualTo(external);
      assertThat(new BigDecimal(r.get("Open"))).isPositive();
      assertThat(r.get("Currency")).matches("[A-Z]{3}");
      LocalDate.parse(r.get("Due"));
    }

    // Excel: the same rows; the name is text with its apostrophe, amounts are numbers, dates dates.
    List<Row> xlsx = xlsx(get("liam", "/exports/open-items.xlsx?owner=all&q=" + external));
    List<String> header = cells(xlsx.get(0));
    assertThat(header).containsExactlyElementsOf(csv.get(0).getParser().getHeaderNames());
    assertThat(xlsx).hasSize(1 + (int) open);
    for (Row r : xlsx.subList(1, xlsx.size())) {
      assertThat(r.getCell(header.indexOf("Account")).getType()).isEqualTo(CellType.STRING);
      assertThat(r.getCellText(header.indexOf("Account"))).isEqualTo("'" + FORMULA);
      assertThat(r.getCell(header.indexOf("Open")).getType()).isEqualTo(CellType.NUMBER);
      assertThat(r.getCell(header.indexOf("Amount")).getType()).isEqualTo(CellType.NUMBER);
      assertThat(r.getCellAsDate(header.indexOf("Due"))).isPresent();
      assertThat(r.getCellText(header.indexOf("Currency"))).matches("[A-Z]{3}");
    }
    BigDecimal csvOpen =
        csv.stream()
            .map(r -> new BigDecimal(r.get("Open")))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal xlsxOpen =
        xlsx.subList(1, xlsx.size()).stream()
            .map(r -> r.getCellAsNumber(header.indexOf("Open")).orElseThrow())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(xlsxOpen).isEqualByComparingTo(csvOpen);

    // The accounts list too, in both formats.
    List<CSVRecord> accounts = csv(get("liam", "/accounts/export.csv?owner=all&q=" + external));
    assertThat(accounts)
        .singleElement()
        .satisfies(r -> assertThat(r.get("Name")).isEqualTo("'" + FORMULA));
    List<Row> accountsXlsx = xlsx(get("liam", "/accounts/export.xlsx?owner=all&q=" + external));
    List<String> accountsHeader = cells(accountsXlsx.get(0));
    assertThat(accountsHeader)
        .containsExactlyElementsOf(accounts.get(0).getParser().getHeaderNames());
    Row row = accountsXlsx.get(1);
    assertThat(row.getCellText(accountsHeader.indexOf("Name"))).isEqualTo("'" + FORMULA);
    assertThat(row.getCell(accountsHeader.indexOf("Past due")).getType())
        .isEqualTo(CellType.NUMBER);
  }

  @Test
  void theAgingExportHasOneRowPerAccountAndCurrencyWhoseBucketsAddUpToTheLedgersAging()
      throws Exception {
    long account = elenasAccountWithOpenItems();
    String external = externalId(account);
    LocalDate asOf = LocalDate.parse("2026-10-31");
    AgingReport expected = aging.account(new AccountId(account), asOf);

    List<CSVRecord> rows =
        csv(get("lena", "/exports/aging.csv?owner=elena&asOf=2026-10-31&q=" + external));
    List<Row> xlsx =
        xlsx(get("lena", "/exports/aging.xlsx?owner=elena&asOf=2026-10-31&q=" + external));

    assertThat(rows).hasSize(expected.byCurrency().size());
    assertThat(xlsx).hasSize(1 + expected.byCurrency().size());
    List<String> buckets = expected.buckets();
    List<String> header = cells(xlsx.get(0));
    for (int i = 0; i < rows.size(); i++) {
      CSVRecord r = rows.get(i);
      AgingReport.CurrencyAging c = expected.byCurrency().get(i);
      assertThat(r.get("Currency")).isEqualTo(c.currency());
      assertThat(new BigDecimal(r.get("Total open"))).isEqualByComparingTo(c.total().amount());
      BigDecimal sum = BigDecimal.ZERO;
      for (int b = 0; b < buckets.size(); b++) {
        BigDecimal amount = new BigDecimal(r.get(buckets.get(b)));
        assertThat(amount).isEqualByComparingTo(c.buckets().get(b).amount());
        sum = sum.add(amount);
      }
      assertThat(sum).isEqualByComparingTo(c.total().amount());
      Row x = xlsx.get(1 + i);
      assertThat(x.getCellAsNumber(header.indexOf("Total open")).orElseThrow())
          .isEqualByComparingTo(c.total().amount());
      assertThat(x.getCell(header.indexOf(buckets.get(0))).getType()).isEqualTo(CellType.NUMBER);
    }

    // The whole of Elena's portfolio: one row per account and currency with something open.
    long expectedRows =
        jdbc.sql(
                """
                select count(distinct (i.account_id, i.currency)) from invoice i
                join customer_account a on a.id = i.account_id
                join app_user u on u.id = a.owner_id and u.username = 'elena'
                where i.issue_date <= :asOf
                  and i.amount > coalesce((select sum(x.amount) from application x
                                           where x.invoice_id = i.id and x.applied_on <= :asOf), 0)""")
            .param("asOf", LocalDate.parse(RecoupTest.TODAY))
            .query(Long.class)
            .single();
    assertThat(csv(get("lena", "/exports/aging.csv?owner=elena&asOf=" + RecoupTest.TODAY)))
        .hasSize((int) expectedRows);
  }

  @Test
  void aCollectorExportsItsOwnPortfolioUnlessItAsksForTheTeams() throws Exception {
    List<CSVRecord> own = csv(get("erik", "/exports/aging.csv"));
    assertThat(own)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.get("Owner")).isEqualTo("Erik Collector"));

    List<CSVRecord> team = csv(get("erik", "/exports/aging.csv?owner=all&region=EMEA"));
    assertThat(team.stream().map(r -> r.get("Owner")).distinct())
        .contains("Erik Collector", "Elena Collector", "Emma Collector");
    assertThat(team).allSatisfy(r -> assertThat(r.get("Region")).isEqualTo("EMEA"));
  }

  @Test
  void unappliedCashLeavesAsCsvAndExcelWithTheSameRows() throws Exception {
    long unapplied =
        jdbc.sql("select count(*) from payment where unapplied_amount > 0")
            .query(Long.class)
            .single();

    List<CSVRecord> csv = csv(get("maria", "/exports/unapplied-cash.csv?scope=all"));
    List<Row> xlsx = xlsx(get("maria", "/exports/unapplied-cash.xlsx?scope=all"));

    assertThat(csv).hasSize((int) unapplied);
    assertThat(xlsx).hasSize(1 + (int) unapplied);
    List<String> header = cells(xlsx.get(0));
    assertThat(header).containsExactlyElementsOf(csv.get(0).getParser().getHeaderNames());
    for (Row r : xlsx.subList(1, xlsx.size())) {
      assertThat(r.getCell(header.indexOf("Unapplied")).getType()).isEqualTo(CellType.NUMBER);
      assertThat(r.getCellAsDate(header.indexOf("Value date"))).isPresent();
    }
  }

  /** Every list page's CSV export has its Excel twin: the same header and the same rows. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/accounts/export",
        "/plans/export",
        "/cases/export",
        "/disputes/export",
        "/refunds/credit-balances",
        "/dunning/preview",
        "/approvals/export",
        "/suspensions/export"
      })
  void everyCsvExportHasAnExcelTwin(String path) throws Exception {
    HttpResponse<byte[]> csvResponse = get("maria", path + ".csv");
    List<CSVRecord> csv = csv(csvResponse);
    List<Row> xlsx = xlsx(get("maria", path + ".xlsx"));

    String body = new String(csvResponse.body(), StandardCharsets.UTF_8);
    List<String> csvHeader =
        CSVFormat.DEFAULT.parse(new StringReader(body.substring(1))).iterator().next().toList();
    assertThat(cells(xlsx.get(0))).containsExactlyElementsOf(csvHeader);
    assertThat(xlsx).hasSize(1 + csv.size());
  }

  private long elenasAccountWithOpenItems() {
    return jdbc.sql(
            """
            select max(a.id) from customer_account a join app_user u on u.id = a.owner_id
            where u.username = 'elena' and a.channel = 'DIRECT'
              and exists (select 1 from invoice i where i.account_id = a.id and i.open_amount > 0)""")
        .query(Long.class)
        .single();
  }

  private String externalId(long account) {
    return jdbc.sql("select external_id from customer_account where id = ?")
        .param(account)
        .query(String.class)
        .single();
  }

  private static List<CSVRecord> csv(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(body).startsWith("\ufeff");
    try (CSVParser p =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(body.substring(1)))) {
      return p.getRecords();
    }
  }

  private static List<Row> xlsx(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains(".xlsx");
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(response.body()))) {
      try (var rows = wb.getFirstSheet().openStream()) {
        return rows.toList();
      }
    }
  }

  private static List<String> cells(Row row) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < row.getCellCount(); i++) {
      cells.add(row.getCellText(i));
    }
    return cells;
  }

  HttpResponse<byte[]> get(String username, String path) throws Exception {
    return session(username)
        .send(
            HttpRequest.newBuilder(uri(path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** Signs {@code username} in through the sign-in form; the session's cookie rides along. */
  private HttpClient session(String username) throws Exception {
    HttpClient existing = sessions.get(username);
    if (existing != null) {
      return existing;
    }
    HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String html =
        client
            .send(
                HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).isTrue();
    HttpResponse<Void> login =
        client.send(
            HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username="
                            + username
                            + "&password="
                            + RecoupTest.DEMO_PASSWORD
                            + "&_csrf="
                            + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
    sessions.put(username, client);
    return client;
  }
}
