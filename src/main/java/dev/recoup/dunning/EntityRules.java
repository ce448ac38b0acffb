package dev.recoup.dunning;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.audit.AuditTrail;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-entity jurisdiction rules for late fees and interest: off by default; the manager, who owns
 * credit policy, enables them with their rate. Letters show what the rule adds to each item.
 */
@Service
public class EntityRules {

  private final JdbcClient jdbc;
  private final Access access;
  private final AuditTrail audit;
  private final Clock clock;

  EntityRules(JdbcClient jdbc, Access access, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  public List<EntityRule> all() {
    return jdbc.sql("select * from dunning_entity_rule order by entity_code")
        .query(EntityRules::rule)
        .list();
  }

  /** The entity's rule, or one that charges nothing. */
  public EntityRule forEntity(String entityCode) {
    return jdbc.sql("select * from dunning_entity_rule where entity_code = ?")
        .param(entityCode)
        .query(EntityRules::rule)
        .optional()
        .orElseGet(() -> EntityRule.none(entityCode));
  }

  public boolean mayChange() {
    return access.currentActor().map(a -> a.role() == Role.MANAGER).orElse(false);
  }

  /** Enables or disables the fee and interest of an entity's rule (the manager; audited). */
  @Transactional
  public EntityRule change(
      String entityCode,
      boolean lateFeeEnabled,
      BigDecimal lateFeePct,
      boolean interestEnabled,
      BigDecimal interestPct) {
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    if (me.role() != Role.MANAGER) {
      throw new AccessDeniedException("The manager sets late fees and interest");
    }
    EntityRule before =
        jdbc.sql("select * from dunning_entity_rule where entity_code = ?")
            .param(entityCode)
            .query(EntityRules::rule)
            .optional()
            .orElseThrow(() -> new IllegalArgumentException("entity: no rule for " + entityCode));
    BigDecimal fee = lateFeePct == null ? BigDecimal.ZERO : lateFeePct;
    BigDecimal rate = interestPct == null ? BigDecimal.ZERO : interestPct;
    for (var p :
        List.of(java.util.Map.entry("lateFeePct", fee), java.util.Map.entry("interestPct", rate))) {
      if (p.getValue().signum() < 0 || p.getValue().compareTo(new BigDecimal("25")) > 0) {
        throw new IllegalArgumentException(p.getKey() + ": between 0 and 25 percent");
      }
      if (p.getValue().scale() > 2) {
        throw new IllegalArgumentException(p.getKey() + ": at most two decimals");
      }
    }
    if (lateFeeEnabled && fee.signum() == 0) {
      throw new IllegalArgumentException("lateFeePct: an enabled fee needs its rate");
    }
    if (interestEnabled && rate.signum() == 0) {
      throw new IllegalArgumentException("interestPct: enabled interest needs its rate");
    }
    jdbc.sql(
            """
            update dunning_entity_rule set late_fee_enabled = ?, late_fee_pct = ?,
              interest_enabled = ?, interest_pct = ?, updated_by = ?, updated_at = ?
            where entity_code = ?""")
        .params(
            lateFeeEnabled,
            fee,
            interestEnabled,
            rate,
            me.username(),
            OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC),
            entityCode)
        .update();
    EntityRule after = forEntity(entityCode);
    audit.record(
        "dunning.entity-rule.changed", "dunning-entity-rule", entityCode, before, after, null);
    return after;
  }

  private static EntityRule rule(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new EntityRule(
        rs.getString("entity_code"),
        rs.getString("jurisdiction"),
        rs.getBoolean("late_fee_enabled"),
        rs.getBigDecimal("late_fee_pct"),
        rs.getBoolean("interest_enabled"),
        rs.getBigDecimal("interest_pct"),
        rs.getString("updated_by"),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }
}
