package dev.recoup.ledger;

import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.LegalEntity;
import dev.recoup.shared.Money;
import dev.recoup.shared.SpreadsheetText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The statement of account: the entity's letterhead, the customer's open items as of a date with
 * days past due, and the balance due by currency and aging bucket, in the customer's language
 * (labels, dates and amounts written the way the language writes them; English where Recoup has no
 * translation). A partner's statement lists the items it was billed for its end customers under
 * each end customer, with a subtotal each. As a PDF (from a template) and as an Excel workbook.
 */
@Service
public class Statements {

  /** Languages with translated statements; any other language gets the English one. */
  public static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "ja");

  /** The font family (bundled) that carries Japanese glyphs in PDFs. */
  static final String CJK_FONT = dev.recoup.shared.Pdf.CJK_FONT;

  private final Accounts accounts;
  private final Aging aging;
  private final JdbcClient jdbc;
  private final ITemplateEngine templates;

  Statements(Accounts accounts, Aging aging, JdbcClient jdbc, ITemplateEngine templates) {
    this.accounts = accounts;
    this.aging = aging;
    this.jdbc = jdbc;
    this.templates = templates;
  }

  /** One open item on the statement, as of its date. */
  public record Item(
      String number,
      LocalDate issueDate,
      LocalDate dueDate,
      long daysPastDue,
      String poNumber,
      Money amount,
      Money open,
      boolean disputed) {}

  /** The items billed for one end customer (or, with a null name, to the account itself). */
  public record Group(String endCustomer, List<Item> items, List<Money> subtotals) {}

  /** Everything a statement shows, in the account's language. */
  public record Statement(
      Account account,
      LegalEntity entity,
      LocalDate asOf,
      String language,
      Locale locale,
      Map<String, String> labels,
      List<Group> groups,
      List<String> bucketLabels,
      AgingReport aging,
      boolean partner) {

    public int itemCount() {
      return groups.stream().mapToInt(g -> g.items().size()).sum();
    }

    /** Balance due per currency. */
    public List<Money> balances() {
      return aging.byCurrency().stream().map(AgingReport.CurrencyAging::total).toList();
    }
  }

  /** The statement's content as of a date. */
  @Transactional(readOnly = true)
  public Statement statement(AccountId id, LocalDate asOf) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    LegalEntity entity = accounts.entitiesById().get(account.entityId());
    String language = languageOf(account);
    Locale locale = Locale.forLanguageTag(language);
    Map<String, String> labels = labels(locale);
    record Row(String endCustomer, Item item) {}
    List<Row> rows =
        jdbc.sql(
                aging.openItemsAsOf("i.account_id = :account")
                    + """
                    select inv.number, inv.issue_date, inv.due_date, inv.po_number, inv.currency,
                           inv.amount, it.open_asof, least(it.disputed_amount, it.open_asof) as disputed,
                           ec.name as end_customer
                    from items it join invoice inv on inv.id = it.id
                    left join customer_account ec on ec.id = inv.end_customer_id
                    order by ec.name nulls first, ec.id, inv.due_date, inv.number""")
            .param("asOf", asOf)
            .param("account", id.value())
            .query(
                (rs, n) -> {
                  String c = rs.getString("currency").trim();
                  LocalDate due = rs.getObject("due_date", LocalDate.class);
                  return new Row(
                      rs.getString("end_customer"),
                      new Item(
                          rs.getString("number"),
                          rs.getObject("issue_date", LocalDate.class),
                          due,
                          Math.max(0, asOf.toEpochDay() - due.toEpochDay()),
                          rs.getString("po_number"),
                          Money.ofStored(rs.getBigDecimal("amount"), c),
                          Money.ofStored(rs.getBigDecimal("open_asof"), c),
                          rs.getBigDecimal("disputed").signum() > 0));
                })
            .list();
    Map<String, List<Item>> byEndCustomer = new LinkedHashMap<>();
    for (Row r : rows) {
      byEndCustomer.computeIfAbsent(r.endCustomer(), k -> new ArrayList<>()).add(r.item());
    }
    List<Group> groups = new ArrayList<>();
    byEndCustomer.forEach((name, items) -> groups.add(new Group(name, items, totals(items))));
    List<String> bucketLabels = new ArrayList<>();
    List<String> configured = aging.buckets().labels();
    for (int i = 0; i < configured.size(); i++) {
      bucketLabels.add(
          i == 0
              ? labels.get("current")
              : configured.get(i) + (language.equals("ja") ? "" : " ") + labels.get("days"));
    }
    boolean partner = !accounts.endCustomers(id).isEmpty();
    return new Statement(
        account,
        entity,
        asOf,
        language,
        locale,
        labels,
        groups,
        List.copyOf(bucketLabels),
        aging.account(id, asOf),
        partner);
  }

  /** The language the statement is written in: the account's, if Recoup has it, else English. */
  static String languageOf(Account account) {
    String l = account.language() == null ? "en" : account.language().trim().toLowerCase();
    return LANGUAGES.contains(l) ? l : "en";
  }

  private static List<Money> totals(List<Item> items) {
    Map<String, Money> sums = new TreeMap<>();
    for (Item i : items) {
      sums.merge(i.open().currencyCode(), i.open(), Money::plus);
    }
    return List.copyOf(sums.values());
  }

  /** The statement's labels in a language (English for any missing). */
  static Map<String, String> labels(Locale locale) {
    ResourceBundle bundle =
        ResourceBundle.getBundle(
            "statements/statement",
            locale,
            Statements.class.getClassLoader(),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    Map<String, String> labels = new TreeMap<>();
    for (String key : bundle.keySet()) {
      labels.put(key, bundle.getString(key));
    }
    return labels;
  }

  /** The statement as HTML (also the body of the PDF). */
  public String html(AccountId id, LocalDate asOf) {
    return html(statement(id, asOf));
  }

  private String html(Statement s) {
    Context context = new Context(s.locale());
    Texts f = new Texts(s.locale());
    context.setVariable("s", s);
    context.setVariable("account", s.account());
    context.setVariable("entity", s.entity());
    context.setVariable("t", s.labels());
    context.setVariable("f", f);
    context.setVariable("lang", s.language());
    context.setVariable(
        "terms", MessageFormat.format(s.labels().get("termsNet"), s.account().paymentTermsDays()));
    // The PDF base font for Latin scripts; the bundled Japanese font only where it is needed (it
    // is large to load).
    context.setVariable(
        "font",
        s.language().equals("ja")
            ? "'" + CJK_FONT + "', sans-serif"
            : "Helvetica, Arial, sans-serif");
    return templates.process("ledger/statement", context);
  }

  /** The statement as a PDF document. */
  public byte[] pdf(AccountId id, LocalDate asOf) {
    return dev.recoup.shared.Pdf.fromHtml(html(statement(id, asOf)));
  }

  /** The file name of a statement, without extension: {@code statement-CUST-100042-2026-11-20}. */
  public String fileName(AccountId id, LocalDate asOf) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    return "statement-" + account.externalId().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + asOf;
  }

  /**
   * The statement as an Excel workbook: the letterhead lines, then the items (under each end
   * customer for a partner) with amounts as numbers and dates as dates, then the balance due per
   * currency by aging bucket.
   */
  public byte[] xlsx(AccountId id, LocalDate asOf) {
    Statement s = statement(id, asOf);
    Map<String, String> t = s.labels();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Workbook wb = new Workbook(out, "Recoup", "1.0");
      Worksheet ws = wb.newWorksheet(sheetName(t.get("title")));
      int r = 0;
      text(ws, r, 0, s.entity().name());
      ws.style(r, 0).bold().fontSize(13).set();
      r++;
      text(ws, r++, 0, s.entity().address());
      r++;
      text(ws, r, 0, t.get("title"));
      ws.style(r, 0).bold().fontSize(12).set();
      r++;
      text(ws, r, 0, s.account().name());
      ws.style(r, 0).bold().set();
      r++;
      text(ws, r, 0, t.get("customerNumber"));
      text(ws, r++, 1, s.account().externalId());
      text(ws, r, 0, t.get("asOf"));
      date(ws, r++, 1, asOf);
      text(ws, r, 0, t.get("terms"));
      text(ws, r++, 1, MessageFormat.format(t.get("termsNet"), s.account().paymentTermsDays()));
      r++;
      List<String> header =
          List.of(
              t.get("invoice"),
              t.get("issued"),
              t.get("due"),
              t.get("daysPastDue"),
              t.get("po"),
              t.get("currency"),
              t.get("amount"),
              t.get("open"),
              t.get("note"));
      int itemsHeader = r;
      boldRow(ws, r++, header);
      if (s.groups().isEmpty()) {
        text(ws, r++, 0, t.get("nothingOpen"));
      }
      for (Group g : s.groups()) {
        if (s.partner()) {
          text(
              ws,
              r,
              0,
              t.get("endCustomer")
                  + ": "
                  + (g.endCustomer() == null ? t.get("noEndCustomer") : g.endCustomer()));
          ws.style(r, 0).bold().set();
          r++;
        }
        for (Item i : g.items()) {
          text(ws, r, 0, i.number());
          date(ws, r, 1, i.issueDate());
          date(ws, r, 2, i.dueDate());
          ws.value(r, 3, i.daysPastDue());
          text(ws, r, 4, i.poNumber());
          text(ws, r, 5, i.open().currencyCode());
          money(ws, r, 6, i.amount());
          money(ws, r, 7, i.open());
          if (i.disputed()) {
            text(ws, r, 8, t.get("disputedMark"));
          }
          r++;
        }
        if (s.partner()) {
          for (Money sub : g.subtotals()) {
            text(ws, r, 0, t.get("subtotal"));
            text(ws, r, 5, sub.currencyCode());
            money(ws, r, 7, sub);
            ws.style(r, 7).bold().format(numberFormat(sub)).set();
            r++;
          }
        }
      }
      r++;
      List<String> totalsHeader = new ArrayList<>();
      totalsHeader.add(t.get("balanceDue"));
      totalsHeader.add(t.get("currency"));
      totalsHeader.addAll(s.bucketLabels());
      totalsHeader.add(t.get("total"));
      boldRow(ws, r++, totalsHeader);
      for (AgingReport.CurrencyAging c : s.aging().byCurrency()) {
        text(ws, r, 1, c.currency());
        for (int b = 0; b < c.buckets().size(); b++) {
          money(ws, r, 2 + b, c.buckets().get(b));
        }
        money(ws, r, 2 + c.buckets().size(), c.total());
        ws.style(r, 2 + c.buckets().size()).bold().format(numberFormat(c.total())).set();
        r++;
      }
      r++;
      text(ws, r, 0, t.get("remit"));
      ws.width(0, 22);
      for (int c = 1; c < 12; c++) {
        ws.width(c, 14);
      }
      ws.freezePane(0, itemsHeader + 1);
      wb.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void text(Worksheet ws, int r, int c, String v) {
    if (v != null) {
      ws.inlineString(r, c, SpreadsheetText.safe(v));
    }
  }

  private static void date(Worksheet ws, int r, int c, LocalDate d) {
    ws.value(r, c, d);
    ws.style(r, c).format("yyyy-mm-dd").set();
  }

  private static void money(Worksheet ws, int r, int c, Money m) {
    ws.value(r, c, m.amount());
    ws.style(r, c).format(numberFormat(m)).set();
  }

  private static String numberFormat(Money m) {
    int d = m.amount().scale();
    return d <= 0 ? "#,##0" : "#,##0." + "0".repeat(d);
  }

  private static void boldRow(Worksheet ws, int r, List<String> values) {
    for (int c = 0; c < values.size(); c++) {
      ws.inlineString(r, c, values.get(c));
    }
    ws.range(r, 0, r, values.size() - 1).style().bold().fillColor("DDE1E8").set();
  }

  private static String sheetName(String title) {
    String clean = title.replaceAll("[:\\\\/?*\\[\\]]", " ");
    return clean.length() > 31 ? clean.substring(0, 31) : clean;
  }

  /** Dates and amounts written the way the statement's language writes them (for the template). */
  public static final class Texts {
    private final Locale locale;
    private final DateTimeFormatter dates;

    Texts(Locale locale) {
      this.locale = locale;
      this.dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
    }

    public String date(LocalDate d) {
      return d == null ? "" : dates.format(d);
    }

    /** The amount at its currency's decimals with the language's separators, without the code. */
    public String amount(Money m) {
      NumberFormat nf = NumberFormat.getNumberInstance(locale);
      int scale = m.amount().scale();
      nf.setMinimumFractionDigits(scale);
      nf.setMaximumFractionDigits(scale);
      // Narrow no-break spaces (French thousands) are not in the PDF base fonts: a no-break space.
      return nf.format(m.amount()).replace('\u202f', '\u00a0');
    }
  }
}
