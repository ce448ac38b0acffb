package dev.recoup.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import dev.recoup.accounts.AccountId;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/**
 * Quarter-end: the EMEA lead takes every EMEA account more than 100k past due and spreads them over
 * three collectors; each finds its share on its worklist, and progress counts the touches.
 */
@RecoupTest
class CampaignTests {

  @Autowired Campaigns campaigns;
  @Autowired Worklists worklists;
  @Autowired Activities activities;
  @Autowired Access access;

  final LocalDate today = LocalDate.parse(RecoupTest.TODAY);

  @AfterEach
  void signOut() {
    SignedIn.out();
  }

  @Test
  void leadSpreadsBigPastDueAccountsAcrossTheTeamAndWatchesProgress() {
    SignedIn.as(access, "emma");
    assertThatThrownBy(
            () ->
                campaigns.launch(
                    "mine", today.plusDays(5), BigDecimal.ZERO, "EMEA", List.of("emma")))
        .isInstanceOf(AccessDeniedException.class);

    SignedIn.as(access, "lena");
    var campaign =
        campaigns.launch(
            "Q4 all hands",
            today.plusDays(10),
            new BigDecimal("100000"),
            "EMEA",
            List.of("emma", "erik", "aiko"));

    List<Campaigns.Progress> progress = campaigns.progress(campaign.id());
    assertThat(progress)
        .extracting(Campaigns.Progress::assignee)
        .containsExactly("aiko", "emma", "erik");
    long total = progress.stream().mapToLong(Campaigns.Progress::accounts).sum();
    assertThat(total).isGreaterThan(3);
    assertThat(progress).allSatisfy(p -> assertThat(p.accounts()).isPositive());

    // Aiko (APJ) now has EMEA campaign accounts on her worklist, marked, and may work them.
    User aiko = access.user("aiko").orElseThrow();
    List<WorklistRow> aikos = worklists.of(aiko, today, 5000);
    List<WorklistRow> fromCampaign =
        aikos.stream().filter(r -> "Q4 all hands".equals(r.campaign())).toList();
    assertThat(fromCampaign).isNotEmpty();
    SignedIn.as(access, "aiko");
    activities.log(
        new AccountId(fromCampaign.get(0).accountId()),
        new NewActivity(ActivityKind.CALL, CallOutcome.REACHED, null, "Campaign call", null, null));
    assertThat(campaigns.progress(campaign.id()))
        .filteredOn(p -> p.assignee().equals("aiko"))
        .singleElement()
        .satisfies(p -> assertThat(p.touched()).isGreaterThanOrEqualTo(1));
  }
}
