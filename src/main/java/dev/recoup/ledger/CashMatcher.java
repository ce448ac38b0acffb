package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds suggested matches for a set of payments and keeps them in {@code cash_suggestion}. Two
 * phases. First one set-based statement for all the payments: the remittance text split into
 * tokens, joined to the open invoices (same currency) of the payer and its related accounts
 * (parent, children, siblings) by invoice number and by PO number; each named group applied oldest
 * first (partial when the payment is short, the rest unapplied when it is over); a named invoice or
 * a PO invoice equal to the payment; an open invoice of the payer equal to the payment. Then, only
 * for the payments still without a match of {@link #STRONG} confidence, a bounded search for two to
 * four open invoices that sum exactly to the payment: among the invoices the remittance named, then
 * among the payer's oldest {@link #CANDIDATES} open invoices, at most {@link #NODE_BUDGET} search
 * steps per payment, oldest invoices first. Rejected matches and matches already applied are never
 * suggested.
 */
@Component
class CashMatcher {

  static final int STRONG = 70;
  static final int CANDIDATES = 25;
  static final int MAX_PER_COMBINATION = 4;
  static final int NODE_BUDGET = 50_000;
  static final int MAX_COMBINATIONS = 3;
  private static final int EXACT_PER_PAYMENT = 3;

  private final JdbcClient jdbc;
  private final Clock clock;

  CashMatcher(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Replaces the suggestions of these payments with fresh ones, in the caller's transaction (or its
   * own). Returns how many suggestions there are now.
   */
  @Transactional
  public int refresh(Collection<Long> paymentIds) {
    if (paymentIds.isEmpty()) {
      return 0;
    }
    Long[] ids = paymentIds.stream().distinct().toArray(Long[]::new);
    jdbc.sql("delete from cash_suggestion where payment_id = any(?)").param(ids).update();
    // Planned for the payments at hand, every time: once the driver prepares the statement on the
    // server, a generic plan guesses ten payments and nests loops over the CTEs, which at 5,000
    // payments runs minutes instead of a second (measured at tier M).
    jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
    int found =
        jdbc.sql(setBasedSql())
            .param("ids", ids)
            .param("now", now())
            .param("penalty", MatchBasis.AMBIGUITY_PENALTY)
            .update();
    return found + combinations(ids);
  }

  /** Phase one: remittance tokens, named groups, exact amounts. */
  private static String setBasedSql() {
    return """
        with pay as (
          select p.id, p.account_id, p.currency, p.unapplied_amount as cash, p.remittance_text as remit
          from payment p where p.id = any(:ids) and p.unapplied_amount > 0),
        fam as (
          select pay.id as payment_id, pay.account_id from pay where pay.remit is not null
          union
          select pay.id, a.parent_id from pay join customer_account a on a.id = pay.account_id
          where pay.remit is not null and a.parent_id is not null
          union
          select pay.id, c.id from pay join customer_account c on c.parent_id = pay.account_id
          where pay.remit is not null
          union
          select pay.id, s.id from pay join customer_account a on a.id = pay.account_id
          join customer_account s on s.parent_id = a.parent_id and s.id <> a.id
          where pay.remit is not null),
        tok as (
          select distinct pay.id as payment_id, upper(btrim(t, '.,;:#()[]{}"''')) as token
          from pay cross join lateral regexp_split_to_table(pay.remit, '[[:space:],;]+') as t
          where pay.remit is not null),
        cand as materialized (
          select f.payment_id, i.id, i.due_date, i.open_amount, upper(i.number) as num,
                 upper(i.po_number) as po
          from fam f join pay on pay.id = f.payment_id
          join invoice i on i.account_id = f.account_id and i.open_amount > 0
                        and i.currency = pay.currency
          where exists (select 1 from tok where tok.payment_id = f.payment_id)),
        named as (
          select distinct c.payment_id, 'NAMED' as grp, '' as evidence, c.id, c.due_date, c.open_amount
          from cand c join tok t on t.payment_id = c.payment_id and t.token = c.num),
        po as (
          select distinct on (c.payment_id, t.token, c.id) c.payment_id, 'PO' as grp,
                 t.token as evidence, c.id, c.due_date, c.open_amount
          from cand c join tok t on t.payment_id = c.payment_id and t.token = c.po
          where not exists (select 1 from named n where n.payment_id = c.payment_id and n.id = c.id)),
        groups as (select * from named union all select * from po),
        gsum as (
          select payment_id, grp, evidence, sum(open_amount) as open, count(*) as n,
                 array_agg(id order by due_date, id) as ids
          from groups group by payment_id, grp, evidence),
        alloc as (
          select g.*, pay.cash,
                 least(g.open_amount, greatest(pay.cash - (sum(g.open_amount) over w - g.open_amount), 0))
                   as amount
          from groups g join pay on pay.id = g.payment_id
          window w as (partition by g.payment_id, g.grp, g.evidence order by g.due_date, g.id)),
        whole as (
          select a.payment_id,
                 s.grp || case when s.open = max(a.cash) then '_EXACT'
                               when s.open > max(a.cash) then '_SHORT' else '_OVER' end as basis,
                 nullif(s.evidence, '') as evidence,
                 array_agg(a.id order by a.due_date, a.id) filter (where a.amount > 0) as invoice_ids,
                 array_agg(a.amount order by a.due_date, a.id) filter (where a.amount > 0) as amounts,
                 s.ids as group_ids, s.open as group_open, s.n as group_size, 0 as penalty
          from alloc a join gsum s on s.payment_id = a.payment_id and s.grp = a.grp
                                  and s.evidence = a.evidence
          group by a.payment_id, s.grp, s.evidence, s.open, s.n, s.ids),
        one as (
          select g.payment_id, g.grp || '_ONE_EXACT' as basis, nullif(g.evidence, '') as evidence,
                 array[g.id] as invoice_ids, array[g.open_amount] as amounts,
                 s.ids as group_ids, s.open as group_open,
                 count(*) over (partition by g.payment_id, g.grp, g.evidence) as group_size,
                 case when count(*) over (partition by g.payment_id, g.grp, g.evidence) > 1
                      then :penalty else 0 end as penalty
          from groups g join gsum s on s.payment_id = g.payment_id and s.grp = g.grp
                                   and s.evidence = g.evidence
          join pay on pay.id = g.payment_id
          where g.open_amount = pay.cash and s.n > 1),
        exact as (
          select x.payment_id, 'AMOUNT_EXACT' as basis, null as evidence,
                 array[x.id] as invoice_ids, array[x.open_amount] as amounts,
                 array[x.id] as group_ids, x.open_amount as group_open, x.k as group_size,
                 case when x.k > 1 then :penalty else 0 end as penalty
          from (select pay.id as payment_id, i.id, i.open_amount,
                       count(*) over (partition by pay.id) as k,
                       row_number() over (partition by pay.id order by i.due_date, i.id) as rn
                from pay join invoice i on i.account_id = pay.account_id and i.open_amount > 0
                                       and i.open_amount = pay.cash and i.currency = pay.currency) x
          where x.rn <= %1$d),
        found as (
          select payment_id, basis, evidence, invoice_ids, amounts, group_ids, group_open,
                 group_size, penalty from whole where invoice_ids is not null
          union all select payment_id, basis, evidence, invoice_ids, amounts, group_ids, group_open,
                 group_size, penalty from one
          union all select payment_id, basis, evidence, invoice_ids, amounts, group_ids, group_open,
                 group_size, penalty from exact),
        keyed as (
          select f.*, %2$s - f.penalty as confidence,
                 array_to_string(array(select unnest(f.invoice_ids) order by 1), ',') as match_key
          from found f),
        best as (
          select distinct on (payment_id, match_key) * from keyed
          order by payment_id, match_key, confidence desc)
        insert into cash_suggestion (payment_id, match_key, basis, confidence, invoice_ids, amounts,
          currency, total, group_ids, group_open, group_size, evidence, computed_at)
        select b.payment_id, b.match_key, b.basis, b.confidence, b.invoice_ids, b.amounts, pay.currency,
               (select sum(x) from unnest(b.amounts) x), b.group_ids, b.group_open, b.group_size,
               left(b.evidence, 200), :now
        from best b join pay on pay.id = b.payment_id
        where not exists (select 1 from cash_rejection r
                          where r.payment_id = b.payment_id and md5(r.match_key) = md5(b.match_key))
          and not exists (select 1 from cash_match m
                          where m.payment_id = b.payment_id and md5(m.match_key) = md5(b.match_key)
                            and m.origin in ('ACCEPTED', 'AUTO'))
        on conflict do nothing
        """
        .formatted(EXACT_PER_PAYMENT, MatchBasis.sqlConfidence("f.basis"));
  }

  /** An invoice the search may use: its id, due order and open amount in 1/10,000ths. */
  private record Candidate(long id, long open) {}

  /**
   * Phase two: bounded subset-sum searches for the payments phase one left without a strong match.
   */
  private int combinations(Long[] ids) {
    Map<Long, Long> cash = new HashMap<>();
    Map<Long, String> currency = new HashMap<>();
    jdbc.sql(
            """
            select p.id, p.unapplied_amount, p.currency from payment p
            where p.id = any(?) and p.unapplied_amount > 0
              and not exists (select 1 from cash_suggestion s
                              where s.payment_id = p.id and s.confidence >= ?)""")
        .params(ids, STRONG)
        .query(
            (RowCallbackHandler)
                rs -> {
                  cash.put(rs.getLong(1), units(rs.getBigDecimal(2)));
                  currency.put(rs.getLong(1), rs.getString(3));
                });
    if (cash.isEmpty()) {
      return 0;
    }
    Long[] weak = cash.keySet().toArray(Long[]::new);
    // The invoices the remittance named (phase one kept them as a group), oldest first.
    Map<Long, List<Candidate>> named = new HashMap<>();
    Map<Long, Integer> namedSize = new HashMap<>();
    jdbc.sql(
            """
            select s.payment_id, g.id, i.open_amount, s.group_size
            from cash_suggestion s
            cross join lateral unnest(s.group_ids) with ordinality as g(id, n)
            join invoice i on i.id = g.id and i.open_amount > 0
            where s.payment_id = any(?) and s.basis = 'NAMED_SHORT'
              and s.group_size > 1
            order by s.payment_id, g.n""")
        .param(weak)
        .query(
            (RowCallbackHandler)
                rs -> {
                  List<Candidate> list =
                      named.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                  if (list.size() < CANDIDATES) {
                    list.add(new Candidate(rs.getLong(2), units(rs.getBigDecimal(3))));
                  }
                  namedSize.put(rs.getLong(1), rs.getInt(4));
                });
    // The payer's oldest open invoices smaller than the payment.
    Map<Long, List<Candidate>> own = new HashMap<>();
    jdbc.sql(
            """
            select x.payment_id, x.id, x.open_amount from (
              select p.id as payment_id, i.id, i.open_amount,
                     row_number() over (partition by p.id order by i.due_date, i.id) as rn
              from payment p join invoice i on i.account_id = p.account_id and i.open_amount > 0
                and i.open_amount < p.unapplied_amount and i.currency = p.currency
              where p.id = any(?)) x
            where x.rn <= ? order by x.payment_id, x.rn""")
        .params(weak, CANDIDATES)
        .query(
            (RowCallbackHandler)
                rs ->
                    own.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new Candidate(rs.getLong(2), units(rs.getBigDecimal(3)))));
    List<Object[]> rows = new ArrayList<>();
    for (Long payment : weak) {
      long target = cash.get(payment);
      List<Candidate> n = named.getOrDefault(payment, List.of());
      if (n.size() > 1) {
        List<long[]> found = search(n, target, Math.min(MAX_PER_COMBINATION, n.size() - 1));
        for (long[] combo : found) {
          rows.add(
              row(
                  payment,
                  MatchBasis.NAMED_SUBSET,
                  found.size() > 1,
                  combo,
                  n,
                  namedSize.get(payment),
                  currency.get(payment)));
        }
        if (found.size() == 1) {
          continue; // the remittance and the amount agree: no need to look beyond what it named
        }
      }
      List<Candidate> o = own.getOrDefault(payment, List.of());
      List<long[]> found = search(o, target, MAX_PER_COMBINATION);
      for (long[] combo : found) {
        rows.add(
            row(
                payment,
                MatchBasis.COMBINATION,
                found.size() > 1,
                combo,
                o,
                combo.length,
                currency.get(payment)));
      }
    }
    int inserted = 0;
    for (Object[] r : rows) {
      inserted +=
          jdbc.sql(
                  """
                  insert into cash_suggestion (payment_id, match_key, basis, confidence, invoice_ids,
                    amounts, currency, total, group_ids, group_open, group_size, evidence, computed_at)
                  select :payment, :key, :basis, :confidence, cast(:ids as bigint[]),
                         cast(:amounts as numeric[]), :currency, cast(:total as numeric),
                         cast(:groupIds as bigint[]), cast(:groupOpen as numeric), :groupSize, null, :now
                  where not exists (select 1 from cash_rejection r where r.payment_id = :payment
                                    and md5(r.match_key) = md5(:key))
                    and not exists (select 1 from cash_match m where m.payment_id = :payment
                                    and md5(m.match_key) = md5(:key)
                                    and m.origin in ('ACCEPTED', 'AUTO'))
                  on conflict do nothing""")
              .param("payment", r[0])
              .param("key", r[1])
              .param("basis", r[2])
              .param("confidence", r[3])
              .param("ids", r[4])
              .param("amounts", r[5])
              .param("currency", r[6])
              .param("total", r[7])
              .param("groupIds", r[8])
              .param("groupOpen", r[9])
              .param("groupSize", r[10])
              .param("now", now())
              .update();
    }
    return inserted;
  }

  private static Object[] row(
      long payment,
      MatchBasis basis,
      boolean ambiguous,
      long[] combo,
      List<Candidate> group,
      int groupSize,
      String currency) {
    Long[] ids = new Long[combo.length];
    String[] amounts = new String[combo.length];
    long total = 0;
    for (int k = 0; k < combo.length; k++) {
      Candidate c = group.get((int) combo[k]);
      ids[k] = c.id();
      amounts[k] = amount(c.open());
      total += c.open();
    }
    Long[] groupIds = group.stream().map(Candidate::id).toArray(Long[]::new);
    long groupOpen = group.stream().mapToLong(Candidate::open).sum();
    String key =
        String.join(",", Arrays.stream(ids).sorted().map(String::valueOf).toArray(String[]::new));
    return new Object[] {
      payment,
      key,
      basis.name(),
      basis.confidence() - (ambiguous ? MatchBasis.AMBIGUITY_PENALTY : 0),
      ids,
      amounts,
      currency,
      amount(total),
      groupIds,
      amount(basis == MatchBasis.NAMED_SUBSET ? groupOpen : total),
      groupSize
    };
  }

  /**
   * Combinations of two to {@code maxSize} candidates (indexes into the list, oldest first) whose
   * open amounts sum exactly to {@code target}: smaller combinations first, then in the order of
   * the candidates, so the oldest invoices are preferred. Stops after {@link #MAX_COMBINATIONS} or
   * {@link #NODE_BUDGET} steps. Amounts are all positive, so a partial sum beyond the target ends
   * its branch.
   */
  static List<long[]> search(List<Candidate> candidates, long target, int maxSize) {
    List<long[]> found = new ArrayList<>();
    int[] budget = {NODE_BUDGET};
    long[] open = candidates.stream().mapToLong(Candidate::open).toArray();
    for (int size = 2; size <= maxSize && found.size() < MAX_COMBINATIONS; size++) {
      extend(open, target, size, 0, 0, new long[size], 0, found, budget);
    }
    return found;
  }

  private static void extend(
      long[] open,
      long target,
      int size,
      int from,
      long sum,
      long[] chosen,
      int depth,
      List<long[]> found,
      int[] budget) {
    for (int i = from; i < open.length; i++) {
      if (found.size() >= MAX_COMBINATIONS || --budget[0] < 0) {
        return;
      }
      long s = sum + open[i];
      if (s > target) {
        continue;
      }
      chosen[depth] = i;
      if (depth + 1 == size) {
        if (s == target) {
          found.add(chosen.clone());
        }
      } else {
        extend(open, target, size, i + 1, s, chosen, depth + 1, found, budget);
      }
    }
  }

  /** Amounts as whole 1/10,000ths (the ledger's numeric scale), so the search adds integers. */
  private static long units(BigDecimal amount) {
    return amount.movePointRight(4).longValueExact();
  }

  private static String amount(long units) {
    return BigDecimal.valueOf(units, 4).toPlainString();
  }

  // ----------------------------------------------------------------------------------- reading

  /**
   * The current suggestions of these payments, best first per payment, with their invoices'
   * numbers, accounts and open amounts as they stand now and the reason in words.
   */
  @Transactional(readOnly = true)
  public Map<Long, List<CashSuggestion>> of(Collection<Long> paymentIds, int perPayment) {
    Map<Long, List<CashSuggestion>> result = new LinkedHashMap<>();
    if (paymentIds.isEmpty()) {
      return result;
    }
    Long[] ids = paymentIds.stream().distinct().toArray(Long[]::new);
    record Raw(
        long id,
        long payment,
        long payer,
        String key,
        MatchBasis basis,
        int confidence,
        Long[] invoiceIds,
        BigDecimal[] amounts,
        Long[] groupIds,
        String currency,
        BigDecimal total,
        BigDecimal groupOpen,
        int groupSize,
        String evidence,
        BigDecimal unapplied) {}
    List<Raw> raws =
        jdbc.sql(
                """
                select * from (
                  select s.*, p.account_id as payer, p.unapplied_amount,
                         row_number() over (partition by s.payment_id
                                            order by s.confidence desc, s.id) as rn
                  from cash_suggestion s join payment p on p.id = s.payment_id
                  where s.payment_id = any(?)) x
                where x.rn <= ? order by x.payment_id, x.rn""")
            .params(ids, perPayment)
            .query(
                (rs, n) ->
                    new Raw(
                        rs.getLong("id"),
                        rs.getLong("payment_id"),
                        rs.getLong("payer"),
                        rs.getString("match_key"),
                        MatchBasis.valueOf(rs.getString("basis")),
                        rs.getInt("confidence"),
                        longs(rs.getArray("invoice_ids")),
                        decimals(rs.getArray("amounts")),
                        longs(rs.getArray("group_ids")),
                        rs.getString("currency").trim(),
                        rs.getBigDecimal("total"),
                        rs.getBigDecimal("group_open"),
                        rs.getInt("group_size"),
                        rs.getString("evidence"),
                        rs.getBigDecimal("unapplied_amount")))
            .list();
    if (raws.isEmpty()) {
      return result;
    }
    List<Long> invoiceIds = new ArrayList<>();
    raws.forEach(
        r -> {
          invoiceIds.addAll(Arrays.asList(r.invoiceIds()));
          invoiceIds.addAll(Arrays.asList(r.groupIds()));
        });
    record Inv(
        String number,
        long account,
        String accountName,
        java.time.LocalDate due,
        String po,
        BigDecimal open) {}
    Map<Long, Inv> invoices = new HashMap<>();
    jdbc.sql(
            """
            select i.id, i.number, i.account_id, a.name, i.due_date, i.po_number, i.open_amount
            from invoice i join customer_account a on a.id = i.account_id where i.id = any(?)""")
        .param(invoiceIds.stream().distinct().toArray(Long[]::new))
        .query(
            (RowCallbackHandler)
                rs ->
                    invoices.put(
                        rs.getLong(1),
                        new Inv(
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getObject(5, java.time.LocalDate.class),
                            rs.getString(6),
                            rs.getBigDecimal(7))));
    for (Raw r : raws) {
      List<CashSuggestion.Line> lines = new ArrayList<>();
      for (int k = 0; k < r.invoiceIds().length; k++) {
        Inv inv = invoices.get(r.invoiceIds()[k]);
        if (inv == null) {
          continue;
        }
        lines.add(
            new CashSuggestion.Line(
                new InvoiceId(r.invoiceIds()[k]),
                inv.number(),
                new AccountId(inv.account()),
                inv.accountName(),
                inv.account() != r.payer(),
                inv.due(),
                inv.po(),
                Money.ofStored(inv.open(), r.currency()),
                Money.ofStored(r.amounts()[k], r.currency())));
      }
      Money total = Money.ofStored(r.total(), r.currency());
      Money unapplied = Money.ofStored(r.unapplied(), r.currency());
      Money leftUnapplied = unapplied.minus(total);
      Money groupOpen = Money.ofStored(r.groupOpen(), r.currency());
      boolean shortBasis = r.basis() == MatchBasis.NAMED_SHORT || r.basis() == MatchBasis.PO_SHORT;
      Money leftOpen = shortBasis ? groupOpen.minus(total) : Money.zero(r.currency());
      List<String> groupNumbers =
          Arrays.stream(r.groupIds())
              .map(invoices::get)
              .filter(java.util.Objects::nonNull)
              .map(Inv::number)
              .toList();
      CashSuggestion s =
          new CashSuggestion(
              r.id(),
              new PaymentId(r.payment()),
              r.key(),
              r.basis(),
              r.confidence(),
              "",
              List.copyOf(lines),
              total,
              leftUnapplied.isNegative() ? Money.zero(r.currency()) : leftUnapplied,
              leftOpen.isNegative() ? Money.zero(r.currency()) : leftOpen);
      s =
          new CashSuggestion(
              s.id(),
              s.payment(),
              s.key(),
              s.basis(),
              s.confidence(),
              reason(s, groupNumbers, r.groupSize(), r.evidence()),
              s.lines(),
              s.total(),
              s.leftUnapplied(),
              s.leftOpen());
      result.computeIfAbsent(r.payment(), k -> new ArrayList<>()).add(s);
    }
    return result;
  }

  /** The reason in words, e.g. "INV-1042 and INV-1043 named in the remittance; ...". */
  static String reason(
      CashSuggestion s, List<String> groupNumbers, int groupSize, String evidence) {
    String funded = list(s.numbers());
    String named = list(groupNumbers);
    boolean one = s.lines().size() == 1;
    String several = s.ambiguous() ? " (one of " + groupSize + " with this amount)" : "";
    return switch (s.basis()) {
      case NAMED_EXACT ->
          funded
              + " named in the remittance; "
              + (one ? "its open amount equals" : "their open amounts sum to")
              + " the payment";
      case NAMED_ONE_EXACT ->
          funded
              + " named in the remittance and its open amount equals the payment"
              + (s.ambiguous() ? " (so does another named invoice)" : "");
      case NAMED_SUBSET ->
          s.lines().size()
              + " of the "
              + groupSize
              + " invoices named in the remittance ("
              + funded
              + ") sum to the payment"
              + (s.ambiguous() ? " (one of several such combinations)" : "");
      case NAMED_OVER ->
          funded
              + " named in the remittance; the payment exceeds "
              + (one ? "its open amount" : "their open amounts")
              + " by "
              + s.leftUnapplied()
              + ", which stays unapplied cash";
      case NAMED_SHORT ->
          named
              + " named in the remittance; the payment is "
              + s.leftOpen()
              + " short, applied oldest first, the rest stays open";
      case PO_EXACT ->
          "PO "
              + evidence
              + " named in the remittance; its "
              + (one ? "open invoice " + funded + " equals" : "open invoices sum to")
              + " the payment";
      case PO_ONE_EXACT ->
          "PO "
              + evidence
              + " named in the remittance; the open amount of "
              + funded
              + " equals the payment"
              + several;
      case PO_OVER ->
          "PO "
              + evidence
              + " named in the remittance; the payment exceeds its open invoices by "
              + s.leftUnapplied()
              + ", which stays unapplied cash";
      case PO_SHORT ->
          "PO "
              + evidence
              + " named in the remittance; the payment is "
              + s.leftOpen()
              + " short of its open invoices, applied oldest first";
      case AMOUNT_EXACT -> "exact amount of " + funded + several;
      case COMBINATION ->
          s.lines().size()
              + " open invoices sum to the payment"
              + (s.ambiguous() ? " (one of several combinations)" : "");
    };
  }

  /** "A", "A and B", "A, B and C", "A, B, C, D, E and 3 more". */
  static String list(List<String> items) {
    if (items.isEmpty()) {
      return "";
    }
    if (items.size() == 1) {
      return items.get(0);
    }
    if (items.size() > 6) {
      return String.join(", ", items.subList(0, 5)) + " and " + (items.size() - 5) + " more";
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  static Long[] longs(Array array) throws SQLException {
    if (array == null) {
      return new Long[0];
    }
    Object[] values = (Object[]) array.getArray();
    Long[] out = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = ((Number) values[i]).longValue();
    }
    return out;
  }

  static BigDecimal[] decimals(Array array) throws SQLException {
    if (array == null) {
      return new BigDecimal[0];
    }
    Object[] values = (Object[]) array.getArray();
    BigDecimal[] out = new BigDecimal[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (BigDecimal) values[i];
    }
    return out;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
  }
}
