package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.access.UserId;
import dev.recoup.audit.AuditTrail;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Out-of-office coverage: while a collector is away its accounts appear on its backup's worklist,
 * marked as covered, and may be worked by the backup; on the return date they are its own again.
 */
@Service
public class Absences {

  private final JdbcClient jdbc;
  private final Access access;
  private final AuditTrail audit;
  private final Clock clock;

  Absences(JdbcClient jdbc, Access access, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Records an absence. A collector sets its own; a lead those of its team; a manager or admin
   * anyone's. The backup must be a collector or a lead.
   */
  @Transactional
  public Absence set(
      String username,
      String backupUsername,
      LocalDate startsOn,
      LocalDate returnsOn,
      String reason) {
    User away =
        access
            .user(username)
            .orElseThrow(() -> new IllegalArgumentException("username: no user " + username));
    User backup =
        access
            .user(backupUsername)
            .filter(u -> u.role() == Role.COLLECTOR || u.role() == Role.LEAD)
            .orElseThrow(
                () ->
                    new IllegalArgumentException("backup: no collector or lead " + backupUsername));
    if (startsOn == null || returnsOn == null || !returnsOn.isAfter(startsOn)) {
      throw new IllegalArgumentException("returnsOn: must be after the first day of the absence");
    }
    if (away.id().equals(backup.id())) {
      throw new IllegalArgumentException("backup: someone else must cover");
    }
    requireMayManage(away);
    long id =
        jdbc.sql(
                """
                insert into absence (user_id, backup_id, starts_on, returns_on, reason, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                away.id().value(),
                backup.id().value(),
                startsOn,
                returnsOn,
                reason,
                access.currentActor().map(Actor::username).orElse("system"),
                now())
            .query(Long.class)
            .single();
    Absence absence =
        new Absence(id, away.username(), backup.username(), startsOn, returnsOn, reason, false);
    audit.record("absence.set", "user", away.username(), null, absence, reason);
    return absence;
  }

  @Transactional
  public void cancel(long id) {
    Absence before =
        find(id).orElseThrow(() -> new IllegalArgumentException("id: no absence " + id));
    requireMayManage(access.user(before.username()).orElseThrow());
    jdbc.sql("update absence set cancelled_at = ? where id = ?").params(now(), id).update();
    audit.record("absence.cancelled", "user", before.username(), before, null, null);
  }

  public java.util.Optional<Absence> find(long id) {
    return jdbc.sql(SELECT + " where b.id = ?").param(id).query(Absences::map).optional();
  }

  /** Absences that have not ended by {@code date}, soonest first. */
  public List<Absence> current(LocalDate date) {
    return jdbc.sql(
            SELECT + " where b.cancelled_at is null and b.returns_on > ? order by b.starts_on")
        .param(date)
        .query(Absences::map)
        .list();
  }

  /** The collectors {@code backup} covers on {@code date}: user id to username. */
  public Map<Long, String> coveredBy(UserId backup, LocalDate date) {
    Map<Long, String> covered = new LinkedHashMap<>();
    jdbc.sql(
            """
            select u.id, u.username from absence b join app_user u on u.id = b.user_id
            where b.backup_id = ? and b.cancelled_at is null and b.starts_on <= ? and ? < b.returns_on""")
        .params(backup.value(), date, date)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> covered.put(rs.getLong(1), rs.getString(2)));
    return covered;
  }

  /** Whether {@code backup} covers the owner {@code owner} on {@code date}. */
  public boolean covers(UserId backup, UserId owner, LocalDate date) {
    return owner != null && coveredBy(backup, date).containsKey(owner.value());
  }

  private void requireMayManage(User away) {
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    boolean allowed =
        switch (me.role()) {
          case MANAGER, ADMIN -> true;
          case LEAD -> me.id().equals(away.id()) || me.id().equals(away.leadId());
          case COLLECTOR -> me.id().equals(away.id());
          default -> false;
        };
    if (!allowed) {
      throw new AccessDeniedException("You may not set this person's absence");
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static final String SELECT =
      """
      select b.*, u.username, k.username as backup_username from absence b
      join app_user u on u.id = b.user_id join app_user k on k.id = b.backup_id""";

  private static Absence map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Absence(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("backup_username"),
        rs.getObject("starts_on", LocalDate.class),
        rs.getObject("returns_on", LocalDate.class),
        rs.getString("reason"),
        rs.getObject("cancelled_at") != null);
  }
}
