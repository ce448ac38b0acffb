package dev.recoup.support;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test sets to a business date, so that time-dependent behaviour reads as a timeline. */
public class SettableClock extends Clock {

  private volatile Instant instant;

  public SettableClock(Instant start) {
    this.instant = start;
  }

  /** Noon UTC on the date: the same business date in every entity's zone from UTC-11 to UTC+11. */
  public void setDate(String isoDate) {
    instant = LocalDate.parse(isoDate).atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  public void advanceSeconds(long seconds) {
    instant = instant.plusSeconds(seconds);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant, zone);
  }

  @Override
  public Instant instant() {
    return instant;
  }
}
