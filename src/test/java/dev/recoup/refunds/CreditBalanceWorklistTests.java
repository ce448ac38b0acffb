package dev.recoup.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.Postings;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutboxMessage;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * The collector's credit-balance worklist: Connor sees the credits on his accounts, oldest first,
 * filters and sorts them, exports them, and asks a customer whether to refund its credit or apply
 * it — once, however often the button is pressed.
 */
@RecoupTest
class CreditBalanceWorklistTests {

  @Autowired CreditBalances balances;
  @Autowired CreditOutreach outreach;
  @Autowired Refunds refunds;
  @Autowired Postings postings;
  @Autowired Outbox outbox;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;
  @LocalServerPort int port;

  RefundFixtures fx;

  @BeforeEach
  void fixtures() {
    fx = new RefundFixtures(jdbc, postings, port);
  }

  @AfterEach
  void reset() {
    SignedIn.out();
    clock.setDate(RecoupTest.TODAY);
  }

  @Test
  void connorSeesTheCreditsOfHisAccountsAgedFilteredSortedAndExported() throws Exception {
    AccountId account = fx.connorsAccount(4);
    SignedIn.as(access, "connor");
    PaymentId payment = fx.overPayment(account, "730"); // value date 40 days ago
    CreditSourceRef credit = CreditSourceRef.payment(payment.value());

    CreditBalancePage mine = balances.page(filter("mine", null, null, null, "age", "desc", 500));
    assertThat(mine.filter().scope()).isEqualTo("mine");
    assertThat(mine.rows()).isNotEmpty().allMatch(c -> "Connor Collector".equals(c.ownerName()));
    assertThat(mine.rows())
        .extracting(CreditBalance::ageDays)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    CreditBalance row =
        mine.rows().stream().filter(c -> c.source().equals(credit)).findFirst().orElseThrow();
    assertThat(row.ageDays()).isEqualTo(40);
    assertThat(row.open()).isEqualTo(fx.money("730", account));
    assertThat(row.available()).isEqualTo(fx.money("730", account));
    assertThat(row.openReporting()).isNotNull();
    assertThat(row.openReporting().currencyCode()).isEqualTo(balances.reportingCurrency());
    assertThat(row.accountId()).isEqualTo(account);
    assertThat(mine.bands().stream().mapToLong(CreditBalancePage.AgeBand::count).sum())
        .isEqualTo(mine.total());
    // The collector's default is its own accounts; a lead's is everyone's.
    assertThat(balances.page(filter(null, null, null, null, null, null, 50)).filter().scope())
        .isEqualTo("mine");

    // Filters: age, amount, kind.
    assertThat(sources(filter("mine", null, 40, null, "age", "desc", 500))).contains(credit);
    assertThat(sources(filter("mine", null, 41, null, "age", "desc", 500))).doesNotContain(credit);
    assertThat(sources(filter("mine", null, null, "CREDIT_MEMO", "age", "desc", 500)))
        .doesNotContain(credit);
    BigDecimal rc = row.openReporting().amount();
    assertThat(sources(filter("mine", rc, null, null, "age", "desc", 500))).contains(credit);
    assertThat(sources(filter("mine", rc.add(BigDecimal.ONE), null, null, "age", "desc", 500)))
        .doesNotContain(credit);
    var byAmount = balances.page(filter("mine", null, null, null, "amount", "desc", 500)).rows();
    assertThat(byAmount.stream().filter(c -> c.openReporting() != null).toList())
        .extracting(c -> c.openReporting().amount())
        .isSortedAccordingTo((a, b) -> b.compareTo(a));

    // A pending refund reserves its part of the credit.
    refunds.request(new NewRefund(account, credit, fx.money("200", account), "part refund"), null);
    CreditBalance reserved =
        balances.ofAccount(account).stream()
            .filter(c -> c.source().equals(credit))
            .findFirst()
            .orElseThrow();
    assertThat(reserved.reserved()).isEqualTo(fx.money("200", account));
    assertThat(reserved.available()).isEqualTo(fx.money("530", account));

    // Liam's team includes Connor's accounts.
    SignedIn.as(access, "liam");
    assertThat(sources(filter("team", null, null, null, "age", "desc", 500))).contains(credit);
    assertThat(balances.page(filter(null, null, null, null, null, null, 50)).filter().scope())
        .isEqualTo("all");

    // The same list as CSV and through the API.
    var csv =
        fx.api(
            "connor", "GET", "/refunds/credit-balances.csv?scope=mine&minAgeDays=40", null, null);
    assertThat(csv.statusCode()).isEqualTo(200);
    String document =
        jdbc.sql("select external_id from payment where id = ?")
            .param(payment.value())
            .query(String.class)
            .single();
    assertThat(csv.body().lines().filter(l -> l.contains(document)).toList())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("PAYMENT").contains(",40,").contains("530"));
    var json =
        fx.api(
            "connor", "GET", "/api/v1/credit-balances?scope=mine&sort=amount&size=500", null, null);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body())
        .contains("\"document\":\"" + document + "\"")
        .contains("\"ageDays\":40");
    assertThat(
            fx.api("connor", "GET", "/api/v1/credit-balances?scope=everyone", null, null)
                .statusCode())
        .isEqualTo(422);
  }

  @Test
  void outreachAsksTheCustomerOnceWhetherToRefundOrApplyItsCredit() {
    AccountId account = fx.connorsAccount(5);
    SignedIn.as(access, "connor");
    PaymentId payment = fx.overPayment(account, "415");
    String key = RefundFixtures.unique("outreach");

    Outreach sent = outreach.send(account, null, key);
    OutboxMessage message = outbox.find(sent.outboxMessageId()).orElseThrow();
    assertThat(message.kind()).isEqualTo("CREDIT_OUTREACH");
    assertThat(message.accountId()).isEqualTo(account.value());
    assertThat(message.to()).isEqualTo(sent.toAddress());
    assertThat(
            jdbc.sql("select role from contact where account_id = ? and email = ?")
                .params(account.value(), sent.toAddress())
                .query(String.class)
                .list())
        .containsAnyOf("AP", "BILLING");
    String document =
        jdbc.sql("select external_id from payment where id = ?")
            .param(payment.value())
            .query(String.class)
            .single();
    assertThat(message.subject())
        .startsWith("Credit balance of")
        .contains(sent.balance().split(" \\+ ")[0]);
    assertThat(message.bodyHtml())
        .contains(document)
        .contains("call you back")
        .contains("future invoices");
    assertThat(sent.sentBy()).isEqualTo("connor");

    // Pressed again with the same key: the same e-mail, recorded once.
    Outreach again = outreach.send(account, null, key);
    assertThat(again.outboxMessageId()).isEqualTo(sent.outboxMessageId());
    assertThat(
            jdbc.sql("select count(*) from credit_outreach where outbox_message_id = ?")
                .param(sent.outboxMessageId())
                .query(Long.class)
                .single())
        .isEqualTo(1);

    // Visible on the account and on the worklist.
    assertThat(refunds.ofAccount(account).outreach())
        .extracting(Outreach::outboxMessageId)
        .contains(sent.outboxMessageId());
    assertThat(balances.ofAccount(account)).allMatch(c -> c.lastOutreachAt() != null);

    // Not on another collector's account; not to a contact of another account.
    long emmas =
        jdbc.sql(
                "select min(a.id) from customer_account a join app_user u on u.id = a.owner_id where u.username = 'emma'")
            .query(Long.class)
            .single();
    assertThatThrownBy(() -> outreach.send(new AccountId(emmas), null, key))
        .isInstanceOf(AccessDeniedException.class);
    long otherContact =
        jdbc.sql("select min(id) from contact where account_id <> ?")
            .param(account.value())
            .query(Long.class)
            .single();
    assertThatThrownBy(() -> outreach.send(account, otherContact, RefundFixtures.unique("k")))
        .hasMessage("contactId: not a contact of this account");
  }

  private List<CreditSourceRef> sources(CreditBalanceFilter f) {
    return balances.page(f).rows().stream().map(CreditBalance::source).toList();
  }

  private static CreditBalanceFilter filter(
      String scope,
      BigDecimal minAmount,
      Integer minAge,
      String kind,
      String sort,
      String dir,
      int size) {
    return new CreditBalanceFilter(scope, minAmount, minAge, null, kind, sort, dir, 0, size);
  }
}
