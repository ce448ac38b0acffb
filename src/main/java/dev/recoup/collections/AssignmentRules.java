package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.audit.AuditTrail;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assignment rules: accounts of a region, segment, channel and size (open balance in the reporting
 * currency) belong to a collector. Applying them matches every account set-based and moves the
 * accounts through {@link Accounts#reassign}, one audited move per new owner.
 */
@Service
public class AssignmentRules {

  public record Rule(
      long id,
      int priority,
      String region,
      String segment,
      String channel,
      BigDecimal minOpen,
      String owner) {}

  private final JdbcClient jdbc;
  private final Access access;
  private final Accounts accounts;
  private final AuditTrail audit;
  private final Clock clock;

  AssignmentRules(
      JdbcClient jdbc, Access access, Accounts accounts, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.accounts = accounts;
    this.audit = audit;
    this.clock = clock;
  }

  public List<Rule> all() {
    return jdbc.sql(
            """
            select r.*, u.username from assignment_rule r join app_user u on u.id = r.owner_id
            order by r.priority, r.id""")
        .query(
            (rs, n) ->
                new Rule(
                    rs.getLong("id"),
                    rs.getInt("priority"),
                    rs.getString("region"),
                    rs.getString("segment"),
                    rs.getString("channel"),
                    rs.getBigDecimal("min_open_rc"),
                    rs.getString("username")))
        .list();
  }

  @Transactional
  public Rule add(
      int priority,
      String region,
      String segment,
      String channel,
      BigDecimal minOpen,
      String owner) {
    Actor me = requireLead();
    User u =
        access
            .user(owner)
            .filter(x -> x.role() == Role.COLLECTOR || x.role() == Role.LEAD)
            .orElseThrow(
                () -> new IllegalArgumentException("owner: no collector or lead " + owner));
    if (minOpen != null && minOpen.signum() < 0) {
      throw new IllegalArgumentException("minOpen: cannot be negative");
    }
    if (channel != null
        && !channel.isBlank()
        && !channel.equals("DIRECT")
        && !channel.equals("PARTNER")) {
      throw new IllegalArgumentException("channel: DIRECT or PARTNER");
    }
    long id =
        jdbc.sql(
                """
                insert into assignment_rule (priority, region, segment, channel, min_open_rc, owner_id,
                  created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                priority,
                blank(region),
                blank(segment),
                blank(channel),
                minOpen,
                u.id().value(),
                me.username(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
            .query(Long.class)
            .single();
    Rule rule = all().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    audit.record("assignment-rule.added", "assignment-rule", id, null, rule, null);
    return rule;
  }

  @Transactional
  public void remove(long id) {
    requireLead();
    Rule before =
        all().stream()
            .filter(r -> r.id() == id)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("id: no rule " + id));
    jdbc.sql("delete from assignment_rule where id = ?").param(id).update();
    audit.record("assignment-rule.removed", "assignment-rule", id, before, null, null);
  }

  /**
   * Applies the rules: each account takes the owner of the first rule it matches. With {@code
   * onlyUnassigned} accounts that already have an owner keep it. Returns how many moved.
   */
  @Transactional
  public int apply(boolean onlyUnassigned) {
    requireLead();
    Map<String, List<AccountId>> byOwner = new LinkedHashMap<>();
    jdbc.sql(
            """
            select m.id, u.username from (
              select distinct on (a.id) a.id, a.owner_id as current_owner, r.owner_id
              from customer_account a
              join account_summary s on s.account_id = a.id
              join assignment_rule r
                on (r.region is null or r.region = a.region)
               and (r.segment is null or r.segment = a.segment)
               and (r.channel is null or r.channel = a.channel)
               and (r.min_open_rc is null or s.open_total_rc >= r.min_open_rc)
              order by a.id, r.priority, r.id) m
            join app_user u on u.id = m.owner_id
            where m.current_owner is distinct from m.owner_id
              and (not :onlyUnassigned or m.current_owner is null)""")
        .param("onlyUnassigned", onlyUnassigned)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs ->
                    byOwner
                        .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                        .add(new AccountId(rs.getLong(1))));
    int moved = 0;
    for (var e : byOwner.entrySet()) {
      moved += accounts.reassign(e.getValue(), e.getKey(), "assignment rules applied");
    }
    return moved;
  }

  private Actor requireLead() {
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    if (me.role() != Role.LEAD && me.role() != Role.MANAGER && me.role() != Role.ADMIN) {
      throw new AccessDeniedException("Assignment rules are for leads, managers and admins");
    }
    return me;
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
