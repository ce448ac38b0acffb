package dev.recoup.accounts;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges customer accounts and contacts staged by an import into the accounts module's tables,
 * set-based, in the caller's transaction. The intake module owns the staging and quarantine tables
 * and names them; this class owns what the accounts' tables accept.
 *
 * <p>A check moves every staged row that cannot be merged to the quarantine table ({@code run_id,
 * row_no, field, message, raw}) with its field and reason, and deletes it from staging; a merge
 * inserts new records and updates changed ones on their {@code mapped} fields only, counting what
 * it created and updated. Parents and partners are named by external id in the same source system
 * and may be accounts of the same file: they are resolved after the accounts are in. The owner is a
 * collector's or lead's username.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class AccountsMerge {

  private static final Pattern TABLE = Pattern.compile("[a-z_]{1,63}");

  /** Passes of the parent and partner check: a row refused can orphan rows naming it. */
  private static final int MAX_REFERENCE_PASSES = 20;

  private final JdbcClient jdbc;
  private final Access access;
  private final Accounts accounts;
  private final Clock clock;

  AccountsMerge(JdbcClient jdbc, Access access, Accounts accounts, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** What a merge did; {@code created} lists the new accounts (their balance rows are due). */
  public record Merged(long created, long updated, Set<AccountId> createdAccounts) {}

  /**
   * Moves staged accounts that cannot be merged to quarantine: a duplicate external id, an unknown
   * entity, an owner who is no collector or lead, an account that is its own parent or partner, a
   * parent or partner found neither among the accounts nor in the file.
   */
  public long checkAccounts(String staging, long runId, String quarantine) {
    long rejected =
        check(
            staging,
            runId,
            quarantine,
            """
            left join (select code as key, id, region from legal_entity union all select name, id, region from legal_entity where name <> code) e on e.key = s.entity
            left join (select key as username, cast(value as bigint) as id
                       from jsonb_each_text(cast(:owners as jsonb))) u on u.username = s.owner_username
            """,
            """
            when e.id is null then 'entity: no legal entity ' || s.entity
            when s.owner_username is not null and u.id is null
              then 'owner: no collector or lead ' || s.owner_username
            when s.parent_external_id = s.external_id
              then 'parent_external_id: an account cannot be its own parent'
            when s.partner_external_id = s.external_id
              then 'partner_external_id: an account cannot be its own partner'
            """,
            Map.of("owners", ownersJson()));
    for (int pass = 0; pass < MAX_REFERENCE_PASSES; pass++) {
      long orphans =
          check(
              staging,
              runId,
              quarantine,
              """
              left join customer_account p
                on p.source_system = s.source_system and p.external_id = s.parent_external_id
              left join customer_account r
                on r.source_system = s.source_system and r.external_id = s.partner_external_id
              left join (select distinct source_system, external_id from %1$s where run_id = :run) fp
                on fp.source_system = s.source_system and fp.external_id = s.parent_external_id
              left join (select distinct source_system, external_id from %1$s where run_id = :run) fr
                on fr.source_system = s.source_system and fr.external_id = s.partner_external_id
              """
                  .formatted(table(staging)),
              """
              when s.parent_external_id is not null and p.id is null and fp.external_id is null
                then 'parent_external_id: no account ' || s.parent_external_id || ' in ' || s.source_system
              when s.partner_external_id is not null and r.id is null and fr.external_id is null
                then 'partner_external_id: no account ' || s.partner_external_id || ' in ' || s.source_system
              """,
              Map.of());
      rejected += orphans;
      if (orphans == 0) {
        break;
      }
    }
    return rejected;
  }

  private static final List<Col> ACCOUNT =
      List.of(
          new Col("name", "name", "s.name"),
          new Col("entity_id", "entity", "e.id"),
          new Col("currency", "currency", "s.currency"),
          new Col(
              "channel",
              "channel",
              "coalesce(s.channel, case when s.partner_external_id is not null then 'PARTNER'"
                  + " else 'DIRECT' end)"),
          new Col("segment", "segment", "coalesce(s.segment, 'OTHER')"),
          new Col("region", "region", "coalesce(s.region, e.region)"),
          new Col("payment_terms_days", "payment_terms_days", "coalesce(s.payment_terms_days, 30)"),
          new Col("credit_limit", "credit_limit", "s.credit_limit"),
          new Col("risk_rating", "risk_rating", "coalesce(s.risk_rating, 'MEDIUM')"),
          new Col("owner_id", "owner", "u.id"),
          new Col("sales_owner", "sales_owner", "s.sales_owner"),
          new Col("language", "language", "coalesce(s.language, 'en')"),
          new Col("payment_run_days", "payment_run_days", "coalesce(s.payment_run_days, '')"));

  /**
   * Inserts new accounts and updates changed ones, then points them at their parents and partners
   * (which may be accounts of the same file). An account counts as updated once, whatever changed.
   */
  public Merged mergeAccounts(String staging, long runId, Set<String> mapped) {
    String s = table(staging);
    List<Col> cols = ACCOUNT;
    List<Col> updated = cols.stream().filter(c -> mapped.contains(c.field())).toList();
    String sql =
        """
        insert into customer_account as d (source_system, external_id, %1$s, created_at, updated_at)
        select s.source_system, s.external_id, %2$s, :now, :now
        from %3$s s
        join (select code as key, id, region from legal_entity union all select name, id, region from legal_entity where name <> code) e on e.key = s.entity
        left join (select key as username, cast(value as bigint) as id
                   from jsonb_each_text(cast(:owners as jsonb))) u on u.username = s.owner_username
        where s.run_id = :run
        on conflict (source_system, external_id) do %4$s
        returning d.id, (d.xmax = 0) as created"""
            .formatted(
                String.join(", ", cols.stream().map(Col::column).toList()),
                String.join(", ", cols.stream().map(Col::value).toList()),
                s,
                updateClause(updated, "updated_at = :now"));
    Set<Long> created = new HashSet<>();
    Set<Long> changed = new HashSet<>();
    jdbc.sql(sql)
        .param("run", runId)
        .param("now", now())
        .param("owners", ownersJson())
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> (rs.getBoolean("created") ? created : changed).add(rs.getLong("id")));
    for (String[] ref :
        new String[][] {
          {"parent_id", "parent_external_id"}, {"partner_id", "partner_external_id"}
        }) {
      if (!mapped.contains(ref[1])) {
        continue;
      }
      jdbc.sql(
              """
              update customer_account c set %1$s = p.id, updated_at = :now
              from %2$s s
              left join customer_account p
                on p.source_system = s.source_system and p.external_id = s.%3$s
              where s.run_id = :run and c.source_system = s.source_system
                and c.external_id = s.external_id and c.%1$s is distinct from p.id
              returning c.id"""
                  .formatted(ref[0], s, ref[1]))
          .param("run", runId)
          .param("now", now())
          .query(Long.class)
          .list()
          .forEach(
              id -> {
                if (!created.contains(id)) {
                  changed.add(id);
                }
              });
    }
    Set<AccountId> createdIds = new java.util.LinkedHashSet<>();
    created.forEach(id -> createdIds.add(new AccountId(id)));
    return new Merged(created.size(), changed.size(), createdIds);
  }

  /** Moves staged contacts that cannot be merged to quarantine: a duplicate, an unknown account. */
  public long checkContacts(String staging, long runId, String quarantine) {
    return check(
        staging,
        runId,
        quarantine,
        """
        left join customer_account a
          on a.source_system = s.source_system and a.external_id = s.account_external_id
        """,
        """
        when a.id is null then 'account_external_id: no account ' || s.account_external_id
             || ' in ' || s.source_system
        """,
        Map.of());
  }

  private static final List<Col> CONTACT =
      List.of(
          new Col("account_id", "account_external_id", "a.id"),
          new Col("name", "name", "s.name"),
          new Col("role", "role", "s.role"),
          new Col("email", "email", "s.email"),
          new Col("phone", "phone", "s.phone"),
          new Col("time_zone", "time_zone", "s.time_zone"),
          new Col(
              "preferred_channel", "preferred_channel", "coalesce(s.preferred_channel, 'EMAIL')"));

  public Merged mergeContacts(String staging, long runId, Set<String> mapped) {
    List<Col> updated = CONTACT.stream().filter(c -> mapped.contains(c.field())).toList();
    String sql =
        """
        with m as (
          insert into contact as d (source_system, external_id, %1$s, created_at)
          select s.source_system, s.external_id, %2$s, :now
          from %3$s s
          join customer_account a
            on a.source_system = s.source_system and a.external_id = s.account_external_id
          where s.run_id = :run
          on conflict (source_system, external_id) where external_id is not null do %4$s
          returning (d.xmax = 0) as created)
        select count(*) filter (where created) as created,
               count(*) filter (where not created) as updated from m"""
            .formatted(
                String.join(", ", CONTACT.stream().map(Col::column).toList()),
                String.join(", ", CONTACT.stream().map(Col::value).toList()),
                table(staging),
                updateClause(updated, null));
    return jdbc.sql(sql)
        .param("run", runId)
        .param("now", now())
        .query((rs, n) -> new Merged(rs.getLong("created"), rs.getLong("updated"), Set.of()))
        .single();
  }

  /** Recoup's id of an account ({@code customer_account}) or contact by its identity. */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public Optional<Long> idOf(String kind, String sourceSystem, String externalId) {
    if (!Set.of("customer_account", "contact").contains(kind)) {
      throw new IllegalArgumentException("kind: not an accounts record: " + kind);
    }
    return jdbc.sql("select id from " + kind + " where source_system = ? and external_id = ?")
        .params(sourceSystem, externalId)
        .query(Long.class)
        .optional();
  }

  /** Forgets cached calendars and the like after accounts were merged. */
  public void merged() {
    accounts.entitiesChanged();
  }

  record Col(String column, String field, String value) {}

  private static String updateClause(List<Col> updated, String alsoSet) {
    if (updated.isEmpty()) {
      return "nothing";
    }
    List<String> set = new ArrayList<>();
    updated.forEach(c -> set.add(c.column() + " = excluded." + c.column()));
    if (alsoSet != null) {
      set.add(alsoSet);
    }
    return "update set "
        + String.join(", ", set)
        + " where ("
        + String.join(", ", updated.stream().map(c -> "d." + c.column()).toList())
        + ") is distinct from ("
        + String.join(", ", updated.stream().map(c -> "excluded." + c.column()).toList())
        + ")";
  }

  /** Usernames of the people who may own accounts, to their ids, as JSON for the SQL. */
  private String ownersJson() {
    Map<String, Long> owners = new LinkedHashMap<>();
    for (User u : access.users()) {
      if (u.role() == Role.COLLECTOR || u.role() == Role.LEAD) {
        owners.put(u.username(), u.id().value());
      }
    }
    StringBuilder json = new StringBuilder("{");
    owners.forEach(
        (name, id) -> {
          if (json.length() > 1) {
            json.append(',');
          }
          json.append('"').append(jsonEscape(name)).append("\":").append(id);
        });
    return json.append('}').toString();
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /**
   * Moves every staged row with a problem to quarantine, first a duplicate external id (the first
   * row of an id wins), then the given cases, and deletes those rows from staging.
   */
  private long check(
      String staging,
      long runId,
      String quarantine,
      String joins,
      String cases,
      Map<String, Object> params) {
    String s = table(staging);
    String q = table(quarantine);
    String sql =
        """
        with dups as (
          select source_system, external_id, min(row_no) as first_row
          from %1$s where run_id = :run
          group by source_system, external_id having count(*) > 1),
        c as (
          select s.row_no, s.raw, case
            when d.first_row is not null and d.first_row <> s.row_no
              then 'external_id: duplicate of row ' || d.first_row
            %3$s
            end as problem
          from %1$s s
          left join dups d on d.source_system = s.source_system and d.external_id = s.external_id
          %4$s
          where s.run_id = :run)
        insert into %2$s (run_id, row_no, field, message, raw)
        select :run, c.row_no, split_part(c.problem, ': ', 1),
               substr(c.problem, strpos(c.problem, ': ') + 2), cast(c.raw as jsonb)
        from c where c.problem is not null"""
            .formatted(s, q, cases, joins);
    long rejected = jdbc.sql(sql).param("run", runId).params(params).update();
    if (rejected > 0) {
      jdbc.sql(
              """
              delete from %s s where s.run_id = :run and s.row_no in (
                select q.row_no from %s q where q.run_id = :run)"""
                  .formatted(s, q))
          .param("run", runId)
          .update();
    }
    return rejected;
  }

  private static String table(String name) {
    if (!TABLE.matcher(name).matches()) {
      throw new IllegalArgumentException("table: not a table name: " + name);
    }
    return name;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
