package dev.recoup.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import dev.recoup.support.RecoupTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Worklists rank by the weighted factors, say why in words, and split into team queues. */
@RecoupTest
class WorklistRankingTests {

  @Autowired Worklists worklists;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;

  final LocalDate today = LocalDate.parse(RecoupTest.TODAY);

  @Test
  void aCollectorsWorklistIsItsOwnPortfolioBestFirstWithReasons() {
    User aiko = access.user("aiko").orElseThrow();
    List<WorklistRow> rows = worklists.of(aiko, today, 50);

    assertThat(rows).isNotEmpty();
    assertThat(rows).extracting(WorklistRow::owner).containsOnly("aiko");
    assertThat(rows).extracting(WorklistRow::score).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.reasons()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
              assertThat(r.nextAction()).isNotBlank();
              assertThat(r.score()).isBetween(BigDecimal.ZERO, new BigDecimal("100"));
            });
    // The top account owes something and says how much, in the reporting currency.
    assertThat(rows.get(0).pastDue().isPositive()).isTrue();
    assertThat(String.join(" ", rows.get(0).reasons()))
        .containsAnyOf("past due", "late", "risk", "run");
  }

  @Test
  void theScoreIsTheWeightedMeanOfTheStoredFactors() {
    var row =
        jdbc.sql(
                """
                select score, f_amount, f_overdue, f_habit, f_payment_run, f_risk, f_untouched, f_follow_up
                from worklist_item order by score desc limit 1""")
            .query(
                (rs, n) ->
                    new int[] {
                      rs.getBigDecimal(1).multiply(new BigDecimal(100)).intValue(),
                      rs.getInt(2),
                      rs.getInt(3),
                      rs.getInt(4),
                      rs.getInt(5),
                      rs.getInt(6),
                      rs.getInt(7),
                      rs.getInt(8)
                    })
            .single();
    int weighted =
        30 * row[1]
            + 20 * row[2]
            + 10 * row[3]
            + 10 * row[4]
            + 10 * row[5]
            + 10 * row[6]
            + 10 * row[7];
    assertThat(row[0])
        .isEqualTo(weighted); // score x 100 = sum(weight x factor), the weights summing to 100
  }

  @Test
  void aLeadSeesThePartnerQueueAcrossItsTeam() {
    User lena = access.user("lena").orElseThrow();
    List<WorklistRow> partnerQueue =
        worklists.queue(lena, new Worklists.Queue("PARTNER", null, null, null), today, 500);

    assertThat(partnerQueue).isNotEmpty();
    assertThat(partnerQueue)
        .extracting(WorklistRow::owner)
        .doesNotContainNull()
        .allMatch(o -> access.user(o).orElseThrow().leadId().equals(lena.id()));
    assertThat(partnerQueue.stream().map(WorklistRow::owner).distinct().count()).isGreaterThan(1);
    for (WorklistRow r : partnerQueue) {
      assertThat(
              jdbc.sql("select channel from customer_account where id = ?")
                  .param(r.accountId())
                  .query(String.class)
                  .single())
          .isEqualTo("PARTNER");
    }
  }
}
