package dev.recoup.ledger;

import dev.recoup.access.Access;
import dev.recoup.access.NewUser;
import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cash application's customers in domain words: accounts of Cass, a collector no demo account and
 * no other test uses (created on first use), in a segment of their own, with invoices numbered as
 * the scenario says and payments that come with a remittance text.
 */
public final class CashFixtures {

  /** The collector whose portfolio these tests work. */
  public static final String COLLECTOR = "cass";

  public static final String SEGMENT = "CASH_TEST";

  private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  private final JdbcClient jdbc;
  private final Access access;
  private final Postings postings;
  private final Clock clock;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  public CashFixtures(JdbcClient jdbc, Access access, Postings postings, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.postings = postings;
    this.clock = clock;
    ensureCollector(access);
  }

  /** Cass exists (a collector with a password, so that it can sign in to the browser tests). */
  public static void ensureCollector(Access access) {
    if (access.user(COLLECTOR).isEmpty()) {
      try {
        access.createUser(
            new NewUser(
                COLLECTOR,
                "Cass Cashier",
                "cass@recoup.example",
                Role.COLLECTOR,
                null,
                "LATAM",
                RecoupTest.DEMO_PASSWORD));
      } catch (IllegalArgumentException e) {
        // created by another test class meanwhile
      }
    }
  }

  /** A customer of Cass's in US dollars (the US entity), optionally a child of {@code parent}. */
  public AccountId customer(String name, AccountId parent) {
    return customer(name, parent, COLLECTOR, "US");
  }

  public AccountId customer(String name) {
    return customer(name, null);
  }

  /** A customer of {@code owner}'s with the entity whose code is given. */
  public AccountId customer(String name, AccountId parent, String owner, String entityCode) {
    long ownerId = access.user(owner).orElseThrow().id().value();
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
    long id =
        jdbc.sql(
                """
                insert into customer_account (source_system, external_id, name, parent_id, channel,
                  segment, region, entity_id, currency, payment_terms_days, risk_rating, owner_id,
                  status, do_not_contact, legal_hold, language, payment_run_days, created_at, updated_at)
                select 'CASH-TEST', ?, ?, ?, 'DIRECT', ?, e.region, e.id, e.functional_currency, 30,
                  'MEDIUM', ?, 'ACTIVE', false, false, 'en', '', ?, ?
                from legal_entity e where e.code = ? returning id""")
            .params(
                "CT-" + run + "-" + SEQ.incrementAndGet(),
                name + " " + run,
                parent == null ? null : parent.value(),
                SEGMENT,
                ownerId,
                now,
                now,
                entityCode)
            .query(Long.class)
            .single();
    return new AccountId(id);
  }

  public String nameOf(AccountId account) {
    return jdbc.sql("select name from customer_account where id = ?")
        .param(account.value())
        .query(String.class)
        .single();
  }

  /** An open invoice with exactly this number, issued 30 days before it falls due. */
  public InvoiceId invoice(AccountId account, String number, String dueOn, String amount) {
    return invoice(account, number, dueOn, amount, null);
  }

  public InvoiceId invoice(
      AccountId account, String number, String dueOn, String amount, String poNumber) {
    LocalDate due = LocalDate.parse(dueOn);
    long id =
        jdbc.sql(
                """
                insert into invoice (source_system, external_id, number, account_id, entity_id,
                  currency, issue_date, due_date, terms_days, po_number, kind, amount, tax,
                  open_amount, status, submitted_via, created_at)
                select 'CASH-TEST', ?, ?, a.id, a.entity_id, a.currency, ?, ?, 30, ?,
                  'SUBSCRIPTION', ?, 0, ?, 'OPEN', 'EMAIL', ?
                from customer_account a where a.id = ? returning id""")
            .params(
                "CT-" + run + "-" + SEQ.incrementAndGet(),
                number,
                due.minusDays(30),
                due,
                poNumber,
                new BigDecimal(amount),
                new BigDecimal(amount),
                OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC),
                account.value())
            .query(Long.class)
            .single();
    return new InvoiceId(id);
  }

  /** The customer pays {@code amount} today, with this remittance text (null: none). */
  public PaymentId pays(AccountId account, String amount, String remittance) {
    String currency =
        jdbc.sql("select currency from customer_account where id = ?")
            .param(account.value())
            .query(String.class)
            .single()
            .trim();
    return postings.recordPayment(
        new Postings.NewPayment(
            account,
            Money.of(amount, currency),
            LocalDate.now(clock),
            "WIRE",
            "CT-" + SEQ.incrementAndGet(),
            remittance,
            "CT-" + run + "-pay-" + SEQ.incrementAndGet()));
  }

  /** The invoice's open amount now. */
  public BigDecimal openOf(InvoiceId invoice) {
    return jdbc.sql("select open_amount from invoice where id = ?")
        .param(invoice.value())
        .query(BigDecimal.class)
        .single();
  }

  public String statusOf(InvoiceId invoice) {
    return jdbc.sql("select status from invoice where id = ?")
        .param(invoice.value())
        .query(String.class)
        .single();
  }

  public BigDecimal unappliedOf(PaymentId payment) {
    return jdbc.sql("select unapplied_amount from payment where id = ?")
        .param(payment.value())
        .query(BigDecimal.class)
        .single();
  }

  /** How many applications the payment has. */
  public long applicationsOf(PaymentId payment) {
    return jdbc.sql("select count(*) from application where payment_id = ?")
        .param(payment.value())
        .query(Long.class)
        .single();
  }
}
