package dev.recoup.dunning;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.ledger.Postings;
import dev.recoup.shared.Money;
import dev.recoup.support.SignedIn;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Small portfolios for dunning tests, in domain words: customers of arjun's with an AP contact, in
 * a segment no demo account has (so that only the tests' strategies apply to them), invoices issued
 * 30 days before they fall due, payments applied through the ledger's postings.
 */
public final class DunningFixtures {

  public static final String SEGMENT = "DUNNING_TEST";

  private final JdbcClient jdbc;
  private final Access access;
  private final Strategies strategies;
  private final Postings postings;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  public DunningFixtures(
      JdbcClient jdbc,
      Access access,
      Strategies strategies,
      Postings postings,
      TransactionTemplate tx,
      Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.strategies = strategies;
    this.postings = postings;
    this.tx = tx;
    this.clock = clock;
  }

  /** A customer of the tests' segment, owned by arjun, with one AP contact in {@code zone}. */
  public record Customer(AccountId id, String name, String entity, String currency, String email) {}

  public Customer customer(String name, String entityCode, String channel) {
    return customer(name, entityCode, channel, null, false, "");
  }

  public Customer customer(
      String name,
      String entityCode,
      String channel,
      AccountId partner,
      boolean legalHold,
      String paymentRunDays) {
    var entity =
        jdbc.sql(
                "select id, functional_currency, time_zone, region from legal_entity where code = ?")
            .param(entityCode)
            .query(
                (rs, n) ->
                    new Object[] {
                      rs.getLong(1), rs.getString(2).trim(), rs.getString(3), rs.getString(4)
                    })
            .single();
    long arjun = access.user("arjun").orElseThrow().id().value();
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
    String fullName = name + " " + run;
    long id =
        jdbc.sql(
                """
                insert into customer_account (source_system, external_id, name, channel, partner_id,
                  segment, region, entity_id, currency, payment_terms_days, risk_rating, owner_id,
                  status, do_not_contact, legal_hold, language, payment_run_days, created_at, updated_at)
                values ('DUNNING-TEST', ?, ?, ?, ?, ?, ?, ?, ?, 30, 'MEDIUM', ?, 'ACTIVE', false, ?,
                  'en', ?, ?, ?) returning id""")
            .params(
                "DT-" + run + "-" + name.replaceAll("[^A-Za-z]", ""),
                fullName,
                channel,
                partner == null ? null : partner.value(),
                SEGMENT,
                entity[3],
                entity[0],
                entity[1],
                arjun,
                legalHold,
                paymentRunDays,
                now,
                now)
            .query(Long.class)
            .single();
    String email = "ap." + name.toLowerCase().replaceAll("[^a-z]", "") + "." + run + "@example.com";
    jdbc.sql(
            """
            insert into contact (account_id, name, role, email, time_zone, created_at)
            values (?, ?, 'AP', ?, ?, ?)""")
        .params(id, "Pat Payables", email, entity[2], now)
        .update();
    return new Customer(new AccountId(id), fullName, entityCode, (String) entity[1], email);
  }

  /** An open invoice issued 30 days before it falls due. */
  public InvoiceId invoice(Customer c, String number, String dueOn, String amount) {
    return invoice(c, number, dueOn, amount, null);
  }

  public InvoiceId invoice(
      Customer c, String number, String dueOn, String amount, AccountId endCustomer) {
    LocalDate due = LocalDate.parse(dueOn);
    long id =
        jdbc.sql(
                """
                insert into invoice (source_system, external_id, number, account_id, end_customer_id,
                  entity_id, currency, issue_date, due_date, terms_days, kind, amount, tax,
                  open_amount, status, submitted_via, created_at)
                select 'DUNNING-TEST', ?, ?, a.id, ?, a.entity_id, a.currency, ?, ?, 30,
                  'SUBSCRIPTION', ?, 0, ?, 'OPEN', 'EMAIL', ?
                from customer_account a where a.id = ? returning id""")
            .params(
                "DT-" + run + "-" + c.id().value() + "-" + number,
                number + "-" + c.id().value(),
                endCustomer == null ? null : endCustomer.value(),
                due.minusDays(30),
                due,
                new java.math.BigDecimal(amount),
                new java.math.BigDecimal(amount),
                OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC),
                c.id().value())
            .query(Long.class)
            .single();
    return new InvoiceId(id);
  }

  public String numberOf(InvoiceId invoice) {
    return jdbc.sql("select number from invoice where id = ?")
        .param(invoice.value())
        .query(String.class)
        .single();
  }

  /** The customer pays an invoice in full, applied the same day. */
  public void pays(Customer c, InvoiceId invoice) {
    tx.executeWithoutResult(
        s -> {
          var open =
              jdbc.sql("select open_amount, currency from invoice where id = ?")
                  .param(invoice.value())
                  .query((rs, n) -> Money.ofStored(rs.getBigDecimal(1), rs.getString(2)))
                  .single();
          LocalDate today = LocalDate.now(clock);
          var payment =
              postings.recordPayment(
                  new Postings.NewPayment(
                      c.id(),
                      open,
                      today,
                      "WIRE",
                      "pays " + invoice.value(),
                      null,
                      "DT-" + run + "-pay-" + invoice.value()));
          postings.apply(payment, invoice, open, today);
        });
  }

  /**
   * The steps of the example, for the tests' segment: direct (channel DIRECT) and partner
   * (channel PARTNER, partner wording). More specific than the seeded strategies, so they win.
   */
  public void strategies() {
    boolean exists =
        jdbc.sql("select exists (select 1 from dunning_strategy where segment = ? and active)")
            .param(SEGMENT)
            .query(Boolean.class)
            .single();
    if (exists) {
      return;
    }
    SignedIn.as(access, "maria");
    try {
      strategies.create(
          new Strategies.NewStrategy(
              "Tests: direct",
              SEGMENT,
              "DIRECT",
              null,
              null,
              steps("pre-due", "reminder", 3, "past-due-notice", "final-notice")));
      strategies.create(
          new Strategies.NewStrategy(
              "Tests: partners",
              SEGMENT,
              "PARTNER",
              null,
              null,
              steps(
                  "partner-pre-due",
                  "partner-reminder",
                  5,
                  "partner-past-due-notice",
                  "partner-final-notice")));
    } finally {
      SignedIn.out();
    }
  }

  private static List<Strategies.StepDefinition> steps(
      String preDue, String reminder, int reminderDay, String notice, String finalNotice) {
    return List.of(
        new Strategies.StepDefinition(-7, StepChannel.EMAIL, StepAction.REMINDER, preDue, null),
        new Strategies.StepDefinition(
            reminderDay, StepChannel.EMAIL, StepAction.REMINDER, reminder, null),
        new Strategies.StepDefinition(15, StepChannel.EMAIL, StepAction.NOTICE, notice, null),
        new Strategies.StepDefinition(
            30, StepChannel.EMAIL, StepAction.FINAL_NOTICE, finalNotice, null),
        new Strategies.StepDefinition(
            45, StepChannel.LETTER, StepAction.DEMAND_LETTER, "demand-letter", Role.LEAD),
        new Strategies.StepDefinition(
            60, StepChannel.CHAT, StepAction.SUSPENSION, "suspension-proposal", Role.MANAGER),
        new Strategies.StepDefinition(
            90,
            StepChannel.CALL_TASK,
            StepAction.AGENCY_OR_WRITE_OFF,
            "agency-or-write-off",
            null));
  }
}
