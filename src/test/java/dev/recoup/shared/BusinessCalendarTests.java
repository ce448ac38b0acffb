package dev.recoup.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessCalendarTests {

  static final LocalDate CHRISTMAS = LocalDate.parse("2026-12-25");

  BusinessCalendar tokyoAt(String instant) {
    return new BusinessCalendar(
        Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), ZoneId.of("Asia/Tokyo"), Set.of());
  }

  @Test
  void todayIsTheDateInTheEntitysZone() {
    // 20:00 UTC on the 22nd is already the 23rd in Tokyo.
    assertThat(tokyoAt("2026-11-22T20:00:00Z").today()).isEqualTo(LocalDate.parse("2026-11-23"));
    assertThat(tokyoAt("2026-11-22T10:00:00Z").today()).isEqualTo(LocalDate.parse("2026-11-22"));
  }

  @Test
  void weekendsAndHolidaysAreNotBusinessDays() {
    var calendar =
        new BusinessCalendar(Clock.systemUTC(), ZoneId.of("America/New_York"), Set.of(CHRISTMAS));
    assertThat(calendar.isBusinessDay(CHRISTMAS)).isFalse(); // a Friday, but a holiday
    assertThat(calendar.onOrAfter(CHRISTMAS)).isEqualTo(LocalDate.parse("2026-12-28")); // Monday
    assertThat(calendar.plusBusinessDays(LocalDate.parse("2026-12-24"), 1))
        .isEqualTo(LocalDate.parse("2026-12-28"));
    assertThat(calendar.plusBusinessDays(LocalDate.parse("2026-12-28"), -1))
        .isEqualTo(LocalDate.parse("2026-12-24"));
  }
}
