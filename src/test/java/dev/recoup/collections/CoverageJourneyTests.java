package dev.recoup.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The lead rebalances the team and covers a holiday: a filtered set of accounts moves to a
 * collector, who then goes on leave; its backup works those accounts during the absence, and they
 * return when it ends.
 */
@RecoupTest
class CoverageJourneyTests {

  @Autowired Accounts accounts;
  @Autowired Absences absences;
  @Autowired Worklists worklists;
  @Autowired Activities activities;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;

  @AfterEach
  void reset() {
    SecurityContextHolder.clearContext();
    clock.setDate(RecoupTest.TODAY);
  }

  void signInAs(String username) {
    SignedIn.as(access, username);
  }

  @Test
  void backupWorksTheAbsentCollectorsAccountsOnlyDuringTheAbsence() {
    // Liam (AMER lead) moves every AMER partner account past due over 120 days to Connor.
    List<AccountId> partners =
        jdbc
            .sql(
                """
                select a.id from customer_account a join account_summary s on s.account_id = a.id
                where a.region = 'AMER' and a.channel = 'PARTNER' and a.partner_id is null
                  and s.max_days_past_due > 0 and not a.legal_hold
                  and a.status not in ('WRITTEN_OFF', 'BANKRUPT')""")
            .query(Long.class)
            .list()
            .stream()
            .map(AccountId::new)
            .toList();
    assertThat(partners).isNotEmpty();
    signInAs("carlos");
    assertThatThrownBy(() -> accounts.reassign(partners, "connor", "not mine to do"))
        .isInstanceOf(AccessDeniedException.class);
    signInAs("liam");
    accounts.reassign(partners, "connor", "partner desk for Q4");
    User connor = access.user("connor").orElseThrow();
    assertThat(partners)
        .allMatch(id -> accounts.find(id).orElseThrow().ownerId().equals(connor.id()));
    worklists.refresh(LocalDate.parse(RecoupTest.TODAY));

    // Connor is away from Monday 23rd and back on Monday 30th; Chloe covers.
    absences.set(
        "connor", "chloe", LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-30"), "holiday");
    User chloe = access.user("chloe").orElseThrow();

    clock.setDate("2026-11-20"); // before the absence: the partners are Connor's alone
    assertThat(coveredIn(chloe, "2026-11-20")).isEmpty();

    clock.setDate("2026-11-24"); // during the absence: Chloe's worklist carries them, marked
    List<WorklistRow> during = worklists.of(chloe, LocalDate.parse("2026-11-24"), 5000);
    assertThat(during).filteredOn(r -> "connor".equals(r.coveredFor())).isNotEmpty();
    long partnerId = partners.get(0).value();
    assertThat(during.stream().filter(r -> r.coveredFor() != null).map(WorklistRow::accountId))
        .allMatch(
            id -> accounts.find(new AccountId(id)).orElseThrow().ownerId().equals(connor.id()));
    // ...and she may work them.
    signInAs("chloe");
    AccountId covered =
        new AccountId(
            during.stream()
                .filter(r -> r.coveredFor() != null)
                .findFirst()
                .orElseThrow()
                .accountId());
    activities.log(
        covered, new NewActivity(ActivityKind.NOTE, null, null, "Covering for Connor", null, null));

    clock.setDate("2026-11-30"); // Connor is back: nothing of his is on Chloe's worklist
    assertThat(coveredIn(chloe, "2026-11-30")).isEmpty();
    assertThatThrownBy(
            () ->
                activities.log(
                    covered,
                    new NewActivity(ActivityKind.NOTE, null, null, "still covering?", null, null)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(partnerId).isPositive();
  }

  private List<WorklistRow> coveredIn(User user, String date) {
    return worklists.of(user, LocalDate.parse(date), 5000).stream()
        .filter(r -> r.coveredFor() != null)
        .toList();
  }
}
