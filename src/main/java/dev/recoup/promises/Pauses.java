package dev.recoup.promises;

import dev.recoup.accounts.AccountId;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Which open items are paused for dunning because the customer committed to pay them: under an open
 * promise (until its date plus the tolerance) or an active plan. A promise on the account as a
 * whole pauses all its items in that currency. A broken promise or plan pauses nothing.
 */
@Service
public class Pauses {

  /**
   * For set-based work over the whole portfolio (the daily dunning run): a query of the ids of the
   * invoices paused on the date bound to the named parameter {@code :asOf}, to use as {@code
   * invoice.id not in (...)} or in an anti-join. The promises module owns it so that what "paused"
   * means stays in one place.
   */
  public static final String PAUSED_INVOICE_IDS =
      """
      select pi.invoice_id from payment_plan pl join plan_invoice pi on pi.plan_id = pl.id
      where pl.status = 'ACTIVE'
      union
      select pi.invoice_id from promise_to_pay p join promise_invoice pi on pi.promise_id = p.id
      where p.status = 'OPEN' and p.promised_on + p.tolerance_days >= cast(:asOf as date)
      union
      select i.id from promise_to_pay p
      join invoice i on i.account_id = p.account_id and i.currency = p.currency and i.open_amount > 0
      where p.status = 'OPEN' and p.promised_on + p.tolerance_days >= cast(:asOf as date)
        and not exists (select 1 from promise_invoice pi where pi.promise_id = p.id)""";

  private final JdbcClient jdbc;

  Pauses(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Invoice id to why it is paused, for one account. */
  public Map<Long, String> forAccount(AccountId account) {
    Map<Long, String> paused = new LinkedHashMap<>();
    jdbc.sql(
            """
            select i.id, 'payment plan #' || pl.id as why, 1 as rank
            from payment_plan pl join plan_invoice pi on pi.plan_id = pl.id
            join invoice i on i.id = pi.invoice_id
            where pl.account_id = :account and pl.status = 'ACTIVE' and i.open_amount > 0
            union all
            select i.id, 'promise to pay by ' || p.promised_on, 2
            from promise_to_pay p
            join invoice i on i.account_id = p.account_id and i.open_amount > 0
            where p.account_id = :account and p.status = 'OPEN'
              and (i.id in (select invoice_id from promise_invoice where promise_id = p.id)
                   or (not exists (select 1 from promise_invoice where promise_id = p.id)
                       and i.currency = p.currency))
            order by rank""")
        .param("account", account.value())
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> paused.putIfAbsent(rs.getLong("id"), rs.getString("why")));
    return paused;
  }

  /** Whether an item is paused on a date (dunning asks this for each due step). */
  public boolean isPaused(long invoiceId, LocalDate on) {
    return jdbc.sql(
            """
            select exists (
              select 1 from payment_plan pl join plan_invoice pi on pi.plan_id = pl.id
              where pi.invoice_id = :invoice and pl.status = 'ACTIVE')
            or exists (
              select 1 from promise_to_pay p join invoice i on i.account_id = p.account_id
              where i.id = :invoice and p.status = 'OPEN'
                and p.promised_on + p.tolerance_days >= :on
                and (i.id in (select invoice_id from promise_invoice where promise_id = p.id)
                     or (not exists (select 1 from promise_invoice where promise_id = p.id)
                         and i.currency = p.currency)))""")
        .param("invoice", invoiceId)
        .param("on", on)
        .query(Boolean.class)
        .single();
  }
}
