package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Escalations: a collector hands an account up to the lead or the manager, with a reason. */
@Service
public class Escalations {

  private final JdbcClient jdbc;
  private final Portfolios portfolios;
  private final Activities activities;
  private final Access access;
  private final AuditTrail audit;
  private final Clock clock;

  Escalations(
      JdbcClient jdbc,
      Portfolios portfolios,
      Activities activities,
      Access access,
      AuditTrail audit,
      Clock clock) {
    this.jdbc = jdbc;
    this.portfolios = portfolios;
    this.activities = activities;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  public Escalation escalate(AccountId account, Role toRole, String reason) {
    portfolios.requireMayWork(account);
    if (toRole != Role.LEAD && toRole != Role.MANAGER) {
      throw new IllegalArgumentException("toRole: LEAD or MANAGER");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: say why");
    }
    String actor = access.currentActor().map(Actor::username).orElse("system");
    long id =
        jdbc.sql(
                """
                insert into escalation (account_id, raised_by, raised_at, to_role, reason)
                values (?, ?, ?, ?, ?) returning id""")
            .params(
                account.value(),
                actor,
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
                toRole.name(),
                reason.trim())
            .query(Long.class)
            .single();
    activities.record(
        account,
        ActivityKind.ESCALATION,
        null,
        null,
        "Escalated to " + toRole.name().toLowerCase(),
        reason.trim(),
        null,
        null,
        null);
    Escalation e = find(id);
    audit.record("escalation.raised", "account", account.value(), null, e, reason);
    return e;
  }

  /** Open escalations, oldest first: the lead's queue (a manager sees all). */
  public List<Escalation> open() {
    return jdbc.sql(SELECT + " where e.status = 'OPEN' order by e.raised_at")
        .query(this::map)
        .list();
  }

  @Transactional
  public Escalation resolve(long id, String resolution) {
    Escalation before = find(id);
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    boolean allowed =
        me.role() == Role.MANAGER
            || me.role() == Role.ADMIN
            || (me.role() == Role.LEAD && before.toRole().equals("LEAD"));
    if (!allowed) {
      throw new AccessDeniedException("Only the lead or manager it was escalated to resolves it");
    }
    if (!before.status().equals("OPEN")) {
      throw new IllegalArgumentException("id: already resolved");
    }
    jdbc.sql(
            "update escalation set status = 'RESOLVED', resolved_by = ?, resolved_at = ?, resolution = ? where id = ?")
        .params(
            me.username(),
            OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
            resolution,
            id)
        .update();
    Escalation after = find(id);
    audit.record(
        "escalation.resolved", "account", before.accountId().value(), before, after, resolution);
    return after;
  }

  public Escalation find(long id) {
    return jdbc.sql(SELECT + " where e.id = ?")
        .param(id)
        .query(this::map)
        .optional()
        .orElseThrow(() -> new IllegalArgumentException("id: no escalation " + id));
  }

  /** Open escalations raised by each person (for the team board). */
  public java.util.Map<String, Long> openByRaiser() {
    java.util.Map<String, Long> m = new java.util.HashMap<>();
    jdbc.sql("select raised_by, count(*) from escalation where status = 'OPEN' group by raised_by")
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> m.put(rs.getString(1), rs.getLong(2)));
    return m;
  }

  private static final String SELECT =
      "select e.*, a.name as account_name from escalation e join customer_account a on a.id = e.account_id";

  private Escalation map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    OffsetDateTime resolved = rs.getObject("resolved_at", OffsetDateTime.class);
    return new Escalation(
        rs.getLong("id"),
        new AccountId(rs.getLong("account_id")),
        rs.getString("account_name"),
        rs.getString("raised_by"),
        rs.getObject("raised_at", OffsetDateTime.class).toInstant(),
        rs.getString("to_role"),
        rs.getString("reason"),
        rs.getString("status"),
        rs.getString("resolved_by"),
        resolved == null ? null : resolved.toInstant(),
        rs.getString("resolution"));
  }

  /** Age of an open escalation in whole days. */
  public static long ageInDays(Escalation e, Instant now) {
    return java.time.Duration.between(e.raisedAt(), now).toDays();
  }
}
