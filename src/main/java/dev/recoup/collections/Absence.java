package dev.recoup.collections;

import java.time.LocalDate;

/**
 * A collector away from {@code startsOn} until it returns on {@code returnsOn}; the backup covers.
 */
public record Absence(
    long id,
    String username,
    String backupUsername,
    LocalDate startsOn,
    LocalDate returnsOn,
    String reason,
    boolean cancelled) {

  public boolean isActiveOn(LocalDate date) {
    return !cancelled && !date.isBefore(startsOn) && date.isBefore(returnsOn);
  }
}
