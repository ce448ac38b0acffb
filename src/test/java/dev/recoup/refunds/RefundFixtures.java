package dev.recoup.refunds;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.Postings;
import dev.recoup.shared.Money;
import dev.recoup.support.RecoupTest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Connor's accounts and the money on them, in domain words, and calls to the running application as
 * a demo user. Connor's accounts are this package's (other tests use other portfolios).
 */
final class RefundFixtures {

  private static final AtomicLong SEQ = new AtomicLong(System.nanoTime());

  private final JdbcClient jdbc;
  private final Postings postings;
  private final int port;

  RefundFixtures(JdbcClient jdbc, Postings postings, int port) {
    this.jdbc = jdbc;
    this.postings = postings;
    this.port = port;
  }

  /**
   * Connor's accounts that may be contacted and are not written off, ranked by their unapplied cash
   * (largest first); {@code rank} picks one, so each scenario works its own account.
   */
  AccountId connorsAccount(int rank) {
    List<Long> ids =
        jdbc.sql(
                """
                select a.id from customer_account a join app_user u on u.id = a.owner_id
                where u.username = 'connor' and not a.do_not_contact and not a.legal_hold
                  and a.status not in ('WRITTEN_OFF', 'BANKRUPT')
                  and exists (select 1 from contact c where c.account_id = a.id
                              and c.email is not null and c.role in ('AP', 'BILLING'))
                order by (select coalesce(sum(p.unapplied_amount), 0) from payment p
                          where p.account_id = a.id) desc, a.id""")
            .query(Long.class)
            .list();
    return new AccountId(ids.get(rank));
  }

  /** One of connor's accounts with an open, undisputed invoice of at least {@code open}. */
  AccountId connorsAccountWithAnOpenInvoiceOf(BigDecimal open, List<AccountId> notThese) {
    return new AccountId(
        jdbc.sql(
                """
                select a.id from customer_account a join app_user u on u.id = a.owner_id
                join invoice i on i.account_id = a.id and i.currency = a.currency
                where u.username = 'connor' and i.open_amount >= ? and i.disputed_amount = 0
                  and not (a.id = any(?))
                order by a.id limit 1""")
            .params(open, notThese.stream().map(AccountId::value).toArray(Long[]::new))
            .query(Long.class)
            .single());
  }

  long openInvoiceOf(AccountId account, BigDecimal atLeast) {
    return jdbc.sql(
            """
            select i.id from invoice i join customer_account a on a.id = i.account_id
            where i.account_id = ? and i.currency = a.currency and i.open_amount >= ?
              and i.disputed_amount = 0
            order by i.due_date, i.id limit 1""")
        .params(account.value(), atLeast)
        .query(Long.class)
        .single();
  }

  String currencyOf(AccountId account) {
    return jdbc.sql("select currency from customer_account where id = ?")
        .param(account.value())
        .query(String.class)
        .single()
        .trim();
  }

  Money money(String amount, AccountId account) {
    return Money.of(new BigDecimal(amount), currencyOf(account));
  }

  /** The customer paid more than it owed: the receipt waits as unapplied cash. */
  PaymentId overPayment(AccountId account, String amount) {
    return postings.recordPayment(
        new Postings.NewPayment(
            account,
            money(amount, account),
            LocalDate.parse(RecoupTest.TODAY).minusDays(40),
            "WIRE",
            "DUP-" + SEQ.incrementAndGet(),
            "Payment for invoices already paid",
            "refunds-test-" + SEQ.incrementAndGet()));
  }

  /** The account's unapplied cash in its currency, as the balance summary has it. */
  BigDecimal unappliedCash(AccountId account) {
    return jdbc.sql(
            """
            select coalesce(sum(b.unapplied_cash), 0) from account_balance b
            join customer_account a on a.id = b.account_id and a.currency = b.currency
            where b.account_id = ?""")
        .param(account.value())
        .query(BigDecimal.class)
        .single();
  }

  BigDecimal unappliedCredit(AccountId account) {
    return jdbc.sql(
            """
            select coalesce(sum(b.unapplied_credit), 0) from account_balance b
            join customer_account a on a.id = b.account_id and a.currency = b.currency
            where b.account_id = ?""")
        .param(account.value())
        .query(BigDecimal.class)
        .single();
  }

  BigDecimal paymentUnapplied(PaymentId payment) {
    return jdbc.sql("select unapplied_amount from payment where id = ?")
        .param(payment.value())
        .query(BigDecimal.class)
        .single();
  }

  BigDecimal creditMemoOpen(long memo) {
    return jdbc.sql("select open_amount from credit_memo where id = ?")
        .param(memo)
        .query(BigDecimal.class)
        .single();
  }

  /**
   * I2 with refunds over every payment and credit memo: unapplied = amount − applications −
   * refunds, never below zero. Returns how many break it.
   */
  long breachesOfI2() {
    return jdbc.sql(
                """
                select count(*) from payment p
                left join (select payment_id, sum(amount) as applied from application
                           where payment_id is not null group by payment_id) a on a.payment_id = p.id
                left join (select payment_id, sum(amount) as refunded from refund_posting
                           where payment_id is not null group by payment_id) r on r.payment_id = p.id
                where coalesce(a.applied, 0) + coalesce(r.refunded, 0) > p.amount
                   or p.unapplied_amount <> p.amount - coalesce(a.applied, 0) - coalesce(r.refunded, 0)""")
            .query(Long.class)
            .single()
        + jdbc.sql(
                """
                select count(*) from credit_memo m
                left join (select credit_memo_id, sum(amount) as applied from application
                           where credit_memo_id is not null group by credit_memo_id) a
                  on a.credit_memo_id = m.id
                left join (select credit_memo_id, sum(amount) as refunded from refund_posting
                           where credit_memo_id is not null group by credit_memo_id) r
                  on r.credit_memo_id = m.id
                where coalesce(a.applied, 0) + coalesce(r.refunded, 0) > m.amount
                   or m.open_amount <> m.amount - coalesce(a.applied, 0) - coalesce(r.refunded, 0)""")
            .query(Long.class)
            .single();
  }

  /** A call to the API as a demo user (HTTP Basic), JSON in and out. */
  HttpResponse<String> api(
      String username, String method, String path, String jsonOrNull, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (username + ":" + RecoupTest.DEMO_PASSWORD)
                                .getBytes(StandardCharsets.UTF_8)));
    if (jsonOrNull != null) {
      b.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    b.method(
        method,
        jsonOrNull == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonOrNull));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }
}
