package dev.recoup.dunning;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Contact governance, as settings: at most {@code max-messages-per-week} dunning messages to an
 * account in seven days, none for {@code cool-down-days} after a person touched the account (a
 * call, an e-mail, a meeting), and messages leave only in the contact's business hours (its time
 * zone, else the entity's): outside them a message waits in the outbox until the window opens.
 * Reminders are sent up to {@code payment-run-lead-days} business days before the customer's next
 * AP payment run when they would otherwise arrive after it.
 */
@Component
public class ContactRules {

  private final int maxPerWeek;
  private final int coolDownDays;
  private final LocalTime sendFrom;
  private final LocalTime sendUntil;
  private final int paymentRunLeadDays;

  ContactRules(
      @Value("${recoup.dunning.max-messages-per-week:2}") int maxPerWeek,
      @Value("${recoup.dunning.cool-down-days:2}") int coolDownDays,
      @Value("${recoup.dunning.send-from:08:00}") String sendFrom,
      @Value("${recoup.dunning.send-until:18:00}") String sendUntil,
      @Value("${recoup.dunning.payment-run-lead-days:2}") int paymentRunLeadDays) {
    if (maxPerWeek < 1 || coolDownDays < 0 || paymentRunLeadDays < 0) {
      throw new IllegalArgumentException(
          "recoup.dunning: max-messages-per-week >= 1, cool-down-days and payment-run-lead-days >= 0");
    }
    this.maxPerWeek = maxPerWeek;
    this.coolDownDays = coolDownDays;
    this.sendFrom = LocalTime.parse(sendFrom);
    this.sendUntil = LocalTime.parse(sendUntil);
    if (!this.sendFrom.isBefore(this.sendUntil)) {
      throw new IllegalArgumentException("recoup.dunning: send-from must be before send-until");
    }
    this.paymentRunLeadDays = paymentRunLeadDays;
  }

  public int maxPerWeek() {
    return maxPerWeek;
  }

  public int coolDownDays() {
    return coolDownDays;
  }

  public LocalTime sendFrom() {
    return sendFrom;
  }

  public LocalTime sendUntil() {
    return sendUntil;
  }

  public int paymentRunLeadDays() {
    return paymentRunLeadDays;
  }

  /**
   * The earliest moment a message may leave at or after {@code now}: now when it is a weekday
   * within the sending hours in {@code zone}, else the next opening of the window in that zone (so
   * the same local hour in winter and in summer time).
   */
  public Instant earliestSend(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    if (isWeekday(local.toLocalDate())
        && !local.toLocalTime().isBefore(sendFrom)
        && local.toLocalTime().isBefore(sendUntil)) {
      return now;
    }
    LocalDate day = local.toLocalDate();
    if (!isWeekday(day) || !local.toLocalTime().isBefore(sendFrom)) {
      day = day.plusDays(1);
    }
    while (!isWeekday(day)) {
      day = day.plusDays(1);
    }
    return day.atTime(sendFrom).atZone(zone).toInstant();
  }

  /**
   * The last payment-run date for which a reminder is pulled forward on {@code runDate}: the
   * customer's next run must fall within this many business days (weekdays) after the run date.
   */
  LocalDate paymentRunHorizon(LocalDate runDate) {
    LocalDate d = runDate;
    int left = paymentRunLeadDays;
    while (left > 0) {
      d = d.plusDays(1);
      if (isWeekday(d)) {
        left--;
      }
    }
    return d;
  }

  private static boolean isWeekday(LocalDate d) {
    return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
  }
}
