package dev.recoup.suspension;

import dev.recoup.accounts.Account;
import dev.recoup.notifications.ChatAlerts;
import dev.recoup.notifications.OutgoingWebhook;
import dev.recoup.notifications.WebhookTarget;
import dev.recoup.notifications.Webhooks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a suspension tells other systems, as signed webhooks queued in the caller's transaction: the
 * provisioning system (suspend, reinstate) and the team's chat (heads-ups for the account's sales
 * owner). The provisioning body names the account by its external id (the id the provisioning
 * system knows), the contract when the scope is one, the action, and a delivery id that stays the
 * same on every retry so that the receiver can drop duplicates.
 */
@Component
class ProvisioningCalls {

  static final String SUBJECT = "suspension";

  private final Webhooks webhooks;
  private final ChatAlerts chat;

  ProvisioningCalls(Webhooks webhooks, ChatAlerts chat) {
    this.webhooks = webhooks;
    this.chat = chat;
  }

  enum Action {
    SUSPEND("account.suspended"),
    REINSTATE("account.reinstated");

    final String eventType;

    Action(String eventType) {
      this.eventType = eventType;
    }
  }

  /**
   * Deliveries for the same account and scope reach the provisioning system in order: a reinstate
   * never overtakes the suspend before it.
   */
  static String orderingKey(Suspension s) {
    return "provisioning:account:"
        + s.accountId().value()
        + (s.contractRef() == null ? "" : ":contract:" + s.contractRef());
  }

  /** The delivery id of an action: the same on every retry and replay of it. */
  static String deliveryId(Suspension s, Action action) {
    return "suspension:" + s.id() + ":" + action.name().toLowerCase();
  }

  /** Queues the provisioning call for one suspension (a cascaded child gets its own). */
  @Transactional(propagation = Propagation.MANDATORY)
  long call(
      Action action,
      Suspension s,
      Account account,
      Account partnerOrNull,
      LocalDate effectiveOn,
      String because,
      Instant at) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", deliveryId(s, action));
    body.put("type", action.eventType);
    body.put("action", action.name().toLowerCase());
    body.put("occurredAt", at.toString());
    body.put("effectiveOn", effectiveOn.toString());
    body.put("suspensionId", s.id());
    Map<String, Object> acct = new LinkedHashMap<>();
    acct.put("externalId", account.externalId());
    acct.put("sourceSystem", account.sourceSystem());
    acct.put("name", account.name());
    body.put("account", acct);
    body.put("scope", s.contractRef() == null ? "account" : "contract");
    body.put("contractRef", s.contractRef());
    if (partnerOrNull != null) {
      Map<String, Object> cascade = new LinkedHashMap<>();
      cascade.put("suspensionId", s.parentId());
      cascade.put("partnerExternalId", partnerOrNull.externalId());
      cascade.put("partnerName", partnerOrNull.name());
      body.put("cascadedFrom", cascade);
    }
    body.put("reason", because);
    return webhooks.enqueue(
        new OutgoingWebhook(
            deliveryId(s, action),
            WebhookTarget.PROVISIONING,
            action.eventType,
            account.id().value(),
            SUBJECT,
            s.id(),
            orderingKey(s),
            body));
  }

  /**
   * Cancels the provisioning calls of this account and scope that never reached the receiver: a
   * reinstatement makes an undelivered suspend pointless (and dangerous, were it replayed later).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  int supersedeUndelivered(Suspension s, String why) {
    return webhooks.supersede(orderingKey(s), why).size();
  }

  /** A heads-up in the team's chat, addressed to the account's sales owner, once per step. */
  @Transactional(propagation = Propagation.MANDATORY)
  long tellSalesOwner(Suspension s, Account account, String step, String text) {
    String owner =
        account.salesOwner() == null || account.salesOwner().isBlank()
            ? "sales (no sales owner on record)"
            : account.salesOwner();
    return chat.alert(
        "suspension:" + s.id() + ":chat:" + step,
        "suspension." + step,
        account.id().value(),
        SUBJECT,
        s.id(),
        "Heads-up for " + owner + ": " + text);
  }
}
