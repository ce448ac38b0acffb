package dev.recoup.suspension;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.Postings;
import dev.recoup.notifications.WebhookSettings;
import dev.recoup.notifications.WebhookTarget;
import dev.recoup.notifications.Webhooks;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Suspension tests in domain words: accounts of the collector arjun (from the highest id down, so
 * that they never meet the accounts other tests take from the lowest), a payment of what is past
 * due, and the receivers pointed at a {@link WebhookReceiver}.
 */
final class SuspensionFixtures {

  static final String SECRET = "shared-secret-of-the-provisioning-system";

  private SuspensionFixtures() {}

  /**
   * An account of arjun's no suspension test used yet: active, contactable by e-mail, not on hold,
   * with collectible past due on {@code today}, all open items in its own currency, no plan. A
   * partner with end customers, or a direct account.
   */
  static AccountId freshAccountOfArjun(
      JdbcClient jdbc, Access access, LocalDate today, boolean partner) {
    long arjun = access.user("arjun").orElseThrow().id().value();
    return new AccountId(
        jdbc.sql(
                """
                select a.id from customer_account a
                where a.owner_id = :arjun and a.status = 'ACTIVE' and a.partner_id is null
                  and not a.do_not_contact and not a.legal_hold
                  and (a.channel = 'PARTNER') = :partner
                  and exists (select 1 from customer_account e where e.partner_id = a.id) = :partner
                  and exists (select 1 from contact c where c.account_id = a.id
                              and c.email is not null and c.email <> '')
                  and exists (select 1 from invoice i where i.account_id = a.id
                              and i.open_amount > i.disputed_amount and i.due_date < :today)
                  and not exists (select 1 from invoice i where i.account_id = a.id
                                  and i.open_amount > 0 and i.currency <> a.currency)
                  and (select count(*) from invoice i where i.account_id = a.id
                       and i.open_amount > 0) <= 15
                  and not exists (select 1 from payment_plan p where p.account_id = a.id)
                  and not exists (select 1 from suspension s where s.account_id = a.id)
                  and not exists (select 1 from suspension s join customer_account e
                                  on e.id = s.account_id where e.partner_id = a.id)
                order by a.id desc limit 1""")
            .param("arjun", arjun)
            .param("partner", partner)
            .param("today", today)
            .query(Long.class)
            .optional()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no fresh "
                            + (partner ? "partner" : "direct")
                            + " account of arjun left")));
  }

  /**
   * The customer pays what is past due in the suspension's scope today, and the payment is applied
   * item by item: each application commits on its own, as cash application does.
   */
  static PaymentId payPastDue(
      Postings postings, Suspensions suspensions, Suspension s, LocalDate on) {
    List<Invoice> items = suspensions.pastDueNow(s).items();
    Money total = Money.zero(items.get(0).collectible().currencyCode());
    for (Invoice i : items) {
      total = total.plus(i.collectible());
    }
    PaymentId payment =
        postings.recordPayment(
            new Postings.NewPayment(
                s.accountId(),
                total,
                on,
                "WIRE",
                "REF-" + s.id(),
                "Payment of the past-due balance, suspension " + s.id(),
                "suspension-test-" + UUID.randomUUID()));
    for (Invoice i : items) {
      postings.apply(payment, i.id(), i.collectible(), on);
    }
    return payment;
  }

  static void pointAt(WebhookSettings settings, WebhookReceiver receiver) {
    settings.use(WebhookTarget.PROVISIONING, receiver.url("/provisioning"));
    settings.use(WebhookTarget.CHAT, receiver.url("/chat"));
    settings.useSecret(SECRET);
  }

  /** As in the test configuration: no receiver, no secret (deliveries are held). */
  static void unplug(WebhookSettings settings) {
    settings.use(WebhookTarget.PROVISIONING, null);
    settings.use(WebhookTarget.CHAT, null);
    settings.useSecret(null);
  }

  /** What the worker does every few seconds, until nothing due is left. */
  static void deliverAll(Webhooks webhooks) {
    for (int i = 0; i < 50 && webhooks.deliverDue() > 0; i++) {
      // each round delivers what was due; a failure is rescheduled, not retried at once
    }
  }
}
