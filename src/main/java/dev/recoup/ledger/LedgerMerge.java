package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges ledger documents staged by an import (invoices, credit memos, payments, applications) into
 * the ledger, set-based, in the caller's transaction. The intake module owns the staging and
 * quarantine tables and names them; this class owns what the ledger's tables accept.
 *
 * <p>Each kind has a check, which moves every staged row the ledger would refuse to the quarantine
 * table with its field and reason (and deletes it from staging), and a merge, which inserts new
 * documents and updates changed ones (only the {@code mapped} fields: what the file does not carry
 * is left as it is), counting what it created and updated; a row equal to the document writes
 * nothing. Recoup's ledger stays the book of record: an invoice's open amount is its amount less
 * its applications (I1), a payment's unapplied cash its amount less applications and refunds (I2);
 * the ERP's own open amount and status are kept beside it ({@code erp_open_amount}, {@code
 * erp_status}). Staged rows refer to accounts and documents by external id in their own source
 * system.
 *
 * <p>The quarantine table has the columns {@code (run_id, row_no, field, message, raw)}; staging
 * tables have {@code run_id, row_no, raw} and one column per canonical field of the kind.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class LedgerMerge {

  private static final Pattern TABLE = Pattern.compile("[a-z_]{1,63}");

  /** Where an upsert's source takes the filter that keeps only the staged rows that are new. */
  private static final String NEW_ONLY = " /* new only */";

  private final JdbcClient jdbc;
  private final Aging aging;
  private final Clock clock;

  LedgerMerge(JdbcClient jdbc, Aging aging, Clock clock) {
    this.jdbc = jdbc;
    this.aging = aging;
    this.clock = clock;
  }

  /** What a merge did: documents created and updated, and the accounts whose balances moved. */
  public record Merged(long created, long updated, Set<AccountId> accounts) {}

  /** What a check did: rows rejected, and accounts documents move away from (to refresh too). */
  public record Checked(long rejected, Set<AccountId> accountsLeft) {}

  // ---------------------------------------------------------------- invoices

  public Checked checkInvoices(String staging, long runId, Set<String> sources, String quarantine) {
    return check(
        staging,
        runId,
        quarantine,
        """
        left join customer_account a
          on a.source_system = s.source_system and a.external_id = s.account_external_id
        left join (select code as key, id, region from legal_entity union all select name, id, region from legal_entity where name <> code) e on e.key = s.entity
        left join customer_account ec
          on ec.source_system = s.source_system and ec.external_id = s.end_customer_external_id
        left join invoice x on x.source_system = s.source_system and x.external_id = s.external_id %s
        """
            .formatted(existing("invoice", sources)),
        """
        when a.id is null then 'account_external_id: no account ' || s.account_external_id
             || ' in ' || s.source_system
        when s.entity is not null and e.id is null then 'entity: no legal entity ' || s.entity
        when s.end_customer_external_id is not null and ec.id is null
          then 'end_customer_external_id: no account ' || s.end_customer_external_id
             || ' in ' || s.source_system
        when coalesce(s.tax, x.tax, 0) > s.amount then 'tax: more than the amount'
        when x.id is not null and x.currency <> s.currency
          then 'currency: the invoice is in ' || x.currency || ' in Recoup; a posted invoice'
             || '''s currency does not change (credit it and issue a new one)'
        when x.id is not null and s.amount < x.amount - x.open_amount
          then 'amount: lower than the ' || round(x.amount - x.open_amount, scale(s.amount))
             || ' already applied to the invoice'
        """,
        "x.account_id",
        "a.id");
  }

  private static final List<Col> INVOICE =
      List.of(
          new Col("number", "number", "s.number"),
          new Col("account_id", "account_external_id", "a.id"),
          new Col("end_customer_id", "end_customer_external_id", "ec.id"),
          new Col("entity_id", "entity", "coalesce(e.id, a.entity_id)"),
          new Col("currency", "currency", "s.currency"),
          new Col("issue_date", "issue_date", "s.issue_date"),
          new Col("due_date", "due_date", "s.due_date"),
          new Col("terms_days", "terms_days", "coalesce(s.terms_days, s.due_date - s.issue_date)"),
          new Col("po_number", "po_number", "s.po_number"),
          new Col("contract_ref", "contract_ref", "s.contract_ref"),
          new Col("kind", "kind", "coalesce(s.kind, 'SUBSCRIPTION')"),
          new Col("amount", "amount", "s.amount"),
          new Col("tax", "tax", "coalesce(s.tax, 0)"),
          new Col("erp_open_amount", "open_amount", "s.open_amount"),
          new Col("erp_status", "status", "s.status"),
          new Col("memo", "memo", "s.memo"));

  /**
   * Inserts new invoices (open for their whole amount until applications arrive) and updates
   * changed ones; a changed amount moves the open amount by the difference, and the status and
   * closing date follow.
   */
  public Merged mergeInvoices(String staging, long runId, Set<String> sources, Set<String> mapped) {
    String newOpen = "(d.open_amount + excluded.amount - d.amount)";
    String set =
        """
        open_amount = %1$s,
        disputed_amount = least(d.disputed_amount, %1$s),
        closed_on = case when %1$s = 0 then coalesce(d.closed_on,
          (select max(ap.applied_on) from application ap where ap.invoice_id = d.id)) end,
        status = case when %1$s = 0 then
                        case when d.status in ('PAID', 'CREDITED') then d.status else 'PAID' end
                      when least(d.disputed_amount, %1$s) > 0 then 'DISPUTED'
                      when %1$s = excluded.amount then 'OPEN' else 'PARTIALLY_PAID' end"""
            .formatted(newOpen);
    return upsert(
        staging,
        runId,
        sources,
        mapped,
        "invoice",
        INVOICE,
        """
        join customer_account a
          on a.source_system = s.source_system and a.external_id = s.account_external_id
        left join (select code as key, id, region from legal_entity union all select name, id, region from legal_entity where name <> code) e on e.key = s.entity
        left join customer_account ec
          on ec.source_system = s.source_system and ec.external_id = s.end_customer_external_id
        """,
        Map.of("open_amount", "s.amount", "status", "'OPEN'"),
        set);
  }

  // ---------------------------------------------------------------- credit memos

  public Checked checkCreditMemos(
      String staging, long runId, Set<String> sources, String quarantine) {
    return check(
        staging,
        runId,
        quarantine,
        """
        left join customer_account a
          on a.source_system = s.source_system and a.external_id = s.account_external_id
        left join (select code as key, id, region from legal_entity union all select name, id, region from legal_entity where name <> code) e on e.key = s.entity
        left join credit_memo x on x.source_system = s.source_system and x.external_id = s.external_id %s
        """
            .formatted(existing("credit_memo", sources)),
        """
        when a.id is null then 'account_external_id: no account ' || s.account_external_id
             || ' in ' || s.source_system
        when s.entity is not null and e.id is null then 'entity: no legal entity ' || s.entity
        when x.id is not null and x.currency <> s.currency and x.open_amount <> x.amount
          then 'currency: the credit memo is applied or refunded in ' || x.currency
             || '; its currency cannot change'
        when x.id is not null and s.amount < x.amount - x.open_amount
          then 'amount: lower than the ' || round(x.amount - x.open_amount, scale(s.amount))
             || ' already applied or refunded'
        """,
        "x.account_id",
        "a.id");
  }

  private static final List<Col> CREDIT_MEMO =
      List.of(
          new Col("number", "number", "s.number"),
          new Col("account_id", "account_external_id", "a.id"),
          new Col("entity_id", "entity", "coalesce(e.id, a.entity_id)"),
          new Col("currency", "currency", "s.currency"),
          new Col("issue_date", "issue_date", "s.issue_date"),
          new Col("amount", "amount", "s.amount"),
          new Col("reason", "reason", "s.reason"));

  public Merged mergeCreditMemos(
      String staging, long runId, Set<String> sources, Set<String> mapped) {
    return upsert(
        staging,
        runId,
        sources,
        mapped,
        "credit_memo",
        CREDIT_MEMO,
        """
        join customer_account a
          on a.source_system = s.source_system and a.external_id = s.account_external_id
        left join (select code as key, id, region from legal_entity union all select name, id, region from legal_entity where name <> code) e on e.key = s.entity
        """,
        Map.of("open_amount", "s.amount"),
        "open_amount = d.open_amount + excluded.amount - d.amount");
  }

  // ---------------------------------------------------------------- payments

  public Checked checkPayments(String staging, long runId, Set<String> sources, String quarantine) {
    return check(
        staging,
        runId,
        quarantine,
        """
        left join customer_account a
          on a.source_system = s.source_system and a.external_id = s.account_external_id
        left join (select code as key, id, region from legal_entity union all select name, id, region from legal_entity where name <> code) e on e.key = s.entity
        left join payment x on x.source_system = s.source_system and x.external_id = s.external_id %s
        """
            .formatted(existing("payment", sources)),
        """
        when a.id is null then 'account_external_id: no account ' || s.account_external_id
             || ' in ' || s.source_system
        when s.entity is not null and e.id is null then 'entity: no legal entity ' || s.entity
        when x.id is not null and x.currency <> s.currency and x.unapplied_amount <> x.amount
          then 'currency: the payment is applied or refunded in ' || x.currency
             || '; its currency cannot change'
        when x.id is not null and s.amount < x.amount - x.unapplied_amount
          then 'amount: lower than the ' || round(x.amount - x.unapplied_amount, scale(s.amount))
             || ' already applied or refunded'
        """,
        "x.account_id",
        "a.id");
  }

  private static final List<Col> PAYMENT =
      List.of(
          new Col("account_id", "account_external_id", "a.id"),
          new Col("entity_id", "entity", "coalesce(e.id, a.entity_id)"),
          new Col("currency", "currency", "s.currency"),
          new Col("value_date", "value_date", "s.value_date"),
          new Col("amount", "amount", "s.amount"),
          new Col("method", "method", "coalesce(s.method, 'WIRE')"),
          new Col("reference", "reference", "s.reference"),
          new Col("remittance_text", "remittance_text", "s.remittance_text"));

  public Merged mergePayments(String staging, long runId, Set<String> sources, Set<String> mapped) {
    return upsert(
        staging,
        runId,
        sources,
        mapped,
        "payment",
        PAYMENT,
        """
        join customer_account a
          on a.source_system = s.source_system and a.external_id = s.account_external_id
        left join (select code as key, id, region from legal_entity union all select name, id, region from legal_entity where name <> code) e on e.key = s.entity
        """,
        Map.of("unapplied_amount", "s.amount"),
        "unapplied_amount = d.unapplied_amount + excluded.amount - d.amount");
  }

  // ---------------------------------------------------------------- applications

  /**
   * Checks staged applications in two passes: first their references (invoice, payment or credit
   * memo, currency, an application already imported under the same id with other values: those
   * cannot change), then their amounts against what is open, in file order: an application is
   * refused when, with the applications above it in the file, it would settle more than the
   * invoice's open amount or use more than the payment's unapplied cash or the credit memo's open
   * amount.
   */
  public Checked checkApplications(
      String staging, long runId, Set<String> sources, String quarantine) {
    Checked refs =
        check(
            staging,
            runId,
            quarantine,
            """
            left join invoice i on i.source_system = s.source_system and i.external_id = s.invoice_external_id
            left join payment p on p.source_system = s.source_system and p.external_id = s.payment_external_id
            left join credit_memo m
              on m.source_system = s.source_system and m.external_id = s.credit_memo_external_id
            left join application x on x.source_system = s.source_system and x.external_id = s.external_id %s
            """
                .formatted(existing("application", sources)),
            """
            when i.id is null then 'invoice_external_id: no invoice ' || s.invoice_external_id
                 || ' in ' || s.source_system
            when s.payment_external_id is not null and p.id is null
              then 'payment_external_id: no payment ' || s.payment_external_id || ' in ' || s.source_system
            when s.credit_memo_external_id is not null and m.id is null
              then 'credit_memo_external_id: no credit memo ' || s.credit_memo_external_id
                 || ' in ' || s.source_system
            when x.id is not null and (x.invoice_id, x.payment_id, x.credit_memo_id, x.currency, x.amount,
                 x.applied_on) is distinct from (i.id, p.id, m.id, s.currency, s.amount, s.applied_on)
              then 'external_id: applications cannot change; reverse it in the ERP'
            when s.currency <> i.currency then 'currency: the invoice is in ' || i.currency
            when s.currency <> coalesce(p.currency, m.currency)
              then 'currency: the ' || case when p.id is not null then 'payment' else 'credit memo' end
                 || ' is in ' || coalesce(p.currency, m.currency)
            """,
            null,
            null);
    String sql =
        """
        with c as (
          select s.row_no, s.raw, s.amount, i.open_amount as invoice_open,
                 coalesce(p.unapplied_amount, m.open_amount) as source_open,
                 case when p.id is not null then 'payment''s unapplied cash'
                      else 'credit memo''s open amount' end as source_label,
                 sum(s.amount) over (partition by i.id order by s.row_no) as invoice_running,
                 sum(s.amount) over (partition by p.id, m.id order by s.row_no) as source_running
          from %1$s s
          join invoice i on i.source_system = s.source_system and i.external_id = s.invoice_external_id
          left join payment p on p.source_system = s.source_system and p.external_id = s.payment_external_id
          left join credit_memo m
            on m.source_system = s.source_system and m.external_id = s.credit_memo_external_id
          where s.run_id = :run and not exists (
            select 1 from application x where x.source_system = s.source_system and x.external_id = s.external_id)),
        problems as (
          select row_no, raw, case
            when invoice_running > invoice_open then 'amount: '
              || amount || ' is more than the invoice''s open amount '
              || round(greatest(invoice_open - (invoice_running - amount), 0), scale(amount))
              || case when invoice_running > amount then ' (after the rows above it)' else '' end
            when source_running > source_open then 'amount: '
              || amount || ' is more than the ' || source_label || ' '
              || round(greatest(source_open - (source_running - amount), 0), scale(amount))
              || case when source_running > amount then ' (after the rows above it)' else '' end
            end as problem
          from c)
        insert into %2$s (run_id, row_no, field, message, raw)
        select :run, row_no, split_part(problem, ': ', 1),
               substr(problem, strpos(problem, ': ') + 2), cast(raw as jsonb)
        from problems where problem is not null"""
            .formatted(table(staging), table(quarantine));
    long amounts = jdbc.sql(sql).param("run", runId).update();
    if (amounts > 0) {
      deleteRejected(staging, runId, quarantine);
    }
    return new Checked(refs.rejected() + amounts, Set.of());
  }

  /**
   * Inserts the applications not imported before, then recomputes, from all their applications, the
   * open amount, status and closing date of the invoices they settle (closed on the last
   * application's date when fully settled) and what is left of their payments and credit memos. An
   * application already imported with the same values is unchanged.
   */
  public Merged mergeApplications(String staging, long runId) {
    String s = table(staging);
    record Row(long created, Long[] accounts) {}
    long created =
        jdbc.sql(
                """
                insert into application (invoice_id, payment_id, credit_memo_id, currency, amount,
                  applied_on, created_at, source_system, external_id)
                select i.id, p.id, m.id, s.currency, s.amount, s.applied_on, :now, s.source_system,
                       s.external_id
                from %s s
                join invoice i on i.source_system = s.source_system and i.external_id = s.invoice_external_id
                left join payment p on p.source_system = s.source_system and p.external_id = s.payment_external_id
                left join credit_memo m
                  on m.source_system = s.source_system and m.external_id = s.credit_memo_external_id
                where s.run_id = :run and not exists (
                  select 1 from application x
                  where x.source_system = s.source_system and x.external_id = s.external_id)"""
                    .formatted(s))
            .param("run", runId)
            .param("now", now())
            .update();
    if (created == 0) {
      return new Merged(0, 0, Set.of());
    }
    Long[] invoiceAccounts =
        jdbc.sql(
                """
                with t as (
                  select a.invoice_id, sum(a.amount) as applied, max(a.applied_on) as last_on,
                         (array_agg(a.credit_memo_id is not null order by a.applied_on desc, a.id desc))[1]
                           as by_credit
                  from application a
                  where a.invoice_id in (
                    select i.id from %s s join invoice i
                      on i.source_system = s.source_system and i.external_id = s.invoice_external_id
                    where s.run_id = :run)
                  group by a.invoice_id),
                n as (
                  select i.id, i.amount - t.applied as open, least(i.disputed_amount, i.amount - t.applied)
                         as disputed, t.last_on, t.by_credit, t.applied
                  from invoice i join t on t.invoice_id = i.id),
                u as (
                  update invoice i set open_amount = n.open, disputed_amount = n.disputed,
                    closed_on = case when n.open = 0 then n.last_on end,
                    status = case when n.open = 0 then case when n.by_credit then 'CREDITED' else 'PAID' end
                                  when n.disputed > 0 then 'DISPUTED'
                                  when n.applied = 0 then 'OPEN' else 'PARTIALLY_PAID' end
                  from n where i.id = n.id
                    and (i.open_amount, i.disputed_amount, i.closed_on) is distinct from
                        (n.open, n.disputed, case when n.open = 0 then n.last_on end)
                  returning i.account_id)
                select distinct account_id from u"""
                    .formatted(s))
            .param("run", runId)
            .query(Long.class)
            .list()
            .toArray(Long[]::new);
    List<Long> sourceAccounts = new ArrayList<>();
    sourceAccounts.addAll(
        jdbc.sql(
                """
                with t as (
                  select p.id, p.amount
                    - coalesce((select sum(a.amount) from application a where a.payment_id = p.id), 0)
                    - coalesce((select sum(r.amount) from refund_posting r where r.payment_id = p.id), 0)
                    as unapplied
                  from payment p where p.id in (
                    select p2.id from %s s join payment p2
                      on p2.source_system = s.source_system and p2.external_id = s.payment_external_id
                    where s.run_id = :run)),
                u as (
                  update payment p set unapplied_amount = t.unapplied from t
                  where p.id = t.id and p.unapplied_amount <> t.unapplied returning p.account_id)
                select distinct account_id from u"""
                    .formatted(s))
            .param("run", runId)
            .query(Long.class)
            .list());
    sourceAccounts.addAll(
        jdbc.sql(
                """
                with t as (
                  select m.id, m.amount
                    - coalesce((select sum(a.amount) from application a where a.credit_memo_id = m.id), 0)
                    - coalesce((select sum(r.amount) from refund_posting r where r.credit_memo_id = m.id), 0)
                    as open
                  from credit_memo m where m.id in (
                    select m2.id from %s s join credit_memo m2
                      on m2.source_system = s.source_system and m2.external_id = s.credit_memo_external_id
                    where s.run_id = :run)),
                u as (
                  update credit_memo m set open_amount = t.open from t
                  where m.id = t.id and m.open_amount <> t.open returning m.account_id)
                select distinct account_id from u"""
                    .formatted(s))
            .param("run", runId)
            .query(Long.class)
            .list());
    Set<AccountId> accounts = new LinkedHashSet<>();
    for (Long a : invoiceAccounts) {
      accounts.add(new AccountId(a));
    }
    sourceAccounts.forEach(a -> accounts.add(new AccountId(a)));
    return new Merged(created, 0, accounts);
  }

  // ---------------------------------------------------------------- balances and ids

  /** Rebuilds the balance rows of the accounts an import touched, as of today, set-based. */
  public void refreshBalances(Set<AccountId> accounts) {
    if (!accounts.isEmpty()) {
      aging.refreshBalances(accounts, LocalDate.now(clock));
    }
  }

  /**
   * Recoup's id of a ledger document by its identity; {@code kind} is invoice, credit_memo, payment
   * or application.
   */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public java.util.Optional<Long> idOf(String kind, String sourceSystem, String externalId) {
    if (!Set.of("invoice", "credit_memo", "payment", "application").contains(kind)) {
      throw new IllegalArgumentException("kind: not a ledger document: " + kind);
    }
    return jdbc.sql("select id from " + kind + " where source_system = ? and external_id = ?")
        .params(sourceSystem, externalId)
        .query(Long.class)
        .optional();
  }

  // ---------------------------------------------------------------- shared shapes

  /** A target column, the canonical field whose mapping governs updating it, its source value. */
  record Col(String column, String field, String value) {}

  /**
   * Moves every staged row of the run with a problem to quarantine, first a duplicate external id
   * (the first row of an id wins), then the kind's own cases (SQL {@code when ... then 'field:
   * reason'} over staging {@code s} and the joins), and deletes them from staging. With {@code
   * oldAccount}/{@code newAccount} (SQL expressions), it also returns the accounts documents move
   * away from.
   */
  private Checked check(
      String staging,
      long runId,
      String quarantine,
      String joins,
      String cases,
      String oldAccount,
      String newAccount) {
    String s = table(staging);
    String moved =
        oldAccount == null
            ? "cast(null as bigint)"
            : "case when %1$s <> %2$s then %1$s end".formatted(oldAccount, newAccount);
    String sql =
        """
        with dups as (
          select source_system, external_id, min(row_no) as first_row
          from %1$s where run_id = :run
          group by source_system, external_id having count(*) > 1),
        c as materialized (
          select s.row_no, case
            when d.first_row is not null and d.first_row <> s.row_no
              then 'external_id: duplicate of row ' || d.first_row
            %3$s
            end as problem, %4$s as moved_from
          from %1$s s
          left join dups d on d.source_system = s.source_system and d.external_id = s.external_id
          %5$s
          where s.run_id = :run),
        q as (
          insert into %2$s (run_id, row_no, field, message, raw)
          select :run, c.row_no, split_part(c.problem, ': ', 1),
                 substr(c.problem, strpos(c.problem, ': ') + 2), cast(s.raw as jsonb)
          from c join %1$s s on s.run_id = :run and s.row_no = c.row_no
          where c.problem is not null
          returning 1)
        select (select count(*) from q) as rejected,
               array(select distinct moved_from from c where problem is null and moved_from is not null)
                 as moved"""
            .formatted(s, table(quarantine), cases, moved, joins);
    record Result(long rejected, Long[] moved) {}
    Result r =
        jdbc.sql(sql)
            .param("run", runId)
            .query(
                (rs, n) ->
                    new Result(rs.getLong("rejected"), (Long[]) rs.getArray("moved").getArray()))
            .single();
    if (r.rejected() > 0) {
      deleteRejected(staging, runId, quarantine);
    }
    Set<AccountId> left = new LinkedHashSet<>();
    for (Long a : r.moved()) {
      left.add(new AccountId(a));
    }
    return new Checked(r.rejected(), left);
  }

  /**
   * The join condition's tail for records already in the ledger, on the alias {@code x}: "and
   * false" when no staged row's source system has any record of the kind yet (a first import), so
   * that checks on existing records cost nothing then; otherwise it names those source systems, so
   * that the database reads only their records (a delta from one ERP in a ledger of several, or of
   * millions, reads its own) rather than every record of the kind.
   */
  private String existing(String target, Set<String> stagedSources) {
    List<String> sources =
        jdbc.sql(
                """
                select s from unnest(cast(:sources as text[])) s
                where exists (select 1 from %s t where t.source_system = s) order by s"""
                    .formatted(table(target)))
            .param("sources", stagedSources.toArray(String[]::new))
            .query(String.class)
            .list();
    if (sources.isEmpty()) {
      return "and false";
    }
    List<String> literals = new ArrayList<>();
    for (String source : sources) {
      literals.add("'" + source.replace("'", "''") + "'");
    }
    return "and x.source_system in (" + String.join(", ", literals) + ")";
  }

  private void deleteRejected(String staging, long runId, String quarantine) {
    jdbc.sql(
            """
            delete from %s s where s.run_id = :run and s.row_no in (
              select q.row_no from %s q where q.run_id = :run)"""
                .formatted(table(staging), table(quarantine)))
        .param("run", runId)
        .update();
  }

  /**
   * One upsert statement: new documents inserted with {@code insertOnly} columns (open amounts),
   * existing ones updated on their mapped columns plus {@code alsoSet} when any mapped column
   * differs. Returns the counts and the accounts of the documents written.
   */
  private Merged upsert(
      String staging,
      long runId,
      Set<String> sources,
      Set<String> mapped,
      String target,
      List<Col> cols,
      String joins,
      Map<String, String> insertOnly,
      String alsoSet) {
    // The staged rows as the target's columns (x), then two plain statements: an UPDATE of the
    // documents that exist and differ, an INSERT of those that do not exist. (One INSERT ... ON
    // CONFLICT DO UPDATE does both, but locks and rewrites each existing row: about twice the work
    // of a plain UPDATE on a daily delta.)
    List<String> selected = new ArrayList<>();
    for (Col c : cols) {
      selected.add(c.value() + " as " + c.column());
    }
    insertOnly.forEach((col, value) -> selected.add(value + " as new_" + col));
    String source =
        "(select s.source_system, s.external_id, %s from %s s %s where s.run_id = :run%s) x"
            .formatted(String.join(", ", selected), table(staging), joins, NEW_ONLY);
    boolean anyExisting = !existing(target, sources).equals("and false");
    long updated = 0;
    Set<AccountId> accounts = new LinkedHashSet<>();
    List<Col> changed = cols.stream().filter(c -> mapped.contains(c.field())).toList();
    if (anyExisting && !changed.isEmpty()) {
      String sql =
          """
          with u as (
            update %1$s d set %2$s, %3$s
            from %4$s
            where d.source_system = x.source_system and d.external_id = x.external_id
              and (%5$s) is distinct from (%6$s)
            returning d.account_id)
          select count(*) as n, array(select distinct account_id from u) as accounts from u"""
              .formatted(
                  target,
                  String.join(
                      ", ", changed.stream().map(c -> c.column() + " = x." + c.column()).toList()),
                  alsoSet.replace("excluded.", "x."),
                  source.replace(NEW_ONLY, ""),
                  String.join(", ", changed.stream().map(c -> "d." + c.column()).toList()),
                  String.join(", ", changed.stream().map(c -> "x." + c.column()).toList()));
      updated = count(sql, runId, accounts);
    }
    List<String> insertCols = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Col c : cols) {
      insertCols.add(c.column());
      values.add("x." + c.column());
    }
    insertOnly.forEach(
        (col, value) -> {
          insertCols.add(col);
          values.add("x.new_" + col);
        });
    String sql =
        """
        with i as (
          insert into %1$s (source_system, external_id, %2$s, created_at)
          select x.source_system, x.external_id, %3$s, :now
          from %4$s
          returning account_id)
        select count(*) as n, array(select distinct account_id from i) as accounts from i"""
            .formatted(
                target,
                String.join(", ", insertCols),
                String.join(", ", values),
                // Only the staged rows that are new reach the joins (a delta has few).
                source.replace(
                    NEW_ONLY,
                    anyExisting
                        ? " and not exists (select 1 from %s t where t.source_system = s.source_system and t.external_id = s.external_id)"
                            .formatted(target)
                        : ""));
    long created = withoutReferenceChecks(target, () -> count(sql, runId, accounts));
    return new Merged(created, updated, accounts);
  }

  /**
   * Runs one INSERT of the merge without the database's per-row foreign-key checks, where this
   * session may switch them off (the embedded database; an external one when the application's role
   * was granted {@code SET ON PARAMETER session_replication_role}), otherwise with them.
   *
   * <p>Why it is safe: every reference the INSERT writes (account, end customer, legal entity) is
   * the id of a row it joins in the same statement, and accounts and legal entities are never
   * deleted. Why it matters: the checks are a trigger call and an index probe per row and
   * reference, about 45% of a first import's merge (three references on an invoice). The setting
   * switches off every trigger but those marked ALWAYS, so it is used only while the table has no
   * trigger of its own (one a DBA added fires as usual, with the checks); it is transaction-local
   * and put back at once, so nothing else in the transaction (the audit trail's guard triggers
   * among it) runs without its triggers.
   */
  private long withoutReferenceChecks(String target, java.util.function.LongSupplier insert) {
    boolean ownTriggers =
        jdbc.sql(
                """
                select exists (select 1 from pg_trigger
                  where tgrelid = cast(:table as regclass) and not tgisinternal)""")
            .param("table", table(target))
            .query(Boolean.class)
            .single();
    if (ownTriggers) {
      return insert.getAsLong();
    }
    boolean off;
    jdbc.sql("savepoint merge_references").update();
    try {
      jdbc.sql("set local session_replication_role = replica").update();
      jdbc.sql("release savepoint merge_references").update();
      off = true;
    } catch (org.springframework.dao.DataAccessException e) {
      jdbc.sql("rollback to savepoint merge_references").update();
      off = false;
    }
    long n = insert.getAsLong(); // on failure the transaction rolls back, the setting with it
    if (off) {
      jdbc.sql("set local session_replication_role = origin").update();
    }
    return n;
  }

  /** Runs a statement returning {@code n} and {@code accounts}; adds the accounts to the set. */
  private long count(String sql, long runId, Set<AccountId> accounts) {
    return jdbc.sql(sql)
        .param("run", runId)
        .param("now", now())
        .query(
            (rs, n) -> {
              for (Long a : (Long[]) rs.getArray("accounts").getArray()) {
                accounts.add(new AccountId(a));
              }
              return rs.getLong("n");
            })
        .single();
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
