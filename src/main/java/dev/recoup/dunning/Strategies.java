package dev.recoup.dunning;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.LegalEntity;
import dev.recoup.audit.AuditTrail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dunning strategies as data: which accounts each applies to and its ordered steps. Leads and the
 * manager edit the steps; every change is audited. A step that actions already name is retired
 * rather than deleted, so the history keeps its meaning.
 */
@Service
public class Strategies {

  /** What a step is to be: its day, channel, action, template and approver. */
  public record StepDefinition(
      int daysFromDue,
      StepChannel channel,
      StepAction action,
      String template,
      Role approvalRole) {}

  /** A new strategy with its criteria (null matches any) and steps. */
  public record NewStrategy(
      String name,
      String segment,
      String channel,
      String riskRating,
      String entityCode,
      List<StepDefinition> steps) {}

  private static final Pattern TEMPLATE_FILE =
      Pattern.compile("dunning-([a-z][a-z0-9-]*)_en\\.html$");

  private final JdbcClient jdbc;
  private final Access access;
  private final Accounts accounts;
  private final AuditTrail audit;
  private final Clock clock;
  private volatile List<String> templates;

  Strategies(JdbcClient jdbc, Access access, Accounts accounts, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.accounts = accounts;
    this.audit = audit;
    this.clock = clock;
  }

  /** Every strategy with its current steps, most specific first. */
  @Transactional(readOnly = true)
  public List<DunningStrategy> all() {
    Map<Long, List<DunningStep>> steps = new LinkedHashMap<>();
    jdbc.sql(
            "select * from dunning_step where retired_at is null order by strategy_id, days_from_due")
        .query(Strategies::step)
        .list()
        .forEach(s -> steps.computeIfAbsent(s.strategyId(), k -> new ArrayList<>()).add(s));
    List<DunningStrategy> all =
        jdbc.sql("select * from dunning_strategy order by id")
            .query(
                (rs, n) ->
                    new DunningStrategy(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("segment"),
                        rs.getString("channel"),
                        rs.getString("risk_rating"),
                        rs.getString("entity_code"),
                        rs.getBoolean("active"),
                        List.copyOf(steps.getOrDefault(rs.getLong("id"), List.of())),
                        rs.getString("updated_by"),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
            .list();
    return all.stream()
        .sorted(
            Comparator.comparing(DunningStrategy::active)
                .reversed()
                .thenComparing(Comparator.comparingInt(DunningStrategy::specificity).reversed())
                .thenComparingLong(DunningStrategy::id))
        .toList();
  }

  public Optional<DunningStrategy> find(long id) {
    return all().stream().filter(s -> s.id() == id).findFirst();
  }

  /** The strategy that applies to an account: the most specific active match, then the oldest. */
  public Optional<DunningStrategy> strategyFor(Account account) {
    LegalEntity entity = accounts.entitiesById().get(account.entityId());
    return all().stream()
        .filter(DunningStrategy::active)
        .filter(
            s ->
                s.matches(
                    account.segment(),
                    account.channel().name(),
                    account.riskRating(),
                    entity == null ? null : entity.code()))
        .min(
            Comparator.comparingInt(DunningStrategy::specificity)
                .reversed()
                .thenComparingLong(DunningStrategy::id));
  }

  /** The step templates that exist (each has at least its English text). */
  public List<String> templates() {
    List<String> t = templates;
    if (t == null) {
      TreeSet<String> keys = new TreeSet<>();
      try {
        for (Resource r :
            new PathMatchingResourcePatternResolver()
                .getResources("classpath*:templates/mail/dunning-*_en.html")) {
          Matcher m = TEMPLATE_FILE.matcher(String.valueOf(r.getFilename()));
          if (m.find()) {
            keys.add(m.group(1));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      t = List.copyOf(keys);
      templates = t;
    }
    return t;
  }

  /** Whether the signed-in person may edit strategies: a lead or the manager. */
  public boolean mayEdit() {
    return access
        .currentActor()
        .map(a -> a.role() == Role.LEAD || a.role() == Role.MANAGER)
        .orElse(false);
  }

  /** Creates a strategy with its steps (a lead or the manager; audited). */
  @Transactional
  public DunningStrategy create(NewStrategy s) {
    String who = requireEditor();
    if (s.name() == null || s.name().isBlank()) {
      throw new IllegalArgumentException("name: required");
    }
    if (s.channel() != null && !s.channel().equals("DIRECT") && !s.channel().equals("PARTNER")) {
      throw new IllegalArgumentException("channel: DIRECT, PARTNER or any");
    }
    if (s.steps() == null || s.steps().isEmpty()) {
      throw new IllegalArgumentException("steps: a strategy needs at least one step");
    }
    boolean taken =
        all().stream()
            .filter(DunningStrategy::active)
            .anyMatch(
                x ->
                    java.util.Objects.equals(x.segment(), blank(s.segment()))
                        && java.util.Objects.equals(x.channel(), blank(s.channel()))
                        && java.util.Objects.equals(x.riskRating(), blank(s.riskRating()))
                        && java.util.Objects.equals(x.entityCode(), blank(s.entityCode())));
    if (taken) {
      throw new IllegalArgumentException(
          "segment: an active strategy already applies to exactly these accounts");
    }
    long id =
        jdbc.sql(
                """
                insert into dunning_strategy (name, segment, channel, risk_rating, entity_code,
                  updated_by, updated_at) values (?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                s.name().strip(),
                blank(s.segment()),
                blank(s.channel()),
                blank(s.riskRating()),
                blank(s.entityCode()),
                who,
                now())
            .query(Long.class)
            .single();
    TreeSet<Integer> days = new TreeSet<>();
    for (StepDefinition d : s.steps()) {
      validate(d);
      if (!days.add(d.daysFromDue())) {
        throw new IllegalArgumentException("daysFromDue: two steps on day " + d.daysFromDue());
      }
      insertStep(id, d);
    }
    DunningStrategy created = find(id).orElseThrow();
    audit.record("dunning.strategy.created", "dunning-strategy", id, null, created, null);
    return created;
  }

  /** Changes a step of a strategy (a lead or the manager; audited). */
  @Transactional
  public DunningStrategy changeStep(long strategyId, long stepId, StepDefinition d) {
    String who = requireEditor();
    DunningStrategy before = require(strategyId);
    DunningStep step =
        before.steps().stream()
            .filter(s -> s.id() == stepId)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("step: not a step of this strategy"));
    validate(d);
    if (before.steps().stream()
        .anyMatch(s -> s.id() != stepId && s.daysFromDue() == d.daysFromDue())) {
      throw new IllegalArgumentException(
          "daysFromDue: the strategy already has a step on day " + d.daysFromDue());
    }
    boolean used =
        jdbc.sql("select exists (select 1 from dunning_action where step_id = ?)")
            .param(stepId)
            .query(Boolean.class)
            .single();
    if (used) {
      // Actions name the step as it was: retire it and put the changed step in its place.
      jdbc.sql("update dunning_step set retired_at = ? where id = ?")
          .params(now(), stepId)
          .update();
      insertStep(strategyId, d);
    } else {
      jdbc.sql(
              """
              update dunning_step set days_from_due = ?, channel = ?, action = ?, template = ?,
                approval_role = ? where id = ?""")
          .params(
              d.daysFromDue(),
              d.channel().name(),
              d.action().name(),
              d.template(),
              d.approvalRole() == null ? null : d.approvalRole().name(),
              stepId)
          .update();
    }
    touch(strategyId, who);
    DunningStrategy after = require(strategyId);
    audit.record("dunning.step.changed", "dunning-strategy", strategyId, step, d, null);
    return after;
  }

  /** Adds a step to a strategy (a lead or the manager; audited). */
  @Transactional
  public DunningStrategy addStep(long strategyId, StepDefinition d) {
    String who = requireEditor();
    DunningStrategy before = require(strategyId);
    validate(d);
    if (before.steps().stream().anyMatch(s -> s.daysFromDue() == d.daysFromDue())) {
      throw new IllegalArgumentException(
          "daysFromDue: the strategy already has a step on day " + d.daysFromDue());
    }
    insertStep(strategyId, d);
    touch(strategyId, who);
    audit.record("dunning.step.added", "dunning-strategy", strategyId, null, d, null);
    return require(strategyId);
  }

  /** Takes a step out of a strategy; actions already issued keep naming it. */
  @Transactional
  public DunningStrategy retireStep(long strategyId, long stepId) {
    String who = requireEditor();
    DunningStrategy before = require(strategyId);
    DunningStep step =
        before.steps().stream()
            .filter(s -> s.id() == stepId)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("step: not a step of this strategy"));
    if (before.steps().size() == 1) {
      throw new IllegalArgumentException("step: a strategy keeps at least one step");
    }
    jdbc.sql("update dunning_step set retired_at = ? where id = ?").params(now(), stepId).update();
    touch(strategyId, who);
    audit.record("dunning.step.retired", "dunning-strategy", strategyId, step, null, null);
    return require(strategyId);
  }

  private DunningStrategy require(long id) {
    return find(id).orElseThrow(() -> new NoSuchStrategy(id));
  }

  private void validate(StepDefinition d) {
    if (d.channel() == null) {
      throw new IllegalArgumentException("channel: required");
    }
    if (d.action() == null) {
      throw new IllegalArgumentException("action: required");
    }
    if (d.daysFromDue() < -90 || d.daysFromDue() > 720) {
      throw new IllegalArgumentException("daysFromDue: between -90 and 720");
    }
    if (d.template() == null || !templates().contains(d.template())) {
      throw new IllegalArgumentException("template: one of " + String.join(", ", templates()));
    }
    if (d.approvalRole() != null
        && d.approvalRole() != Role.LEAD
        && d.approvalRole() != Role.MANAGER) {
      throw new IllegalArgumentException("approvalRole: a lead or the manager approves");
    }
    if (d.action() == StepAction.DEMAND_LETTER) {
      if (d.approvalRole() == null) {
        throw new IllegalArgumentException("approvalRole: a demand letter needs a lead's approval");
      }
      if (d.channel() != StepChannel.LETTER) {
        throw new IllegalArgumentException("channel: a demand letter is a letter");
      }
    }
    if (d.action() == StepAction.SUSPENSION && d.approvalRole() != Role.MANAGER) {
      throw new IllegalArgumentException("approvalRole: the manager approves a suspension");
    }
    if (d.action() != StepAction.DEMAND_LETTER
        && d.action() != StepAction.SUSPENSION
        && d.approvalRole() != null) {
      throw new IllegalArgumentException(
          "approvalRole: only demand letters and suspensions wait for approval");
    }
  }

  private void insertStep(long strategyId, StepDefinition d) {
    jdbc.sql(
            """
            insert into dunning_step (strategy_id, days_from_due, channel, action, template,
              approval_role) values (?, ?, ?, ?, ?, ?)""")
        .params(
            strategyId,
            d.daysFromDue(),
            d.channel().name(),
            d.action().name(),
            d.template(),
            d.approvalRole() == null ? null : d.approvalRole().name())
        .update();
  }

  private void touch(long strategyId, String who) {
    jdbc.sql("update dunning_strategy set updated_by = ?, updated_at = ? where id = ?")
        .params(who, now(), strategyId)
        .update();
  }

  private String requireEditor() {
    Actor a =
        access
            .currentActor()
            .orElseThrow(() -> new AccessDeniedException("Sign in to edit strategies"));
    if (a.role() != Role.LEAD && a.role() != Role.MANAGER) {
      throw new AccessDeniedException("A lead or the manager edits dunning strategies");
    }
    return a.username();
  }

  static DunningStep step(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    String role = rs.getString("approval_role");
    return new DunningStep(
        rs.getLong("id"),
        rs.getLong("strategy_id"),
        rs.getInt("days_from_due"),
        StepChannel.valueOf(rs.getString("channel")),
        StepAction.valueOf(rs.getString("action")),
        rs.getString("template"),
        role == null ? null : Role.valueOf(role));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** No strategy with this id; pages answer 404. */
  public static class NoSuchStrategy extends dev.recoup.shared.NoSuchRecord {
    public NoSuchStrategy(long id) {
      super("No dunning strategy " + id);
    }
  }
}
