package dev.recoup.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Quiet hours and the payment-run horizon, in the contact's own time zone. */
class ContactRulesTests {

  final ContactRules rules = new ContactRules(2, 2, "08:00", "18:00", 2);
  final ZoneId dublin = ZoneId.of("Europe/Dublin");
  final ZoneId tokyo = ZoneId.of("Asia/Tokyo");

  @Test
  void aMessageQueuedInTheSendingHoursLeavesAtOnce() {
    Instant noon = Instant.parse("2027-03-10T12:00:00Z");
    assertThat(rules.earliestSend(noon, dublin)).isEqualTo(noon);
  }

  @Test
  void beforeTheWindowItWaitsForEightLocalTimeInWinterAndInSummer() {
    assertThat(rules.earliestSend(Instant.parse("2027-03-26T06:00:00Z"), dublin))
        .isEqualTo(Instant.parse("2027-03-26T08:00:00Z"));
    // Summer time from Sunday 28 March: eight in Dublin is seven UTC.
    assertThat(rules.earliestSend(Instant.parse("2027-03-29T06:00:00Z"), dublin))
        .isEqualTo(Instant.parse("2027-03-29T07:00:00Z"));
  }

  @Test
  void afterTheWindowOrAtTheWeekendItWaitsForTheNextWeekdayMorning() {
    // 12:00 UTC is 21:00 in Tokyo on a Friday: Monday 08:00 JST.
    assertThat(rules.earliestSend(Instant.parse("2027-03-12T12:00:00Z"), tokyo))
        .isEqualTo(Instant.parse("2027-03-14T23:00:00Z"));
    assertThat(rules.earliestSend(Instant.parse("2027-03-13T10:00:00Z"), dublin))
        .isEqualTo(Instant.parse("2027-03-15T08:00:00Z"));
  }

  @Test
  void remindersArePulledForPaymentRunsWithinTwoBusinessDays() {
    assertThat(rules.paymentRunHorizon(LocalDate.parse("2027-06-10")))
        .isEqualTo(LocalDate.parse("2027-06-14"));
    assertThat(rules.paymentRunHorizon(LocalDate.parse("2027-06-07")))
        .isEqualTo(LocalDate.parse("2027-06-09"));
  }
}
