package dev.recoup.disputes;

import dev.recoup.access.Role;
import dev.recoup.access.UserId;
import dev.recoup.accounts.AccountId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The cases, their type rules and their replies. Queues are one set-based query each: the SLA state
 * (breached, due today, age) is computed in SQL against the business date of each account's entity,
 * so that filtering and sorting by it happen in the database.
 */
@Repository
class Cases {

  /** Who reads: decides which cases a query may return at all. */
  record Viewer(UserId id, Role role) {

    /** Leads and above, auditors and systems see every case. */
    boolean seesAll() {
      return role != Role.COLLECTOR && role != Role.RESOLVER;
    }
  }

  private final JdbcClient jdbc;

  Cases(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  // The account's entity decides "today" for the SLA: :now at the entity's time zone.
  private static final String VIEW =
      """
      select c.id, c.account_id, a.name as account_name, a.external_id as account_external_id,
             a.owner_id as account_owner_id, c.case_type, c.contact_id, ct.name as contact_name,
             ct.email as contact_email, c.subject, c.description, c.status, c.assignee_id,
             u.username as assignee, u.display_name as assignee_name, c.opened_by, c.opened_at,
             c.opened_on, c.due_on, c.waiting_since, c.resolved_by, c.resolved_at, c.resolved_on,
             c.resolution, t.today,
             case c.status when 'RESOLVED' then c.resolved_on > c.due_on
                           when 'WAITING_ON_CUSTOMER' then c.waiting_since > c.due_on
                           else t.today > c.due_on end as breached,
             (c.status = 'OPEN' and t.today = c.due_on) as due_today,
             coalesce(c.resolved_on, t.today) - c.opened_on as age_days
      from customer_case c
      join customer_account a on a.id = c.account_id
      join legal_entity e on e.id = a.entity_id
      join contact ct on ct.id = c.contact_id
      left join app_user u on u.id = c.assignee_id
      cross join lateral (
        select cast((cast(:now as timestamptz) at time zone e.time_zone) as date) as today) t""";

  private static final Map<String, String> ORDER =
      Map.of(
          "due", "x.due_on",
          "age", "x.age_days",
          "opened", "x.opened_at",
          "account", "lower(x.account_name)",
          "type", "x.case_type",
          "status", "x.status",
          "assignee", "coalesce(x.assignee_name, '')");

  Optional<CustomerCase> find(CaseId id, Instant now) {
    return jdbc.sql("select * from (" + VIEW + ") x where x.id = :id")
        .param("now", utc(now))
        .param("id", id.value())
        .query(Cases::map)
        .optional();
  }

  Optional<CaseId> idForKey(String idempotencyKey) {
    return jdbc.sql("select id from customer_case where idempotency_key = ?")
        .param(idempotencyKey)
        .query((rs, n) -> new CaseId(rs.getLong(1)))
        .optional();
  }

  Optional<String> digestOf(CaseId id) {
    return jdbc.sql("select request_digest from customer_case where id = ?")
        .param(id.value())
        .query(String.class)
        .optional();
  }

  /** Inserts a new case; empty when a case with the same idempotency key already exists. */
  Optional<CaseId> insert(
      AccountId account,
      CaseType type,
      long contactId,
      String subject,
      String description,
      UserId assignee,
      String openedBy,
      Instant openedAt,
      LocalDate openedOn,
      LocalDate dueOn,
      String idempotencyKey,
      String digest) {
    return jdbc.sql(
            """
            insert into customer_case (account_id, case_type, contact_id, subject, description,
              assignee_id, opened_by, opened_at, opened_on, due_on, idempotency_key, request_digest)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (idempotency_key) do nothing returning id""")
        .params(
            account.value(),
            type.name(),
            contactId,
            subject,
            description,
            assignee == null ? null : assignee.value(),
            openedBy,
            utc(openedAt),
            openedOn,
            dueOn,
            idempotencyKey,
            digest)
        .query((rs, n) -> new CaseId(rs.getLong(1)))
        .optional();
  }

  void lock(CaseId id) {
    jdbc.sql("select id from customer_case where id = ? for update")
        .param(id.value())
        .query(Long.class)
        .optional();
  }

  void updateStatus(CaseId id, CaseStatus status, LocalDate dueOn, LocalDate waitingSince) {
    jdbc.sql(
            """
            update customer_case set status = ?, due_on = ?, waiting_since = ?,
              resolved_by = null, resolved_at = null, resolved_on = null, resolution = null
            where id = ?""")
        .params(status.name(), dueOn, waitingSince, id.value())
        .update();
  }

  void resolve(CaseId id, String by, Instant at, LocalDate on, String resolution) {
    jdbc.sql(
            """
            update customer_case set status = 'RESOLVED', waiting_since = null, resolved_by = ?,
              resolved_at = ?, resolved_on = ?, resolution = ?
            where id = ?""")
        .params(by, utc(at), on, resolution, id.value())
        .update();
  }

  void assign(CaseId id, UserId assignee) {
    jdbc.sql("update customer_case set assignee_id = ? where id = ?")
        .params(assignee.value(), id.value())
        .update();
  }

  // --- queues

  List<CustomerCase> page(CaseQuery q, Viewer viewer, Instant now) {
    Filter f = filter(q, viewer, now, true);
    String order = ORDER.getOrDefault(q.sort(), "x.due_on") + " " + q.dir() + ", x.id " + q.dir();
    return bind(
            jdbc.sql(
                "select * from ("
                    + VIEW
                    + ") x where "
                    + f.where()
                    + " order by "
                    + order
                    + " limit :limit offset :offset"),
            f.params())
        .param("limit", q.size())
        .param("offset", (long) q.page() * q.size())
        .query(Cases::map)
        .list();
  }

  /** Every case the query finds, in its order, streamed (for the CSV export). */
  void forEach(CaseQuery q, Viewer viewer, Instant now, Consumer<CustomerCase> each) {
    Filter f = filter(q, viewer, now, true);
    String order = ORDER.getOrDefault(q.sort(), "x.due_on") + " " + q.dir() + ", x.id " + q.dir();
    int[] row = {0};
    bind(
            jdbc.sql("select * from (" + VIEW + ") x where " + f.where() + " order by " + order),
            f.params())
        .query((RowCallbackHandler) rs -> each.accept(map(rs, row[0]++)));
  }

  long count(CaseQuery q, Viewer viewer, Instant now) {
    Filter f = filter(q, viewer, now, true);
    return bind(jdbc.sql("select count(*) from (" + VIEW + ") x where " + f.where()), f.params())
        .query(Long.class)
        .single();
  }

  /** How many cases of each type the query finds, whatever its own type filter. */
  Map<CaseType, Long> countsByType(CaseQuery q, Viewer viewer, Instant now) {
    Filter f = filter(q.withType(null), viewer, now, true);
    Map<CaseType, Long> counts = new EnumMap<>(CaseType.class);
    for (CaseType t : CaseType.values()) {
      counts.put(t, 0L);
    }
    bind(
            jdbc.sql(
                "select x.case_type, count(*) from ("
                    + VIEW
                    + ") x where "
                    + f.where()
                    + " group by x.case_type"),
            f.params())
        .query(
            (RowCallbackHandler)
                rs -> counts.put(CaseType.valueOf(rs.getString(1)), rs.getLong(2)));
    return counts;
  }

  /** Active, waiting, breached and due-today cases in the query's scope, type and account. */
  long[] standing(CaseQuery q, Viewer viewer, Instant now) {
    Filter f = filter(q, viewer, now, false);
    return bind(
            jdbc.sql(
                """
                select count(*) filter (where x.status <> 'RESOLVED'),
                       count(*) filter (where x.status = 'WAITING_ON_CUSTOMER'),
                       count(*) filter (where x.status <> 'RESOLVED' and x.breached),
                       count(*) filter (where x.due_today)
                from ("""
                    + VIEW
                    + ") x where "
                    + f.where()),
            f.params())
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
        .single();
  }

  /** Active cases assigned to a person: how many, and how many of them past their SLA. */
  long[] activeAssignedTo(UserId user, Instant now) {
    return jdbc.sql(
            "select count(*), count(*) filter (where x.breached) from ("
                + VIEW
                + ") x where x.assignee_id = :user and x.status <> 'RESOLVED'")
        .param("now", utc(now))
        .param("user", user.value())
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
        .single();
  }

  private record Filter(String where, Map<String, Object> params) {}

  /**
   * The where-clause of a query for a viewer: what the viewer may see, the scope, and the filters.
   * {@code statusAndSla} false leaves out the status and SLA filters (for the standing).
   */
  private static Filter filter(CaseQuery q, Viewer viewer, Instant now, boolean statusAndSla) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("now", utc(now));
    params.put("me", viewer.id().value());
    if (!viewer.seesAll()) {
      where.add(
          viewer.role() == Role.COLLECTOR
              ? "(x.assignee_id = :me or x.account_owner_id = :me)"
              : "x.assignee_id = :me");
    }
    switch (q.scope()) {
      case MINE -> where.add("x.assignee_id = :me");
      case TEAM -> {
        if (viewer.role() == Role.LEAD) {
          where.add(
              """
              (x.assignee_id = :me or x.account_owner_id = :me
               or x.assignee_id in (select id from app_user where lead_id = :me)
               or x.account_owner_id in (select id from app_user where lead_id = :me))""");
        } else if (viewer.role() == Role.COLLECTOR) {
          where.add("(x.assignee_id = :me or x.account_owner_id = :me)");
        }
        // A manager's, admin's or auditor's team is everyone; a resolver sees only its own.
      }
      case ALL -> {}
    }
    if (q.type() != null) {
      where.add("x.case_type = :type");
      params.put("type", q.type().name());
    }
    if (q.account() != null) {
      where.add("x.account_id = :account");
      params.put("account", q.account().value());
    }
    if (statusAndSla) {
      switch (q.showing()) {
        case ACTIVE -> where.add("x.status <> 'RESOLVED'");
        case ANY -> {}
        default -> {
          where.add("x.status = :status");
          params.put("status", q.showing().name());
        }
      }
      if (q.sla() != null) {
        where.add(
            switch (q.sla()) {
              case BREACHED -> "x.breached";
              case DUE_TODAY -> "x.due_today";
              case ON_TRACK -> "not x.breached";
            });
      }
    }
    return new Filter(where.isEmpty() ? "true" : String.join(" and ", where), params);
  }

  private static JdbcClient.StatementSpec bind(
      JdbcClient.StatementSpec spec, Map<String, Object> params) {
    JdbcClient.StatementSpec s = spec;
    for (var p : params.entrySet()) {
      s = s.param(p.getKey(), p.getValue());
    }
    return s;
  }

  // --- type rules

  List<CaseRule> rules() {
    return jdbc.sql("select * from case_type_rule")
        .query(
            (rs, n) ->
                new CaseRule(
                    CaseType.valueOf(rs.getString("case_type")),
                    rs.getInt("sla_business_days"),
                    rs.getString("default_owner")))
        .list();
  }

  // --- replies

  Optional<Long> insertReply(
      CaseId id,
      CaseType template,
      String language,
      long messageId,
      String to,
      String subject,
      String attachment,
      String by,
      Instant at) {
    return jdbc.sql(
            """
            insert into case_reply (case_id, template, language, outbox_message_id, sent_to,
              subject, attachment, sent_by, sent_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (case_id, template) do nothing returning id""")
        .params(
            id.value(), template.name(), language, messageId, to, subject, attachment, by, utc(at))
        .query(Long.class)
        .optional();
  }

  /** The replies of a case, oldest first, without their delivery status. */
  List<CaseReply> replies(CaseId id) {
    return jdbc.sql("select * from case_reply where case_id = ? order by sent_at, id")
        .param(id.value())
        .query(
            (rs, n) ->
                new CaseReply(
                    rs.getLong("id"),
                    new CaseId(rs.getLong("case_id")),
                    CaseType.valueOf(rs.getString("template")),
                    rs.getString("language"),
                    rs.getLong("outbox_message_id"),
                    rs.getString("sent_to"),
                    rs.getString("subject"),
                    rs.getString("attachment"),
                    rs.getString("sent_by"),
                    rs.getObject("sent_at", OffsetDateTime.class).toInstant(),
                    null))
        .list();
  }

  private static CustomerCase map(ResultSet rs, int n) throws SQLException {
    return new CustomerCase(
        new CaseId(rs.getLong("id")),
        new AccountId(rs.getLong("account_id")),
        rs.getString("account_name"),
        rs.getString("account_external_id"),
        userId(rs, "account_owner_id"),
        CaseType.valueOf(rs.getString("case_type")),
        rs.getLong("contact_id"),
        rs.getString("contact_name"),
        rs.getString("contact_email"),
        rs.getString("subject"),
        rs.getString("description"),
        CaseStatus.valueOf(rs.getString("status")),
        userId(rs, "assignee_id"),
        rs.getString("assignee"),
        rs.getString("assignee_name"),
        rs.getString("opened_by"),
        rs.getObject("opened_at", OffsetDateTime.class).toInstant(),
        rs.getObject("opened_on", LocalDate.class),
        rs.getObject("due_on", LocalDate.class),
        rs.getObject("waiting_since", LocalDate.class),
        rs.getString("resolved_by"),
        instant(rs, "resolved_at"),
        rs.getObject("resolved_on", LocalDate.class),
        rs.getString("resolution"),
        rs.getObject("today", LocalDate.class),
        rs.getBoolean("breached"),
        rs.getBoolean("due_today"),
        rs.getLong("age_days"));
  }

  private static UserId userId(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : new UserId(v);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
