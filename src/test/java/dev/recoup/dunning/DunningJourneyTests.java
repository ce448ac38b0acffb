package dev.recoup.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountChange;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.collections.Activities;
import dev.recoup.collections.ActivityKind;
import dev.recoup.collections.CallOutcome;
import dev.recoup.collections.NewActivity;
import dev.recoup.disputes.Dispute;
import dev.recoup.disputes.DisputeId;
import dev.recoup.disputes.Disputes;
import dev.recoup.disputes.NewDispute;
import dev.recoup.disputes.Resolution;
import dev.recoup.disputes.ResolutionRequest;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.ledger.LedgerInvariants;
import dev.recoup.ledger.Postings;
import dev.recoup.promises.NewPromise;
import dev.recoup.promises.Promise;
import dev.recoup.promises.PromiseStatus;
import dev.recoup.promises.Promises;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A year of business days, 2027, over a small portfolio of arjun's: every weekday at 06:00 UTC the
 * daily run runs, after the day's events (payments, a dispute, a promise, a call, a legal hold
 * lifted). The steps each item got and the letters each customer received equal the expectation
 * written out below, date by date, from the strategy (-7 pre-due reminder, +3 reminder, +15 notice,
 * +30 final notice, +45 demand letter that a lead approves the same day, +60 suspension step, +90
 * call task) and the contact rules (2 messages in 7 days, 2 days of cool-down after a call,
 * reminders pulled before a Monday payment run). Month ends, an entity holiday, and the change to
 * summer time in Dublin and New York pass; no date runs twice.
 */
@RecoupTest
@RecordApplicationEvents
class DunningJourneyTests {

  @Autowired Dunning dunning;
  @Autowired Approvals approvals;
  @Autowired Strategies strategies;
  @Autowired Postings postings;
  @Autowired Disputes disputes;
  @Autowired Promises promises;
  @Autowired Activities activities;
  @Autowired Accounts accounts;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @Autowired TransactionTemplate tx;
  @Autowired ApplicationEvents events;
  @Autowired dev.recoup.ledger.Aging aging;
  @Autowired dev.recoup.audit.AuditTrail audit;

  DunningFixtures given;
  Instant clockAtStart;

  /** What happens on a date before its run. */
  final Map<LocalDate, List<Runnable>> timeline = new TreeMap<>();

  @BeforeEach
  void setUp() {
    clockAtStart = clock.instant();
    given = new DunningFixtures(jdbc, access, strategies, postings, tx, clock);
    given.strategies();
  }

  @AfterEach
  void restore() {
    SignedIn.out();
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void aYearOfDailyRunsSendsEachCustomerWhatTheStrategySays() {
    // St Patrick's Day is a holiday of the Irish entity: nothing is sent to its customers that day.
    jdbc.sql(
            """
            insert into entity_holiday (entity_id, holiday, name)
            select id, date '2027-03-17', 'St Patrick''s Day' from legal_entity where code = 'IE'
            on conflict do nothing""")
        .update();
    accounts.entitiesChanged();

    var steady = given.customer("Steady Ltd", "IE", "DIRECT");
    var a1 = given.invoice(steady, "A1", "2027-01-29", "1000.00");
    var disputing = given.customer("Disputing Ltd", "IE", "DIRECT");
    var b1 = given.invoice(disputing, "B1", "2027-02-26", "2000.00");
    var promising = given.customer("Promising Ltd", "IE", "DIRECT");
    var c1 = given.invoice(promising, "C1", "2027-04-30", "1500.00");
    var early = given.customer("Early Payer Ltd", "IE", "DIRECT");
    var d1 = given.invoice(early, "D1", "2027-06-30", "800.00");
    var monthEnds = given.customer("Month Ends Ltd", "IE", "DIRECT");
    var e1 = given.invoice(monthEnds, "E1", "2027-08-31", "1200.00");
    var e2 = given.invoice(monthEnds, "E2", "2027-09-30", "1300.00");
    var partner = given.customer("Channel Partners Ltd", "IE", "PARTNER");
    var endCustomer = given.customer("End Customer GmbH", "IE", "PARTNER", partner.id(), false, "");
    var f1 = given.invoice(partner, "F1", "2027-09-15", "5000.00", endCustomer.id());
    var onHold = given.customer("Legal Hold Ltd", "IE", "DIRECT", null, true, "");
    var g1 = given.invoice(onHold, "G1", "2027-03-10", "900.00");
    var american = given.customer("New York Inc", "US", "DIRECT");
    var h1 = given.invoice(american, "H1", "2027-03-05", "700.00");
    var mondayRuns = given.customer("Monday Payer Ltd", "IE", "DIRECT", null, false, "MON");
    var i1 = given.invoice(mondayRuns, "I1", "2027-06-10", "600.00");
    var called = given.customer("Called Ltd", "IE", "DIRECT");
    var j1 = given.invoice(called, "J1", "2027-07-15", "650.00");
    var capped = given.customer("Capped Ltd", "IE", "DIRECT");
    var k1 = given.invoice(capped, "K1", "2027-08-02", "100.00");
    var k2 = given.invoice(capped, "K2", "2027-08-03", "200.00");
    var k3 = given.invoice(capped, "K3", "2027-08-04", "300.00");
    var holiday = given.customer("Holiday Ltd", "IE", "DIRECT");
    var l1 = given.invoice(holiday, "L1", "2027-03-02", "400.00");
    List<DunningFixtures.Customer> portfolio =
        List.of(
            steady,
            disputing,
            promising,
            early,
            monthEnds,
            partner,
            endCustomer,
            onHold,
            american,
            mondayRuns,
            called,
            capped,
            holiday);
    RunScope scope = RunScope.of(portfolio.stream().map(DunningFixtures.Customer::id).toList());

    // The customers' side of the year.
    DisputeId[] dispute = new DisputeId[1];
    on("2027-03-08", () -> dispute[0] = disputeAll(disputing, b1));
    on("2027-04-07", () -> rejectDispute(dispute[0]));
    on("2027-04-20", () -> given.pays(disputing, b1));
    long[] promise = new long[1];
    on("2027-05-05", () -> promise[0] = promiseToPay(promising, c1, "2027-05-14"));
    on(
        "2027-05-18",
        () -> assertThat(judgedOn("2027-05-18", promise[0])).isEqualTo(PromiseStatus.BROKEN));
    on("2027-06-10", () -> given.pays(promising, c1));
    on("2027-07-02", () -> given.pays(early, d1));
    on("2027-11-12", () -> given.pays(monthEnds, e1));
    on("2027-11-12", () -> given.pays(monthEnds, e2));
    on("2027-10-29", () -> given.pays(partner, f1));
    on("2027-04-01", () -> liftLegalHold(onHold));
    on("2027-04-20", () -> given.pays(onHold, g1));
    on("2027-03-30", () -> given.pays(american, h1));
    on("2027-06-28", () -> given.pays(mondayRuns, i1));
    on("2027-07-19", () -> arjunCalls(called));
    on("2027-07-26", () -> given.pays(called, j1));
    on("2027-08-10", () -> given.pays(capped, k1));
    on("2027-08-10", () -> given.pays(capped, k2));
    on("2027-08-10", () -> given.pays(capped, k3));
    on("2027-03-25", () -> given.pays(holiday, l1));

    // Every business day of 2027: the day's events, then the run; a lead approves the demand
    // letters the run put in the queue the same morning.
    List<LocalDate> ran = new ArrayList<>();
    for (LocalDate d = LocalDate.parse("2027-01-04");
        !d.isAfter(LocalDate.parse("2027-12-31"));
        d = d.plusDays(1)) {
      if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
        continue;
      }
      clock.setDate(d.toString());
      clock.advanceSeconds(-6 * 3600); // 06:00 UTC, when the daily run starts
      timeline.getOrDefault(d, List.of()).forEach(Runnable::run);
      DunningRun run = dunning.run(d, scope);
      assertThat(run.alreadyRan()).as("first run of " + d).isFalse();
      assertThat(run.done()).isTrue();
      ran.add(d);
      approveTheDemandLettersOf(portfolio);
    }
    assertThat(ran).hasSize(260);

    // The expectation: each item's steps, by business date.
    expectSteps(
        a1,
        "2027-01-22 -7",
        "2027-02-01 +3",
        "2027-02-15 +15",
        "2027-03-01 +30",
        "2027-03-15 +45",
        "2027-03-30 +60",
        "2027-04-29 +90");
    // Disputed in full on 8 March (paused), the dispute rejected on 7 April: the highest step
    // reached by then (+30) follows, not the +15 it passed while paused.
    expectSteps(b1, "2027-02-19 -7", "2027-03-01 +3", "2027-04-07 +30", "2027-04-12 +45");
    // A promise to pay by 14 May (3 days' tolerance) pauses it; broken, it resumes on the 18th.
    expectSteps(c1, "2027-04-23 -7", "2027-05-03 +3", "2027-05-18 +15", "2027-05-31 +30");
    expectSteps(d1, "2027-06-23 -7");
    // Month ends: due 31 August and 30 September.
    expectSteps(
        e1,
        "2027-08-24 -7",
        "2027-09-03 +3",
        "2027-09-15 +15",
        "2027-09-30 +30",
        "2027-10-15 +45",
        "2027-11-01 +60");
    expectSteps(e2, "2027-09-23 -7", "2027-10-04 +3", "2027-10-15 +15", "2027-11-01 +30");
    // The partner strategy reminds on +5.
    expectSteps(f1, "2027-09-08 -7", "2027-09-20 +5", "2027-09-30 +15", "2027-10-15 +30");
    // Skipped while on legal hold; once lifted, the highest step reached (+15).
    expectSteps(g1, "2027-04-01 +15", "2027-04-09 +30");
    expectSteps(h1, "2027-02-26 -7", "2027-03-08 +3", "2027-03-22 +15");
    // The +3 reminder (Sunday 13 June, so Monday 14th) would arrive on the Monday payment run:
    // it goes on Thursday 10th, two business days before.
    expectSteps(i1, "2027-06-03 -7", "2027-06-10 +3", "2027-06-25 +15");
    // arjun called on Monday 19 July: two days' cool-down, the reminder follows on Thursday.
    expectSteps(j1, "2027-07-08 -7", "2027-07-22 +3");
    // At most 2 messages in 7 days.
    expectSteps(k1, "2027-07-26 -7", "2027-08-05 +3");
    expectSteps(k2, "2027-07-27 -7", "2027-08-09 +3");
    expectSteps(k3, "2027-08-02 -7", "2027-08-09 +3");
    // St Patrick's Day: the +15 notice waits for the 18th.
    expectSteps(l1, "2027-02-23 -7", "2027-03-05 +3", "2027-03-18 +15");

    // And the letters each customer received: one per run at most (the highest step among its
    // items), plus the demand letters approved.
    expectLetters(
        steady,
        "2027-01-22 REMINDER",
        "2027-02-01 REMINDER",
        "2027-02-15 NOTICE",
        "2027-03-01 FINAL_NOTICE",
        "2027-03-15 DEMAND_LETTER");
    expectLetters(
        disputing,
        "2027-02-19 REMINDER",
        "2027-03-01 REMINDER",
        "2027-04-07 FINAL_NOTICE",
        "2027-04-12 DEMAND_LETTER");
    expectLetters(
        promising,
        "2027-04-23 REMINDER",
        "2027-05-03 REMINDER",
        "2027-05-18 NOTICE",
        "2027-05-31 FINAL_NOTICE");
    expectLetters(early, "2027-06-23 REMINDER");
    expectLetters(
        monthEnds,
        "2027-08-24 REMINDER",
        "2027-09-03 REMINDER",
        "2027-09-15 NOTICE",
        "2027-09-23 REMINDER",
        "2027-09-30 FINAL_NOTICE",
        "2027-10-04 REMINDER",
        "2027-10-15 NOTICE",
        "2027-10-15 DEMAND_LETTER",
        "2027-11-01 FINAL_NOTICE");
    expectLetters(
        partner,
        "2027-09-08 REMINDER",
        "2027-09-20 REMINDER",
        "2027-09-30 NOTICE",
        "2027-10-15 FINAL_NOTICE");
    expectLetters(endCustomer);
    expectLetters(onHold, "2027-04-01 NOTICE", "2027-04-09 FINAL_NOTICE");
    expectLetters(american, "2027-02-26 REMINDER", "2027-03-08 REMINDER", "2027-03-22 NOTICE");
    expectLetters(mondayRuns, "2027-06-03 REMINDER", "2027-06-10 REMINDER", "2027-06-25 NOTICE");
    expectLetters(called, "2027-07-08 REMINDER", "2027-07-22 REMINDER");
    expectLetters(
        capped,
        "2027-07-26 REMINDER",
        "2027-07-27 REMINDER",
        "2027-08-02 REMINDER",
        "2027-08-05 REMINDER",
        "2027-08-09 REMINDER");
    expectLetters(holiday, "2027-02-23 REMINDER", "2027-03-05 REMINDER", "2027-03-18 NOTICE");

    // Why some days sent nothing: the run says so.
    assertThat(outcomes(onHold, "SKIPPED"))
        .as("skipped on legal hold from the pre-due date until it was lifted")
        .hasSize(20)
        .allSatisfy(r -> assertThat(r).endsWith("legal hold"));
    assertThat(outcomes(called, "DEFERRED"))
        .containsExactly(
            "2027-07-19 cool-down: touched 2027-07-19 06:00 UTC",
            "2027-07-20 cool-down: touched 2027-07-19 06:00 UTC",
            "2027-07-21 cool-down: touched 2027-07-19 06:00 UTC");
    assertThat(outcomes(capped, "DEFERRED"))
        .containsExactly(
            "2027-07-28 contact cap: 2 messages in the last 7 days",
            "2027-07-29 contact cap: 2 messages in the last 7 days",
            "2027-07-30 contact cap: 2 messages in the last 7 days",
            "2027-08-06 contact cap: 2 messages in the last 7 days");

    // Consolidated: the two items the capped customer owed on 9 August are in one message.
    assertThat(lettersAbout(capped, "2027-08-09")).containsExactlyInAnyOrder("K2", "K3");
    // Partners get partner wording listing their end customers.
    String partnerMail = bodyOfLetter(partner, "2027-09-20");
    assertThat(partnerMail).contains("for your end customers").contains(endCustomer.name());
    // The +3 reminder before the Monday payment run says why it comes early.
    assertThat(bodyOfLetter(mondayRuns, "2027-06-10"))
        .contains("2027-06-14")
        .contains("ahead of time");

    // Quiet hours: queued at 06:00 UTC, each message waits for 08:00 in its contact's zone,
    // whether Dublin and New York are on winter or summer time.
    java.util.Set<String> eightOClock = new java.util.TreeSet<>();
    for (var c : portfolio) {
      ZoneId zone =
          ZoneId.of(
              jdbc.sql("select time_zone from contact where account_id = ?")
                  .param(c.id().value())
                  .query(String.class)
                  .single());
      for (var l : dunning.lettersTo(c.id(), 100)) {
        Instant eight = l.businessDate().atTime(LocalTime.of(8, 0)).atZone(zone).toInstant();
        assertThat(l.sendAfter()).as(c.name() + " " + l.businessDate()).isEqualTo(eight);
        assertThat(outboxNextAttempt(l.outboxMessageId())).isEqualTo(eight);
        eightOClock.add(zone.getId() + " " + eight.atZone(java.time.ZoneOffset.UTC).toLocalTime());
      }
    }
    assertThat(eightOClock)
        .containsExactly(
            "America/New_York 12:00",
            "America/New_York 13:00",
            "Europe/Dublin 07:00",
            "Europe/Dublin 08:00");

    // The suspension steps were referred to the suspension module, once each.
    assertThat(
            events.stream(SuspensionStepReached.class)
                .filter(e -> scope.accounts().contains(e.account())))
        .extracting(e -> e.runDate().toString() + " " + e.items())
        .containsExactlyInAnyOrder("2027-03-30 " + List.of(a1), "2027-11-01 " + List.of(e1));
    // The +90 step put a call in arjun's worklist.
    assertThat(activities.timeline(steady.id(), 20))
        .filteredOn(a -> a.actor().equals("dunning"))
        .extracting(a -> a.nextAction() + " on " + a.nextActionOn())
        .containsExactly("Call: Agency placement or write-off proposal on 2027-04-29");

    // No date runs twice: running any date again issues nothing.
    long actionsBefore = count("dunning_action", scope);
    long lettersBefore = count("dunning_letter", scope);
    for (String again : List.of("2027-01-22", "2027-03-15", "2027-07-28", "2027-11-01")) {
      DunningRun rerun = dunning.run(LocalDate.parse(again), scope);
      assertThat(rerun.alreadyRan()).isTrue();
    }
    assertThat(count("dunning_action", scope)).isEqualTo(actionsBefore);
    assertThat(count("dunning_letter", scope)).isEqualTo(lettersBefore);
    assertThat(
            jdbc.sql("select count(*) from dunning_run where scope = ?")
                .param(scope.key())
                .query(Long.class)
                .single())
        .isEqualTo(260);

    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse("2027-12-31"));
  }

  // --- the customers' and the team's side ---------------------------------------------------

  private void on(String date, Runnable event) {
    timeline.computeIfAbsent(LocalDate.parse(date), d -> new ArrayList<>()).add(event);
  }

  private DisputeId disputeAll(DunningFixtures.Customer c, InvoiceId invoice) {
    return as(
        "arjun",
        () ->
            disputes
                .raise(
                    c.id(),
                    new NewDispute(
                        "OTHER",
                        "Customer says the service was not used",
                        List.of(new NewDispute.Item(invoice.value(), null)),
                        null),
                    null)
                .dispute()
                .id());
  }

  private void rejectDispute(DisputeId id) {
    Dispute rejected =
        as(
            "arjun",
            () ->
                disputes.resolve(
                    id,
                    new ResolutionRequest(
                        Resolution.REJECTED,
                        null,
                        null,
                        "Usage logs show the service used",
                        null)));
    assertThat(rejected.status()).isEqualTo(dev.recoup.disputes.DisputeStatus.REJECTED);
  }

  private long promiseToPay(DunningFixtures.Customer c, InvoiceId invoice, String by) {
    BigDecimal open =
        jdbc.sql("select open_amount from invoice where id = ?")
            .param(invoice.value())
            .query(BigDecimal.class)
            .single();
    Promise p =
        as(
            "arjun",
            () ->
                promises.make(
                    c.id(),
                    new NewPromise(
                        open,
                        null,
                        LocalDate.parse(by),
                        List.of(invoice.value()),
                        "CALL",
                        "Pat Payables",
                        "will pay in the mid-May run"),
                    null));
    return p.id();
  }

  private PromiseStatus judgedOn(String date, long promiseId) {
    promises.evaluate(LocalDate.parse(date));
    return promises.find(promiseId).orElseThrow().status();
  }

  private void liftLegalHold(DunningFixtures.Customer c) {
    as(
        "arjun",
        () ->
            accounts.change(
                c.id(),
                new AccountChange(null, false, null, null, null, null, null, null),
                "settled with legal"));
  }

  private void arjunCalls(DunningFixtures.Customer c) {
    as(
        "arjun",
        () ->
            activities.log(
                c.id(),
                new NewActivity(
                    ActivityKind.CALL,
                    CallOutcome.REACHED,
                    null,
                    "AP confirms the invoice is in their system",
                    null,
                    null)));
  }

  private void approveTheDemandLettersOf(List<DunningFixtures.Customer> portfolio) {
    var mine = portfolio.stream().map(DunningFixtures.Customer::id).toList();
    for (var a : approvals.pending(10_000)) {
      if (mine.contains(a.accountId())) {
        assertThat(a.requestedBy()).isEqualTo("system");
        as("lena", () -> approvals.approve(a.id(), null));
      }
    }
  }

  private <T> T as(String user, Supplier<T> work) {
    SignedIn.as(access, user);
    try {
      return work.get();
    } finally {
      SignedIn.out();
    }
  }

  // --- reading back what happened ----------------------------------------------------------

  private void expectSteps(InvoiceId invoice, String... expected) {
    List<String> actual =
        jdbc.sql(
                """
                select business_date, days_from_due from dunning_action where invoice_id = ?
                order by business_date, days_from_due""")
            .param(invoice.value())
            .query(
                (rs, n) -> {
                  int days = rs.getInt(2);
                  return rs.getObject(1, LocalDate.class)
                      + " "
                      + (days > 0 ? "+" + days : String.valueOf(days));
                })
            .list();
    assertThat(actual).as("steps of " + given.numberOf(invoice)).containsExactly(expected);
  }

  private void expectLetters(DunningFixtures.Customer c, String... expected) {
    List<String> actual =
        jdbc.sql(
                "select business_date, top_action from dunning_letter where account_id = ? order by business_date, id")
            .param(c.id().value())
            .query((rs, n) -> rs.getObject(1, LocalDate.class) + " " + rs.getString(2))
            .list();
    assertThat(actual).as("letters to " + c.name()).containsExactly(expected);
  }

  private List<String> outcomes(DunningFixtures.Customer c, String outcome) {
    return jdbc.sql(
            """
            select r.run_date, ra.reason from dunning_run_account ra join dunning_run r on r.id = ra.run_id
            where ra.account_id = ? and ra.outcome = ? order by r.run_date""")
        .params(c.id().value(), outcome)
        .query((rs, n) -> rs.getObject(1, LocalDate.class) + " " + rs.getString(2))
        .list();
  }

  private List<String> lettersAbout(DunningFixtures.Customer c, String date) {
    return jdbc
        .sql(
            """
            select i.number from dunning_action x join dunning_letter l on l.id = x.letter_id
            join invoice i on i.id = x.invoice_id
            where l.account_id = ? and l.business_date = ? order by i.number""")
        .params(c.id().value(), LocalDate.parse(date))
        .query(String.class)
        .list()
        .stream()
        .map(n -> n.substring(0, n.indexOf('-')))
        .toList();
  }

  private String bodyOfLetter(DunningFixtures.Customer c, String date) {
    return jdbc.sql(
            """
            select m.body_html from dunning_letter l join outbox_message m on m.id = l.outbox_message_id
            where l.account_id = ? and l.business_date = ?""")
        .params(c.id().value(), LocalDate.parse(date))
        .query(String.class)
        .single();
  }

  private Instant outboxNextAttempt(long messageId) {
    return jdbc.sql("select next_attempt_at from outbox_message where id = ?")
        .param(messageId)
        .query(OffsetDateTime.class)
        .single()
        .toInstant();
  }

  private long count(String table, RunScope scope) {
    return jdbc.sql("select count(*) from " + table + " where account_id = any(?)")
        .param(scope.accounts().stream().map(AccountId::value).toArray(Long[]::new))
        .query(Long.class)
        .single();
  }
}
