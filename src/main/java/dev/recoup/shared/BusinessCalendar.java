package dev.recoup.shared;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * The business calendar of one legal entity: which day it is in the entity's time zone, and which
 * days are business days (weekends and the entity's holidays are not). Application services ask it
 * for {@link #today()}; the domain receives dates as parameters.
 */
public final class BusinessCalendar {

  private final Clock clock;
  private final ZoneId zone;
  private final Set<LocalDate> holidays;

  public BusinessCalendar(Clock clock, ZoneId zone, Set<LocalDate> holidays) {
    this.clock = clock;
    this.zone = zone;
    this.holidays = Set.copyOf(holidays);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The business date now, in the entity's zone. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  public boolean isBusinessDay(LocalDate date) {
    DayOfWeek d = date.getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !holidays.contains(date);
  }

  /** The first business day on or after {@code date}. */
  public LocalDate onOrAfter(LocalDate date) {
    LocalDate d = date;
    while (!isBusinessDay(d)) {
      d = d.plusDays(1);
    }
    return d;
  }

  /** {@code days} business days after {@code date} (negative goes back). */
  public LocalDate plusBusinessDays(LocalDate date, int days) {
    LocalDate d = date;
    int step = days >= 0 ? 1 : -1;
    int left = Math.abs(days);
    while (left > 0) {
      d = d.plusDays(step);
      if (isBusinessDay(d)) {
        left--;
      }
    }
    return d;
  }
}
