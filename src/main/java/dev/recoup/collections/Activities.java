package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account timeline: calls (with outcome), notes, meetings, e-mails and escalations, each with
 * who and when. Logging one re-ranks the account on the worklists at once.
 */
@Service
public class Activities {

  private final JdbcClient jdbc;
  private final Portfolios portfolios;
  private final Access access;
  private final AuditTrail audit;
  private final Worklists worklists;
  private final Aging aging;
  private final Accounts accounts;
  private final Clock clock;

  Activities(
      JdbcClient jdbc,
      Portfolios portfolios,
      Access access,
      AuditTrail audit,
      Worklists worklists,
      Aging aging,
      Accounts accounts,
      Clock clock) {
    this.jdbc = jdbc;
    this.portfolios = portfolios;
    this.access = access;
    this.audit = audit;
    this.worklists = worklists;
    this.aging = aging;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** Logs a call, note or meeting on an account the actor may work. */
  @Transactional
  public Activity log(AccountId account, NewActivity a) {
    portfolios.requireMayWork(account);
    if (a.kind() == ActivityKind.CALL && a.outcome() == null) {
      throw new IllegalArgumentException("outcome: a call needs its outcome");
    }
    if (a.kind() != ActivityKind.CALL && a.outcome() != null) {
      throw new IllegalArgumentException("outcome: only calls have an outcome");
    }
    if (a.kind() == ActivityKind.EMAIL || a.kind() == ActivityKind.ESCALATION) {
      throw new IllegalArgumentException("kind: e-mails and escalations have their own actions");
    }
    if (a.nextActionOn() != null && a.nextActionOn().isBefore(aging.today())) {
      throw new IllegalArgumentException("nextActionOn: the next action cannot be in the past");
    }
    if (a.contactId() != null
        && accounts.contacts(account).stream().noneMatch(c -> c.id() == a.contactId())) {
      throw new IllegalArgumentException("contactId: not a contact of this account");
    }
    return record(
        account,
        a.kind(),
        a.outcome(),
        a.contactId(),
        null,
        a.notes(),
        a.nextAction(),
        a.nextActionOn(),
        null);
  }

  /** Records an activity of any kind; callers have checked the actor may work the account. */
  @Transactional
  Activity record(
      AccountId account,
      ActivityKind kind,
      CallOutcome outcome,
      Long contactId,
      String subject,
      String notes,
      String nextAction,
      LocalDate nextActionOn,
      Long outboxMessageId) {
    Instant at = Instant.now(clock);
    String actor = access.currentActor().map(Actor::username).orElse("system");
    long id =
        jdbc.sql(
                """
                insert into activity (account_id, kind, outcome, contact_id, subject, notes, next_action,
                  next_action_on, outbox_message_id, actor, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                account.value(),
                kind.name(),
                outcome == null ? null : outcome.name(),
                contactId,
                subject,
                notes,
                blankToNull(nextAction),
                nextActionOn,
                outboxMessageId,
                actor,
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .query(Long.class)
            .single();
    Activity activity =
        new Activity(
            id,
            account,
            kind,
            outcome,
            contactId,
            subject,
            notes,
            blankToNull(nextAction),
            nextActionOn,
            outboxMessageId,
            actor,
            at);
    audit.record(
        "activity." + kind.name().toLowerCase(), "account", account.value(), null, activity, null);
    worklists.refresh(account, aging.today());
    return activity;
  }

  /** Whether the signed-in person may work this account today (its portfolio or one it covers). */
  public boolean mayWork(dev.recoup.accounts.Account account) {
    return portfolios.mayWork(account);
  }

  /** The account's timeline, newest first. */
  public List<Activity> timeline(AccountId account, int limit) {
    return jdbc.sql(
            "select * from activity where account_id = ? order by occurred_at desc, id desc limit ?")
        .params(account.value(), limit)
        .query(
            (rs, n) ->
                new Activity(
                    rs.getLong("id"),
                    new AccountId(rs.getLong("account_id")),
                    ActivityKind.valueOf(rs.getString("kind")),
                    rs.getString("outcome") == null
                        ? null
                        : CallOutcome.valueOf(rs.getString("outcome")),
                    (Long) rs.getObject("contact_id"),
                    rs.getString("subject"),
                    rs.getString("notes"),
                    rs.getString("next_action"),
                    rs.getObject("next_action_on", LocalDate.class),
                    (Long) rs.getObject("outbox_message_id"),
                    rs.getString("actor"),
                    rs.getObject("occurred_at", OffsetDateTime.class).toInstant()))
        .list();
  }

  /** Accounts each person touched on a date (for the team board): username to count. */
  public java.util.Map<String, Long> touchedOn(LocalDate date) {
    java.util.Map<String, Long> touched = new java.util.HashMap<>();
    jdbc.sql(
            """
            select actor, count(distinct account_id) from activity
            where occurred_at >= ? and occurred_at < ? group by actor""")
        .params(
            date.atStartOfDay().atOffset(ZoneOffset.UTC),
            date.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> touched.put(rs.getString(1), rs.getLong(2)));
    return touched;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
