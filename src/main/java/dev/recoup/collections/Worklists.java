package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Worklists: which accounts each collector should work today, in which order, and why. The ranking
 * is computed set-based into {@code worklist_item} (nightly for everyone, and for one account when
 * something happens on it); reading a worklist is then one indexed query.
 */
@Service
public class Worklists {

  private final JdbcClient jdbc;
  private final WorklistWeights weights;
  private final Absences absences;
  private final Access access;
  private final String reportingCurrency;

  Worklists(
      JdbcClient jdbc,
      WorklistWeights weights,
      Absences absences,
      Access access,
      @Value("${recoup.reporting-currency:USD}") String reportingCurrency) {
    this.jdbc = jdbc;
    this.weights = weights;
    this.absences = absences;
    this.access = access;
    this.reportingCurrency = reportingCurrency;
  }

  /** Re-ranks every account as of a date. Returns the number of accounts that need work. */
  @Transactional
  public int refresh(LocalDate asOf) {
    // Truncate, not delete: no dead rows to vacuum after a nightly rewrite. Readers wait for the
    // commit (a fraction of a second) rather than see a half-ranked list.
    jdbc.sql("truncate worklist_item").update();
    return jdbc.sql(rankingSql(null)).params(params(asOf, null)).update();
  }

  /** Re-ranks one account, after something happened on it. */
  @Transactional
  public void refresh(AccountId account, LocalDate asOf) {
    jdbc.sql("delete from worklist_item where account_id = ?").param(account.value()).update();
    jdbc.sql(rankingSql(" = :account")).params(params(asOf, account.value())).update();
  }

  /** Re-ranks some accounts at once, after a bulk posting on them (an auto-apply run). */
  @Transactional
  public void refresh(java.util.Collection<AccountId> accounts, LocalDate asOf) {
    if (accounts.isEmpty()) {
      return;
    }
    Long[] ids = accounts.stream().map(AccountId::value).distinct().toArray(Long[]::new);
    jdbc.sql("delete from worklist_item where account_id = any(?)").param(ids).update();
    Map<String, Object> p = params(asOf, null);
    p.put("accounts", ids);
    jdbc.sql(rankingSql(" = any(:accounts)")).params(p).update();
  }

  /** The date the worklists were last ranked for, if ever. */
  public java.util.Optional<LocalDate> rankedAsOf() {
    return jdbc.sql("select max(as_of) from worklist_item").query(LocalDate.class).optional();
  }

  /**
   * A person's worklist on a date: its own accounts plus those of collectors it covers, best first,
   * leaving out accounts already touched that day and those whose next action is later.
   */
  @Transactional(readOnly = true)
  public List<WorklistRow> of(User user, LocalDate asOf, int limit) {
    Map<Long, String> covered = absences.coveredBy(user.id(), asOf);
    List<Long> owners = new ArrayList<>(covered.keySet());
    owners.add(user.id().value());
    return ranked(owners, user.id().value(), Queue.ALL, asOf, limit, covered);
  }

  /** A queue: the accounts of a channel, region, segment or entity (blank = any). */
  public record Queue(String channel, String region, String segment, Long entityId) {
    public static final Queue ALL = new Queue(null, null, null, null);

    public boolean isAll() {
      return blank(channel) && blank(region) && blank(segment) && entityId == null;
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }
  }

  /**
   * A lead's view of a queue across its team (a manager's across everyone): the team's worklist
   * rows of that channel, region, segment or entity, best first, each with its owner.
   */
  @Transactional(readOnly = true)
  public List<WorklistRow> queue(User viewer, Queue queue, LocalDate asOf, int limit) {
    List<Long> owners =
        access.users().stream().filter(u -> mayRead(viewer, u)).map(u -> u.id().value()).toList();
    return ranked(owners, null, queue, asOf, limit, Map.of());
  }

  private List<WorklistRow> ranked(
      List<Long> owners,
      Long campaignAssignee,
      Queue queue,
      LocalDate asOf,
      int limit,
      Map<Long, String> covered) {
    if (owners.isEmpty()) {
      return List.of();
    }
    Instant startOfDay = asOf.atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("owners", owners);
    p.put("asOf", asOf);
    p.put("startOfDay", OffsetDateTime.ofInstant(startOfDay, ZoneOffset.UTC));
    p.put("limit", limit);
    p.put("assignee", campaignAssignee == null ? -1L : campaignAssignee);
    StringBuilder filters = new StringBuilder();
    if (!Queue.blank(queue.channel())) {
      filters.append(" and a.channel = :channel");
      p.put("channel", queue.channel());
    }
    if (!Queue.blank(queue.region())) {
      filters.append(" and a.region = :region");
      p.put("region", queue.region());
    }
    if (!Queue.blank(queue.segment())) {
      filters.append(" and a.segment = :segment");
      p.put("segment", queue.segment());
    }
    if (queue.entityId() != null) {
      filters.append(" and a.entity_id = :entity");
      p.put("entity", queue.entityId());
    }
    return jdbc.sql(
            """
            select w.*, a.name, a.owner_id, a.do_not_contact, u.username as owner_name,
                   (select c.name from campaign_account ca join campaign c on c.id = ca.campaign_id
                    where ca.account_id = a.id and ca.assignee_id = :assignee
                      and :asOf between c.starts_on and c.ends_on
                    order by c.id desc limit 1) as campaign_name
            from worklist_item w
            join customer_account a on a.id = w.account_id
            left join app_user u on u.id = a.owner_id
            where (a.owner_id in (:owners)
                   or a.id in (select ca.account_id from campaign_account ca
                               join campaign c on c.id = ca.campaign_id
                               where ca.assignee_id = :assignee
                                 and :asOf between c.starts_on and c.ends_on))"""
                + DUE_TODAY
                + filters
                + " order by w.score desc, w.account_id limit :limit")
        .params(p)
        .query((rs, n) -> row(rs, covered))
        .list();
  }

  /**
   * Which ranked rows are on today's list: not snoozed by a later next action, not touched yet
   * today. The page and the team board count the same way.
   */
  private static final String DUE_TODAY =
      " and (w.next_action_on is null or w.next_action_on <= :asOf)"
          + " and (w.last_touch_at is null or w.last_touch_at < :startOfDay)";

  /** How many accounts are on each owner's worklist today (for the team board). */
  public Map<Long, Long> sizes(LocalDate asOf) {
    Instant startOfDay = asOf.atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<Long, Long> sizes = new java.util.HashMap<>();
    jdbc.sql(
            """
            select a.owner_id, count(*) from worklist_item w join customer_account a on a.id = w.account_id
            where a.owner_id is not null"""
                + DUE_TODAY
                + " group by a.owner_id")
        .param("asOf", asOf)
        .param("startOfDay", OffsetDateTime.ofInstant(startOfDay, ZoneOffset.UTC))
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> sizes.put(rs.getLong(1), rs.getLong(2)));
    return sizes;
  }

  private Map<String, Object> params(LocalDate asOf, Long account) {
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("asOf", asOf);
    p.put("wAmount", weights.amount);
    p.put("wOverdue", weights.overdue);
    p.put("wHabit", weights.habit);
    p.put("wRun", weights.paymentRun);
    p.put("wRisk", weights.risk);
    p.put("wUntouched", weights.untouched);
    p.put("wFollowUp", weights.followUp);
    p.put("wTotal", weights.total());
    if (account != null) {
      p.put("account", account);
    }
    return p;
  }

  /**
   * The ranking in one statement. Factors, each 0-100: amount past due in the reporting currency
   * (logarithmic: 1k = 60, 100k = 100), oldest item's days past due (120+ = 100), usual days beyond
   * terms (60+ = 100), the customer's next AP payment run in 1-3 business days (100; today 50:
   * remind before the run, not after), risk rating, days since the last touch (30+ or never = 100),
   * and a follow-up that has come due (100). Legal holds and written-off or bankrupt accounts are
   * left to their own processes.
   */
  static String rankingSql(String accountMatch) {
    String select = rankingSelect(accountMatch);
    int at = select.indexOf("select id, :asOf,");
    return select.substring(0, at)
        + """
        insert into worklist_item (account_id, as_of, score, past_due_rc, max_days_past_due,
          avg_days_late, next_run_on, last_touch_at, next_action, next_action_on, f_amount, f_overdue,
          f_habit, f_payment_run, f_risk, f_untouched, f_follow_up)
        """
        + select.substring(at);
  }

  /**
   * The ranking's rows read by a client without storing them: the raw-SQL reference of the refresh.
   * Every column is fetched, so the database computes everything the refresh stores.
   */
  int rankRaw(LocalDate asOf) {
    String select = rankingSelect(null);
    int[] rows = new int[1];
    jdbc.sql(select)
        .params(params(asOf, null))
        .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> rows[0]++);
    return rows[0];
  }

  /** {@code accountMatch}: the condition on an account id for some accounts; null for all. */
  static String rankingSelect(String accountMatch) {
    String touchFilter = accountMatch == null ? "" : "and account_id" + accountMatch;
    String accountFilter = accountMatch == null ? "" : "and a.id" + accountMatch;
    return """
        with touch as (
          -- the last time a person worked the account (what Recoup itself logs is not a touch)
          select distinct on (account_id) account_id, occurred_at
          from activity where actor <> 'system' %1$s
          order by account_id, occurred_at desc, id desc),
        follow_up as (
          -- the next action set by the latest human activity, or by Recoup when something happened
          -- (a broken promise); a later human activity without one clears it
          select distinct on (account_id) account_id, next_action, next_action_on
          from activity where (actor <> 'system' or next_action_on is not null) %1$s
          order by account_id, occurred_at desc, id desc),
        run_days as materialized (
          -- the next two weeks' business days of each entity, with their weekday code (MON...)
          select e.id as entity_id, d::date as day, upper(to_char(d, 'DY')) as dy
          from legal_entity e,
               generate_series(cast(:asOf as date), cast(:asOf as date) + 13, interval '1 day') d
          where extract(isodow from d) < 6
            and not exists (select 1 from entity_holiday h
                            where h.entity_id = e.id and h.holiday = d::date)),
        next_runs as materialized (
          select a.id as account_id, min(x.day) as next_run_on
          from customer_account a
          join run_days x on x.entity_id = a.entity_id and position(x.dy in a.payment_run_days) > 0
          where a.payment_run_days <> '' %2$s
          group by a.id),
        base as materialized (
          -- collectible past due: what is under dispute is not chased until the dispute resolves
          select a.id, s.past_due_rc - s.disputed_past_due_rc as past_due_rc, s.max_days_past_due, s.avg_days_late, a.risk_rating,
                 t.occurred_at as last_touch_at, f.next_action, f.next_action_on,
                 r.next_run_on
          from customer_account a
          join account_summary s on s.account_id = a.id
          left join touch t on t.account_id = a.id
          left join follow_up f on f.account_id = a.id
          left join next_runs r on r.account_id = a.id
          where not a.legal_hold and a.status not in ('WRITTEN_OFF', 'BANKRUPT') %2$s
            and (s.past_due_rc - s.disputed_past_due_rc > 0 or f.next_action_on <= :asOf)),
        factors as (
          select b.*,
            -- binary floating point is fine for a 0-100 ranking factor (never for the amounts)
            least(100, greatest(0, round(20 * log(cast(1 + b.past_due_rc as float8)))))::int as f_amount,
            least(100, greatest(0, b.max_days_past_due * 100 / 120))::int as f_overdue,
            least(100, greatest(0, round(b.avg_days_late * 100 / 60)))::int as f_habit,
            case when b.past_due_rc > 0 and b.next_run_on - cast(:asOf as date) between 1 and 3 then 100
                 when b.past_due_rc > 0 and b.next_run_on = :asOf then 50 else 0 end as f_payment_run,
            case b.risk_rating when 'HIGH' then 100 when 'MEDIUM' then 50 else 0 end as f_risk,
            case when b.last_touch_at is null then 100
                 else least(100, greatest(0, (cast(:asOf as date)
                      - cast(b.last_touch_at at time zone 'UTC' as date)) * 100 / 30)) end as f_untouched,
            case when b.next_action_on <= :asOf then 100 else 0 end as f_follow_up
          from base b)
        select id, :asOf,
          round(cast(:wAmount * f_amount + :wOverdue * f_overdue + :wHabit * f_habit
                     + :wRun * f_payment_run + :wRisk * f_risk + :wUntouched * f_untouched
                     + :wFollowUp * f_follow_up as numeric) / :wTotal, 2),
          past_due_rc, max_days_past_due, avg_days_late, next_run_on, last_touch_at, next_action,
          next_action_on, f_amount, f_overdue, f_habit, f_payment_run, f_risk, f_untouched, f_follow_up
        from factors
        """
        .formatted(touchFilter, accountFilter);
  }

  private WorklistRow row(ResultSet rs, Map<Long, String> covered) throws SQLException {
    Money pastDue = Money.ofStored(rs.getBigDecimal("past_due_rc"), reportingCurrency);
    int dpd = rs.getInt("max_days_past_due");
    BigDecimal late = rs.getBigDecimal("avg_days_late");
    LocalDate run = rs.getObject("next_run_on", LocalDate.class);
    OffsetDateTime touch = rs.getObject("last_touch_at", OffsetDateTime.class);
    String nextAction = rs.getString("next_action");
    LocalDate nextActionOn = rs.getObject("next_action_on", LocalDate.class);
    LocalDate asOf = rs.getObject("as_of", LocalDate.class);
    record Reason(int weight, String words) {}
    List<Reason> reasons = new ArrayList<>();
    reasons.add(new Reason(weights.amount * rs.getInt("f_amount"), money(pastDue) + " past due"));
    reasons.add(
        new Reason(
            weights.overdue * rs.getInt("f_overdue"), "oldest item " + dpd + " days past due"));
    reasons.add(
        new Reason(
            weights.habit * rs.getInt("f_habit"),
            "usually pays " + late.stripTrailingZeros().toPlainString() + " days late"));
    if (run != null) {
      reasons.add(
          new Reason(
              weights.paymentRun * rs.getInt("f_payment_run"),
              "AP payment run on "
                  + run.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
                  + " "
                  + run
                  + (run.equals(asOf) ? ": today, call before it runs" : ": remind before it")));
    }
    reasons.add(new Reason(weights.risk * rs.getInt("f_risk"), "high risk"));
    reasons.add(
        new Reason(
            weights.untouched * rs.getInt("f_untouched"),
            touch == null
                ? "never contacted"
                : "not touched for "
                    + java.time.temporal.ChronoUnit.DAYS.between(touch.toLocalDate(), asOf)
                    + " days"));
    if (nextActionOn != null) {
      reasons.add(
          new Reason(
              weights.followUp * rs.getInt("f_follow_up"),
              "follow-up due since "
                  + nextActionOn
                  + (nextAction == null ? "" : ": " + nextAction)));
    }
    List<String> top =
        reasons.stream()
            .filter(r -> r.weight() > 0)
            .sorted(Comparator.comparingInt(Reason::weight).reversed())
            .limit(3)
            .map(Reason::words)
            .toList();
    String action;
    if (nextActionOn != null && !nextActionOn.isAfter(asOf) && nextAction != null) {
      action = nextAction;
    } else if (rs.getInt("f_payment_run") > 0) {
      action =
          run.equals(asOf)
              ? "Call AP now: its payment run is today"
              : "Send a reminder before the AP payment run on " + run;
    } else if (touch == null || rs.getInt("f_untouched") >= 100) {
      action = "Call the AP contact";
    } else {
      action = "Follow up on the past-due items";
    }
    long owner = rs.getLong("owner_id");
    return new WorklistRow(
        rs.getLong("account_id"),
        rs.getString("name"),
        rs.getString("owner_name"),
        covered.get(owner),
        rs.getString("campaign_name"),
        rs.getBigDecimal("score"),
        top,
        action,
        pastDue,
        dpd,
        late,
        run,
        touch == null ? null : touch.toInstant(),
        rs.getBoolean("do_not_contact"));
  }

  private static String money(Money m) {
    return m.currencyCode() + " " + NumberFormat.getIntegerInstance(Locale.US).format(m.amount());
  }

  /**
   * Who may read whose worklist: oneself; a lead its team; managers, admins and auditors anyone.
   */
  public boolean mayRead(User viewer, User owner) {
    return switch (viewer.role()) {
      case MANAGER, ADMIN, AUDITOR -> true;
      case LEAD -> owner.id().equals(viewer.id()) || viewer.id().equals(owner.leadId());
      default -> owner.id().equals(viewer.id());
    };
  }
}
