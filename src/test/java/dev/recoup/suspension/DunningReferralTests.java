package dev.recoup.suspension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.dunning.SuspensionStepReached;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When the dunning run reaches a suspension step, a suspension is proposed for the manager, in the
 * run's transaction and once per run date, however often the run is repeated.
 */
@RecoupTest
class DunningReferralTests {

  @Autowired ApplicationEventPublisher events;
  @Autowired TransactionTemplate tx;
  @Autowired Suspensions suspensions;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;

  Instant clockAtStart;

  @BeforeEach
  void today() {
    clockAtStart = clock.instant();
    clock.setDate("2026-11-20");
  }

  @AfterEach
  void restoreTheClock() {
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void theDunningRunsSuspensionStepBecomesOneProposalForTheManager() {
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    List<InvoiceId> items =
        jdbc.sql(
                """
                select id from invoice where account_id = ? and open_amount > disputed_amount
                  and due_date < '2026-11-20' order by due_date""")
            .param(id.value())
            .query((rs, n) -> new InvoiceId(rs.getLong(1)))
            .list();
    SuspensionStepReached reached =
        new SuspensionStepReached(id, LocalDate.parse("2026-11-20"), items);

    tx.executeWithoutResult(s -> events.publishEvent(reached));
    tx.executeWithoutResult(s -> events.publishEvent(reached)); // the run, repeated after a crash

    List<Suspension> proposed = suspensions.forAccount(id);
    assertThat(proposed)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(SuspensionStatus.PROPOSED);
              assertThat(s.origin()).isEqualTo(Suspension.Origin.DUNNING);
              assertThat(s.requestedBy()).isEqualTo("dunning");
              assertThat(s.reason()).contains("suspension step on 2026-11-20");
              assertThat(suspensions.mayDecide(s)).isFalse();
            });

    // A later run while it is open proposes nothing more.
    tx.executeWithoutResult(
        s ->
            events.publishEvent(
                new SuspensionStepReached(id, LocalDate.parse("2026-11-21"), items)));
    assertThat(suspensions.forAccount(id)).hasSize(1);
  }
}
