package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.Ledger;
import dev.recoup.shared.Money;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** The lead's team board: per collector, today's load and what the portfolio has collected. */
@Service
public class TeamBoard {

  public record Line(
      String username,
      String displayName,
      String region,
      long worklistSize,
      long touchedToday,
      Money cashThisWeek,
      Money cashThisQuarter,
      long escalationsWaiting,
      String awayCoveredBy) {}

  private final Access access;
  private final Worklists worklists;
  private final Activities activities;
  private final Escalations escalations;
  private final Absences absences;
  private final Ledger ledger;
  private final Aging aging;
  private final String reportingCurrency;

  TeamBoard(
      Access access,
      Worklists worklists,
      Activities activities,
      Escalations escalations,
      Absences absences,
      Ledger ledger,
      Aging aging,
      @Value("${recoup.reporting-currency:USD}") String reportingCurrency) {
    this.access = access;
    this.worklists = worklists;
    this.activities = activities;
    this.escalations = escalations;
    this.absences = absences;
    this.ledger = ledger;
    this.aging = aging;
    this.reportingCurrency = reportingCurrency;
  }

  /** A lead sees its team, a collector its peers (same lead), managers and auditors everyone. */
  private static boolean onBoardOf(User viewer, User collector) {
    return switch (viewer.role()) {
      case LEAD -> viewer.id().equals(collector.leadId());
      case COLLECTOR -> java.util.Objects.equals(viewer.leadId(), collector.leadId());
      default -> true;
    };
  }

  /** The board for a lead (its team) or a manager/admin/auditor (every collector). */
  public List<Line> of(User viewer) {
    LocalDate today = aging.today();
    LocalDate weekStart = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate quarterStart = today.with(IsoFields.DAY_OF_QUARTER, 1);
    Map<Long, Long> sizes = worklists.sizes(today);
    Map<String, Long> touched = activities.touchedOn(today);
    Map<Long, Money> week = ledger.cashCollectedByOwner(weekStart, today);
    Map<Long, Money> quarter = ledger.cashCollectedByOwner(quarterStart, today);
    Map<String, Long> waiting = escalations.openByRaiser();
    Map<String, String> away = new java.util.HashMap<>();
    absences.current(today).stream()
        .filter(a -> a.isActiveOn(today))
        .forEach(a -> away.put(a.username(), a.backupUsername()));
    Money zero = Money.zero(reportingCurrency);
    return access.users().stream()
        .filter(u -> u.role() == Role.COLLECTOR)
        .filter(u -> onBoardOf(viewer, u))
        .map(
            u ->
                new Line(
                    u.username(),
                    u.displayName(),
                    u.region(),
                    sizes.getOrDefault(u.id().value(), 0L),
                    touched.getOrDefault(u.username(), 0L),
                    week.getOrDefault(u.id().value(), zero),
                    quarter.getOrDefault(u.id().value(), zero),
                    waiting.getOrDefault(u.username(), 0L),
                    away.get(u.username())))
        .sorted(
            Comparator.comparing(Line::region, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Line::username))
        .toList();
  }
}
