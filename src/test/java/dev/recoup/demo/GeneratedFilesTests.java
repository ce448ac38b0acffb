package dev.recoup.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.intake.ImportKind;
import dev.recoup.support.RecoupTest;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code generate --out DIR}: the demo tier written as Recoup-shape CSV files holds the same
 * records as the demo database the tests run on (loaded with the same tier, seed and date), one
 * file per record kind headed by its canonical fields, records naming each other by external id.
 */
@RecoupTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedFilesTests {

  @Autowired JdbcClient jdbc;

  @TempDir static Path dir;

  static GeneratedFiles.Written written;

  @BeforeAll
  static void writeTheDemoTier() {
    written = GeneratedFiles.write(Tier.DEMO, 42, LocalDate.parse(RecoupTest.TODAY), dir, true);
  }

  @Test
  void eachKindHasItsFileHeadedByItsCanonicalFields() throws Exception {
    for (ImportKind kind : CsvPortfolio.KINDS) {
      Path file = dir.resolve(kind.slug() + ".csv");
      assertThat(file).exists();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        CSVRecord header = CSVFormat.DEFAULT.parse(r).iterator().next();
        assertThat(header.toList()).as(kind.slug()).containsExactlyElementsOf(kind.fields());
      }
    }
    assertThat(written.rows().get(ImportKind.ACCOUNTS)).isEqualTo(Tier.DEMO.accounts());
  }

  @Test
  void theFilesHoldAsManyRecordsAsTheDatabaseLoadOfTheSameSeedMade() {
    Map<ImportKind, Long> rows = written.rows();
    // The load gave generated records consecutive ids from 1 and these external ids; records
    // that other tests add come after them.
    assertThat(count("customer_account", "'CUST-' || (100000 + id)", rows.get(ImportKind.ACCOUNTS)))
        .isEqualTo(rows.get(ImportKind.ACCOUNTS));
    assertThat(count("invoice", "'INV-' || id", rows.get(ImportKind.INVOICES)))
        .isEqualTo(rows.get(ImportKind.INVOICES));
    assertThat(count("payment", "'PMT-' || id", rows.get(ImportKind.PAYMENTS)))
        .isEqualTo(rows.get(ImportKind.PAYMENTS));
    assertThat(count("credit_memo", "'CM-' || id", rows.get(ImportKind.CREDIT_MEMOS)))
        .isEqualTo(rows.get(ImportKind.CREDIT_MEMOS));
    assertThat(count("contact", "'CON-' || id", rows.get(ImportKind.CONTACTS)))
        .isEqualTo(rows.get(ImportKind.CONTACTS));
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from application
                    where source_system = 'NETSUITE' and external_id like 'APP-%'""")
                .query(Long.class)
                .single())
        .isEqualTo(rows.get(ImportKind.APPLICATIONS));
  }

  @Test
  void aGeneratedInvoiceReadsTheSameInTheFileAndInTheDatabase() throws Exception {
    List<CSVRecord> sample =
        records(ImportKind.INVOICES).stream().filter(x -> x.getRecordNumber() % 997 == 0).toList();
    assertThat(sample).hasSizeGreaterThan(50);
    for (CSVRecord r : sample) {
      var db =
          jdbc.sql(
                  """
                  select i.number, a.external_id as account, i.currency, i.issue_date, i.due_date,
                         i.amount, e.code as entity, i.status
                  from invoice i join customer_account a on a.id = i.account_id
                  join legal_entity e on e.id = i.entity_id
                  where i.source_system = 'NETSUITE' and i.external_id = ?""")
              .param(r.get("external_id"))
              .query()
              .singleRow();
      assertThat(r.get("number")).isEqualTo(db.get("number"));
      assertThat(r.get("account_external_id")).isEqualTo(db.get("account"));
      assertThat(r.get("currency")).isEqualTo(((String) db.get("currency")).trim());
      assertThat(r.get("issue_date")).isEqualTo(db.get("issue_date").toString());
      assertThat(r.get("due_date")).isEqualTo(db.get("due_date").toString());
      assertThat(new BigDecimal(r.get("amount")))
          .isEqualByComparingTo((BigDecimal) db.get("amount"));
      assertThat(r.get("entity")).isEqualTo(db.get("entity"));
      assertThat(r.get("source_system")).isEqualTo("NETSUITE");
    }
  }

  @Test
  void recordsReferToEachOtherByExternalIdAndPaymentsNameTheirInvoices() throws Exception {
    Set<String> accounts = ids(ImportKind.ACCOUNTS, "external_id");
    Set<String> invoices = ids(ImportKind.INVOICES, "external_id");
    Set<String> numbers = ids(ImportKind.INVOICES, "number");
    Set<String> payments = ids(ImportKind.PAYMENTS, "external_id");
    Set<String> memos = ids(ImportKind.CREDIT_MEMOS, "external_id");
    // Every reference resolves within the files (looked up, not scanned: the files are large).
    List<String> unresolved = new java.util.ArrayList<>();
    for (CSVRecord r : records(ImportKind.ACCOUNTS)) {
      assertThat(r.get("entity")).isIn("US", "IE", "UK", "IN", "JP");
      for (String ref : List.of(r.get("partner_external_id"), r.get("parent_external_id"))) {
        if (!ref.isEmpty() && !accounts.contains(ref)) {
          unresolved.add("account " + ref);
        }
      }
      if (!r.get("owner").isEmpty()) {
        assertThat(r.get("owner"))
            .isIn("carlos", "chloe", "connor", "emma", "erik", "elena", "aiko", "arjun");
      }
    }
    for (CSVRecord r : records(ImportKind.CONTACTS)) {
      if (!accounts.contains(r.get("account_external_id"))) {
        unresolved.add("contact's account " + r.get("account_external_id"));
      }
    }
    long forEndCustomers = 0;
    for (CSVRecord r : records(ImportKind.INVOICES)) {
      if (!accounts.contains(r.get("account_external_id"))) {
        unresolved.add("invoice's account " + r.get("account_external_id"));
      }
      String endCustomer = r.get("end_customer_external_id");
      if (!endCustomer.isEmpty()) {
        forEndCustomers++;
        if (!accounts.contains(endCustomer)) {
          unresolved.add("invoice's end customer " + endCustomer);
        }
      }
    }
    assertThat(forEndCustomers)
        .as("partners' invoices name their end customers")
        .isEqualTo(
            jdbc.sql("select count(*) from invoice where end_customer_id is not null and id <= ?")
                .param(records(ImportKind.INVOICES).size())
                .query(Long.class)
                .single());
    for (CSVRecord r : records(ImportKind.APPLICATIONS)) {
      if (!invoices.contains(r.get("invoice_external_id"))) {
        unresolved.add("invoice " + r.get("invoice_external_id"));
      }
      boolean byPayment = !r.get("payment_external_id").isEmpty();
      String source = byPayment ? r.get("payment_external_id") : r.get("credit_memo_external_id");
      if (!(byPayment ? payments : memos).contains(source)) {
        unresolved.add("payment or credit memo " + source);
      }
    }
    assertThat(unresolved).isEmpty();
    // Remittance text names the invoices a payment settles, as cash application reads it.
    long naming =
        records(ImportKind.PAYMENTS).stream()
            .filter(r -> r.get("remittance_text").startsWith("Payment for INV-"))
            .filter(r -> numbers.contains(r.get("remittance_text").substring(12).split(", ")[0]))
            .count();
    assertThat(naming).isGreaterThan(records(ImportKind.PAYMENTS).size() / 2);
    // Plain file conventions: ISO dates, '.' decimals.
    CSVRecord first = records(ImportKind.INVOICES).get(0);
    LocalDate.parse(first.get("due_date"));
    assertThat(first.get("amount")).matches("\\d+(\\.\\d+)?");
  }

  private long count(String table, String externalId, long generated) {
    return jdbc.sql(
            "select count(*) from "
                + table
                + " where id <= ? and source_system = 'NETSUITE' and external_id = "
                + externalId)
        .param(generated)
        .query(Long.class)
        .single();
  }

  private Set<String> ids(ImportKind kind, String field) throws Exception {
    Set<String> ids = new HashSet<>();
    records(kind).forEach(r -> ids.add(r.get(field)));
    return ids;
  }

  private final Map<ImportKind, List<CSVRecord>> cache = new java.util.EnumMap<>(ImportKind.class);

  private List<CSVRecord> records(ImportKind kind) throws Exception {
    List<CSVRecord> cached = cache.get(kind);
    if (cached != null) {
      return cached;
    }
    try (Reader r = Files.newBufferedReader(dir.resolve(kind.slug() + ".csv"));
        CSVParser p =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      List<CSVRecord> all = p.getRecords();
      cache.put(kind, all);
      return all;
    }
  }
}
