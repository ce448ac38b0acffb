package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.Ledger;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Quarter-end campaigns: a lead takes every account past due over a threshold (in the reporting
 * currency, optionally one region) and spreads them across chosen collectors, largest first to
 * whoever has the least so far. While the campaign runs the accounts sit on their assignees'
 * worklists; progress (accounts touched, cash collected since the start) is computed when asked.
 */
@Service
public class Campaigns {

  public record Campaign(
      long id,
      String name,
      LocalDate startsOn,
      LocalDate endsOn,
      BigDecimal minPastDue,
      String region) {}

  /** One assignee's share of a campaign and how far it has got. */
  public record Progress(
      String assignee, long accounts, long touched, Money pastDueAtStart, Money collected) {}

  private final JdbcClient jdbc;
  private final Access access;
  private final AuditTrail audit;
  private final Aging aging;
  private final Ledger ledger;
  private final Clock clock;
  private final String reportingCurrency;

  Campaigns(
      JdbcClient jdbc,
      Access access,
      AuditTrail audit,
      Aging aging,
      Ledger ledger,
      Clock clock,
      @Value("${recoup.reporting-currency:USD}") String reportingCurrency) {
    this.jdbc = jdbc;
    this.access = access;
    this.audit = audit;
    this.aging = aging;
    this.ledger = ledger;
    this.clock = clock;
    this.reportingCurrency = reportingCurrency;
  }

  @Transactional
  public Campaign launch(
      String name, LocalDate endsOn, BigDecimal minPastDue, String region, List<String> assignees) {
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    if (me.role() != Role.LEAD && me.role() != Role.MANAGER && me.role() != Role.ADMIN) {
      throw new AccessDeniedException("Campaigns are launched by leads and managers");
    }
    LocalDate today = aging.today();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: give the campaign a name");
    }
    if (endsOn == null || endsOn.isBefore(today)) {
      throw new IllegalArgumentException("endsOn: cannot end before today");
    }
    if (minPastDue == null || minPastDue.signum() < 0) {
      throw new IllegalArgumentException("minPastDue: zero or more");
    }
    List<User> team = new ArrayList<>();
    for (String username : assignees == null ? List.<String>of() : assignees) {
      team.add(
          access
              .user(username)
              .filter(u -> u.role() == Role.COLLECTOR || u.role() == Role.LEAD)
              .orElseThrow(
                  () -> new IllegalArgumentException("assignees: no collector " + username)));
    }
    if (team.isEmpty()) {
      throw new IllegalArgumentException("assignees: choose who works the campaign");
    }
    long id =
        jdbc.sql(
                """
                insert into campaign (name, starts_on, ends_on, min_past_due_rc, region, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                name.trim(),
                today,
                endsOn,
                minPastDue,
                blank(region),
                me.username(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
            .query(Long.class)
            .single();
    record Pick(long account, BigDecimal pastDue) {}
    List<Pick> picks =
        jdbc.sql(
                """
                select a.id, s.past_due_rc from customer_account a join account_summary s on s.account_id = a.id
                where s.past_due_rc >= :min and (cast(:region as varchar) is null or a.region = :region)
                  and not a.legal_hold and a.status not in ('WRITTEN_OFF', 'BANKRUPT')
                order by s.past_due_rc desc, a.id""")
            .param("min", minPastDue)
            .param("region", blank(region))
            .query((rs, n) -> new Pick(rs.getLong(1), rs.getBigDecimal(2)))
            .list();
    // Largest first to whoever holds the least so far: the shares come out nearly even in amount.
    BigDecimal[] load = new BigDecimal[team.size()];
    java.util.Arrays.fill(load, BigDecimal.ZERO);
    List<Object[]> rows = new ArrayList<>();
    for (Pick p : picks) {
      int least = 0;
      for (int i = 1; i < load.length; i++) {
        if (load[i].compareTo(load[least]) < 0) {
          least = i;
        }
      }
      load[least] = load[least].add(p.pastDue());
      rows.add(new Object[] {id, p.account(), team.get(least).id().value(), p.pastDue()});
    }
    for (Object[] r : rows) {
      jdbc.sql(
              "insert into campaign_account (campaign_id, account_id, assignee_id, past_due_rc_at_start) values (?, ?, ?, ?)")
          .params(r)
          .update();
    }
    Campaign c = find(id);
    audit.record(
        "campaign.launched",
        "campaign",
        id,
        null,
        Map.of(
            "campaign",
            c,
            "accounts",
            rows.size(),
            "assignees",
            team.stream().map(User::username).toList()),
        null);
    return c;
  }

  public Campaign find(long id) {
    return jdbc.sql("select * from campaign where id = ?")
        .param(id)
        .query(Campaigns::map)
        .optional()
        .orElseThrow(() -> new IllegalArgumentException("id: no campaign " + id));
  }

  /** Campaigns running on a date, newest first. */
  public List<Campaign> running(LocalDate date) {
    return jdbc.sql("select * from campaign where starts_on <= ? and ? <= ends_on order by id desc")
        .params(date, date)
        .query(Campaigns::map)
        .list();
  }

  /** Progress per assignee: accounts, touched since the start, past due at start, cash since. */
  public List<Progress> progress(long campaignId) {
    Campaign c = find(campaignId);
    LocalDate today = aging.today();
    record Share(long account, String assignee, BigDecimal pastDue, boolean touched) {}
    List<Share> shares =
        jdbc.sql(
                """
                select ca.account_id, u.username, ca.past_due_rc_at_start,
                       exists (select 1 from activity x where x.account_id = ca.account_id
                               and x.occurred_at >= :start) as touched
                from campaign_account ca join app_user u on u.id = ca.assignee_id
                where ca.campaign_id = :id""")
            .param("id", campaignId)
            .param("start", c.startsOn().atStartOfDay().atOffset(ZoneOffset.UTC))
            .query(
                (rs, n) ->
                    new Share(
                        rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getBoolean(4)))
            .list();
    Map<Long, Money> cash =
        ledger.cashCollectedFrom(shares.stream().map(Share::account).toList(), c.startsOn(), today);
    Money zero = Money.zero(reportingCurrency);
    Map<String, Progress> byAssignee = new LinkedHashMap<>();
    for (Share s : shares) {
      Progress p =
          byAssignee.getOrDefault(s.assignee(), new Progress(s.assignee(), 0, 0, zero, zero));
      byAssignee.put(
          s.assignee(),
          new Progress(
              s.assignee(),
              p.accounts() + 1,
              p.touched() + (s.touched() ? 1 : 0),
              p.pastDueAtStart().plus(Money.ofStored(s.pastDue(), reportingCurrency)),
              p.collected().plus(cash.getOrDefault(s.account(), zero))));
    }
    return byAssignee.values().stream().sorted(Comparator.comparing(Progress::assignee)).toList();
  }

  private static Campaign map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Campaign(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getObject("starts_on", LocalDate.class),
        rs.getObject("ends_on", LocalDate.class),
        rs.getBigDecimal("min_past_due_rc"),
        rs.getString("region"));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
