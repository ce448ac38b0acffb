package dev.recoup.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.Postings;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A run stopped midway (the process killed after some accounts were dispatched) resumes when the
 * date is run again, and an account that cannot be written to holds up nobody else and is sent to
 * once fixed: every account gets its message once, none is skipped, no step is issued twice. The
 * preview says beforehand exactly what the run does.
 */
@RecoupTest
class InterruptedRunTests {

  @Autowired Dunning dunning;
  @Autowired Strategies strategies;
  @Autowired Postings postings;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @Autowired TransactionTemplate tx;

  DunningFixtures given;
  Instant clockAtStart;

  @BeforeEach
  void setUp() {
    clockAtStart = clock.instant();
    clock.setDate("2027-02-15");
    given = new DunningFixtures(jdbc, access, strategies, postings, tx, clock);
    given.strategies();
  }

  @AfterEach
  void restore() {
    SignedIn.out();
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void aRunStoppedMidwayResumesWithoutDuplicatesOrGaps() {
    LocalDate today = LocalDate.parse("2027-02-15");
    List<DunningFixtures.Customer> customers =
        List.of(
            given.customer("Alpha Resume", "IE", "DIRECT"),
            given.customer("Bravo Resume", "IE", "DIRECT"),
            given.customer("Charlie Resume", "UK", "DIRECT"),
            given.customer("Delta Resume", "US", "DIRECT"),
            given.customer("Echo Resume", "IE", "DIRECT"));
    // Each owes two invoices: one 16 days past due (+15 notice), one due in a week (pre-due).
    for (var c : customers) {
      given.invoice(c, "OLD", "2027-01-30", "1000.00");
      given.invoice(c, "NEW", "2027-02-22", "250.00");
    }
    RunScope scope = RunScope.of(customers.stream().map(DunningFixtures.Customer::id).toList());

    Preview preview = dunning.preview(today, scope, 100);
    assertThat(preview.itemsDue()).isEqualTo(10);
    assertThat(preview.issued()).isEqualTo(5);
    assertThat(preview.steps())
        .extracting(s -> s.day() + " " + s.action() + " " + s.items())
        .containsExactly("-7 REMINDER 5", "+15 NOTICE 5");
    assertThat(preview.accounts())
        .allSatisfy(r -> assertThat(r.topAction()).isEqualTo(StepAction.NOTICE));
    assertThat(count("dunning_action", scope)).as("a preview persists nothing").isZero();

    // The process dies after two accounts were dispatched.
    DunningRun stopped = dunning.runPartly(today, scope, 2);
    assertThat(stopped.done()).isFalse();
    assertThat(stopped.itemsDue()).isEqualTo(10);
    assertThat(count("dunning_action", scope)).as("every due step persisted at once").isEqualTo(10);
    assertThat(count("dunning_letter", scope)).isEqualTo(2);

    // The date is run again; on the third account the address is unusable: that account is rolled
    // back and reported, the others are sent, and the run stays open.
    DunningFixtures.Customer broken = customers.get(2);
    setEmail(broken, "not an address");
    DunningRun withAFailure = dunning.run(today, scope);
    assertThat(withAFailure.alreadyRan()).isTrue();
    assertThat(withAFailure.done()).isFalse();
    assertThat(withAFailure.failed()).isEqualTo(1);
    assertThat(count("dunning_letter", scope)).isEqualTo(4);
    assertThat(dunning.accountsOf(withAFailure.id(), "ISSUED", 10))
        .filteredOn(a -> a.accountId().equals(broken.id()))
        .extracting(RunAccount::dispatchError)
        .containsExactly("to: not an e-mail address: not an address");

    // Fixed, the date runs again and sends what was left, once.
    setEmail(broken, "ap.fixed@example.com");
    DunningRun resumed = dunning.run(today, scope);
    assertThat(resumed.alreadyRan()).isTrue();
    assertThat(resumed.done()).isTrue();
    assertThat(resumed.failed()).isZero();
    assertThat(resumed.id()).isEqualTo(stopped.id());
    assertThat(resumed.letters()).isEqualTo(5);

    for (var c : customers) {
      assertThat(
              jdbc.sql(
                      "select count(*) from outbox_message where account_id = ? and kind = 'DUNNING_NOTICE'")
                  .param(c.id().value())
                  .query(Long.class)
                  .single())
          .as("one message to " + c.name())
          .isEqualTo(1);
      List<Map<String, Object>> items =
          jdbc.sql(
                  """
                  select i.number, x.days_from_due from dunning_action x
                  join invoice i on i.id = x.invoice_id join dunning_letter l on l.id = x.letter_id
                  where x.account_id = ? order by x.days_from_due""")
              .param(c.id().value())
              .query()
              .listOfRows();
      assertThat(items).as("both items in the one message to " + c.name()).hasSize(2);
    }
    assertThat(
            jdbc.sql(
                    "select count(*) from dunning_run_account where run_id = ? and dispatched_at is null")
                .param(resumed.id())
                .query(Long.class)
                .single())
        .isZero();

    // Running the date again now issues nothing.
    DunningRun again = dunning.run(today, scope);
    assertThat(again.alreadyRan()).isTrue();
    assertThat(count("dunning_action", scope)).isEqualTo(10);
    assertThat(count("dunning_letter", scope)).isEqualTo(5);
    // Nor does the next day: nothing new is due yet.
    clock.setDate("2027-02-16");
    DunningRun next = dunning.run(LocalDate.parse("2027-02-16"), scope);
    assertThat(next.itemsDue()).isZero();
  }

  private void setEmail(DunningFixtures.Customer c, String email) {
    jdbc.sql("update contact set email = ? where account_id = ?")
        .params(email, c.id().value())
        .update();
  }

  private long count(String table, RunScope scope) {
    return jdbc.sql("select count(*) from " + table + " where account_id = any(?)")
        .param(scope.accounts().stream().map(AccountId::value).toArray(Long[]::new))
        .query(Long.class)
        .single();
  }
}
