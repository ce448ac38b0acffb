package dev.recoup.dunning;

import dev.recoup.promises.Pauses;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The set-based heart of a run: one statement selects the due (item, step) pairs of the whole
 * portfolio (or a scope) for a business date, one more decides each account's outcome under the
 * contact rules. Used by the run (which persists), the preview (which rolls back) and the P6
 * benchmark (whose reference is the bare selection).
 *
 * <p>An item is due a step when it is open and collectible (open amount above its disputed part),
 * not paused by a promise or plan, its account has a strategy and no holiday of its entity falls on
 * the date, and the highest step it has reached (due date + the step's days on or before the date)
 * lies beyond every step already issued for it. Steps skipped while an item was paused or deferred
 * are not sent late: only the highest one reached is. A reminder is pulled forward to the run
 * before the customer's next AP payment run when it would otherwise arrive on or after that run.
 */
@Component
class DuePlanner {

  /** The due (item, step) pairs: columns of the temporary table {@code dunning_due}. */
  static String selection(boolean scoped) {
    return """
        with strat as materialized (
          select s.id, s.segment, s.channel, s.risk_rating, s.entity_code,
                 (s.segment is not null)::int + (s.channel is not null)::int
                   + (s.risk_rating is not null)::int + (s.entity_code is not null)::int as specificity
          from dunning_strategy s where s.active),
        kinds as materialized (
          select distinct a.segment, a.channel, a.risk_rating, a.entity_id from customer_account a),
        kind_strategy as materialized (
          select k.segment, k.channel, k.risk_rating, k.entity_id,
            (select st.id from strat st
             where (st.segment is null or st.segment = k.segment)
               and (st.channel is null or st.channel = k.channel)
               and (st.risk_rating is null or st.risk_rating = k.risk_rating)
               and (st.entity_code is null or st.entity_code = e.code)
             order by st.specificity desc, st.id limit 1) as strategy_id
          from kinds k join legal_entity e on e.id = k.entity_id),
        run_days as materialized (
          select r.payment_run_days,
            (select min(cast(:runDate as date) + g) from generate_series(1, 7) g
             where strpos(r.payment_run_days, to_char(cast(:runDate as date) + g, 'DY')) > 0)
              as next_run
          from (select distinct payment_run_days from customer_account
                where payment_run_days <> '') r),
        acct_run as materialized (
          select a.id, ks.strategy_id, rd.next_run
          from customer_account a
          join kind_strategy ks on ks.segment = a.segment and ks.channel = a.channel
            and ks.risk_rating = a.risk_rating and ks.entity_id = a.entity_id
          left join run_days rd on rd.payment_run_days = a.payment_run_days
          where ks.strategy_id is not null
            and not exists (select 1 from entity_holiday h
                            where h.entity_id = a.entity_id and h.holiday = :runDate)
            %s),
        steps as materialized (
          select strategy_id, id, days_from_due, action, channel, approval_role
          from dunning_step where retired_at is null),
        ladder as (
          select strategy_id, id, days_from_due, action, channel, approval_role from steps
          union all
          select distinct strategy_id, null::bigint, -100000, null, null, null from steps),
        ranges as materialized (
          select strategy_id, id as step_id, days_from_due as from_days, action, channel, approval_role,
                 lead(days_from_due, 1, 100000) over w as to_days,
                 lead(id) over w as next_id, lead(days_from_due) over w as next_days,
                 lead(action) over w as next_action, lead(channel) over w as next_channel,
                 lead(approval_role) over w as next_role
          from ladder window w as (partition by strategy_id order by days_from_due)),
        items as (
          select i.id as invoice_id, i.account_id, i.currency,
                 i.open_amount - i.disputed_amount as collectible, i.due_date,
                 ar.strategy_id, ar.next_run, cast(:runDate as date) - i.due_date as dpd
          from invoice i join acct_run ar on ar.id = i.account_id
          where i.open_amount > 0 and i.open_amount > i.disputed_amount
            and i.due_date <= cast(:runDate as date)
                 + (select coalesce(max(-days_from_due), 0) + 14 from steps)
            and i.id not in (%s)),
        placed as (
          select it.*, r.step_id, r.from_days, r.action, r.channel, r.approval_role,
                 r.next_id, r.next_days, r.next_action, r.next_channel, r.next_role,
                 coalesce(r.next_action = 'REMINDER' and it.next_run is not null
                  and it.next_run <= cast(:horizon as date) and it.due_date <= it.next_run
                  and it.due_date + r.next_days + case extract(isodow from it.due_date + r.next_days)
                        when 6 then 2 when 7 then 1 else 0 end >= it.next_run
                  and it.due_date + r.next_days + case extract(isodow from it.due_date + r.next_days)
                        when 6 then 2 when 7 then 1 else 0 end < it.next_run + 7, false) as pull
          from items it join ranges r on r.strategy_id = it.strategy_id
           and it.dpd >= r.from_days and it.dpd < r.to_days),
        chosen as materialized (
          select invoice_id, account_id, currency, collectible, strategy_id, pull as pulled_forward,
                 case when pull then next_id else step_id end as step_id,
                 case when pull then next_days else from_days end as days_from_due,
                 case when pull then next_action else action end as action,
                 case when pull then next_channel else channel end as channel,
                 case when pull then next_role else approval_role end as approval_role
          from placed where pull or step_id is not null)
        select c.invoice_id, c.account_id, c.currency, c.collectible, c.strategy_id, c.step_id,
               c.days_from_due, c.action, c.channel, c.approval_role, c.pulled_forward
        from chosen c
        where not exists (select 1 from dunning_action x
                          where x.invoice_id = c.invoice_id and x.days_from_due >= c.days_from_due)
        """
        .formatted(scoped ? "and a.id = any(:scope)" : "", Pauses.PAUSED_INVOICE_IDS);
  }

  static final String CREATE_DUE =
      """
      create temporary table dunning_due (
        invoice_id bigint, account_id bigint, currency char(3), collectible numeric(19,4),
        strategy_id bigint, step_id bigint, days_from_due int, action varchar(24),
        channel varchar(16), approval_role varchar(8), pulled_forward boolean) on commit drop""";

  /**
   * Each account with due steps, and what the contact rules decide for it: skipped (legal hold,
   * do-not-contact, in legal, bankrupt or written off, nobody to write to) or deferred (the weekly
   * cap reached, or a person touched it within the cool-down) or issued.
   */
  static final String OUTCOMES =
      """
      with d as (
        select account_id, count(*) as items,
               bool_or(channel in ('EMAIL', 'LETTER')) as writes,
               (array_agg(action order by days_from_due desc))[1] as top_action
        from dunning_due group by account_id),
      recent as (
        select l.account_id, count(*) as letters from dunning_letter l
        where l.business_date between cast(:runDate as date) - 6 and cast(:runDate as date) - 1
        group by l.account_id),
      reachable as (
        select distinct c.account_id from contact c where c.email is not null and c.email <> ''),
      judged as (
        select d.account_id, d.items, d.top_action,
          case
            when a.legal_hold then 'legal hold'
            when a.do_not_contact then 'do not contact'
            when a.status in ('IN_LEGAL', 'BANKRUPT', 'WRITTEN_OFF')
              then 'account ' || lower(replace(a.status, '_', ' '))
            when d.writes and r.account_id is null then 'no contact with an e-mail address'
          end as skip_reason,
          coalesce(rl.letters, 0) as recent_letters,
          (select max(t.occurred_at) from activity t where t.account_id = d.account_id
             and t.kind in ('CALL', 'EMAIL', 'MEETING') and t.actor <> 'dunning'
             and t.occurred_at >= :coolFrom and t.occurred_at < :coolUntil) as last_touch
        from d join customer_account a on a.id = d.account_id
        left join reachable r on r.account_id = d.account_id
        left join recent rl on rl.account_id = d.account_id)
      select account_id, items, top_action,
        case when skip_reason is not null then 'SKIPPED'
             when recent_letters >= :cap or last_touch is not null then 'DEFERRED'
             else 'ISSUED' end as outcome,
        coalesce(skip_reason,
          case when recent_letters >= :cap
                 then 'contact cap: ' || recent_letters || ' messages in the last 7 days'
               when last_touch is not null
                 then 'cool-down: touched ' || to_char(last_touch at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC'
          end) as reason
      from judged""";

  private final JdbcClient jdbc;
  private final ContactRules rules;

  DuePlanner(JdbcClient jdbc, ContactRules rules) {
    this.jdbc = jdbc;
    this.rules = rules;
  }

  /**
   * Fills {@code dunning_due} (dropped at commit) with the due pairs. Runs in the caller's
   * transaction.
   */
  int selectDue(LocalDate runDate, RunScope scope) {
    jdbc.sql(CREATE_DUE).update();
    return jdbc.sql("insert into dunning_due " + selection(!scope.isPortfolio()))
        .params(selectionParams(runDate, scope))
        .update();
  }

  /**
   * The due pairs read by a client without storing them: the P6 benchmark's raw-SQL reference.
   * Every column is fetched, so the database computes everything the run stores.
   */
  long readDue(LocalDate runDate, RunScope scope) {
    long[] rows = new long[1];
    jdbc.sql(selection(!scope.isPortfolio()))
        .params(selectionParams(runDate, scope))
        .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> rows[0]++);
    return rows[0];
  }

  Map<String, Object> selectionParams(LocalDate runDate, RunScope scope) {
    Map<String, Object> p = new HashMap<>();
    p.put("runDate", runDate);
    p.put("asOf", runDate);
    p.put("horizon", rules.paymentRunHorizon(runDate));
    if (!scope.isPortfolio()) {
      p.put("scope", scope.ids());
    }
    return p;
  }

  Map<String, Object> outcomeParams(LocalDate runDate) {
    Map<String, Object> p = new HashMap<>();
    p.put("runDate", runDate);
    p.put("cap", rules.maxPerWeek());
    // A touch on the run date or on any of the cool-down days before it holds the account back;
    // without a cool-down the window is empty.
    OffsetDateTime until = runDate.plusDays(1).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
    p.put(
        "coolFrom",
        rules.coolDownDays() == 0
            ? until
            : runDate
                .minusDays(rules.coolDownDays())
                .atStartOfDay()
                .atOffset(java.time.ZoneOffset.UTC));
    p.put("coolUntil", until);
    return p;
  }

  static OffsetDateTime utc(java.time.Instant at) {
    return OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
  }
}
