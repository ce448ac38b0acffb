package dev.recoup.suspension;

import static dev.recoup.suspension.SuspensionFixtures.deliverAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.ledger.Postings;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.WebhookSettings;
import dev.recoup.notifications.Webhooks;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two-tier suspension: the partner owes, its end customers use the service. A partner's suspension
 * reaches the end customers only when the manager approves it with cascade; then each end customer
 * is suspended (and reinstated) with the partner, by its own provisioning call.
 */
@RecoupTest
class PartnerCascadeTests {

  @Autowired Suspensions suspensions;
  @Autowired Webhooks webhooks;
  @Autowired WebhookSettings settings;
  @Autowired Accounts accounts;
  @Autowired Access access;
  @Autowired Postings postings;
  @Autowired Outbox outbox;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;

  WebhookReceiver receiver;
  Instant clockAtStart;

  @BeforeEach
  void startTheReceivers() throws Exception {
    clockAtStart = clock.instant();
    receiver = new WebhookReceiver(SuspensionFixtures.SECRET, clock::instant);
    SuspensionFixtures.pointAt(settings, receiver);
  }

  @AfterEach
  void stopTheReceiversAndRestoreTheClock() {
    SignedIn.out();
    SuspensionFixtures.unplug(settings);
    receiver.close();
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void aPartnersSuspensionCascadesToItsEndCustomersOnlyWithTheManagersExplicitApproval() {
    clock.setDate("2026-11-20");
    AccountId partnerId =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), true);
    Account partner = accounts.find(partnerId).orElseThrow();
    List<Account> endCustomers = accounts.endCustomers(partnerId);
    assertThat(endCustomers).isNotEmpty();

    // An end customer is billed through its partner: it is not suspended on its own.
    SignedIn.as(access, "lena");
    assertThatThrownBy(
            () ->
                suspensions.propose(
                    new NewSuspension(endCustomers.get(0).id().value(), null, null, "x"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("suspend the partner, with cascade");

    // 2026-11-20: approved without the cascade flag, only the partner is suspended on the 27th.
    SignedIn.as(access, "arjun");
    Suspension first =
        suspensions.propose(
            new NewSuspension(partnerId.value(), null, null, "Partner behind on its invoices"),
            null);
    SignedIn.as(access, "maria");
    Suspension partnerOnly = suspensions.decide(first.id(), true, false, null);
    SignedIn.out();
    assertThat(suspensions.children(first.id())).isEmpty();
    clock.setDate("2026-11-27");
    suspensions.advance(LocalDate.parse("2026-11-27"));
    deliverAll(webhooks);
    assertThat(receiver.provisioningCalls())
        .singleElement()
        .satisfies(r -> assertThat(r.accountExternalId()).isEqualTo(partner.externalId()));
    for (Account ec : endCustomers) {
      assertThat(suspensions.forAccount(ec.id())).isEmpty();
    }
    assertThat(partnerOnly.cascadeToEndCustomers()).isFalse();
    // The manager decides the end customers must go too: she lifts this one by hand...
    SignedIn.as(access, "maria");
    suspensions.reinstate(first.id(), "Replaced by a suspension that includes the end customers");
    deliverAll(webhooks);

    // ...and arjun proposes again; this time the manager approves with cascade.
    SignedIn.as(access, "arjun");
    Suspension s =
        suspensions.propose(
            new NewSuspension(partnerId.value(), null, null, "Partner stopped paying"), null);
    assertThat(suspensions.children(s.id())).isEmpty();
    SignedIn.as(access, "maria");
    Suspension approved = suspensions.decide(s.id(), true, true, "Cascade: the partner is gone");
    SignedIn.out();
    assertThat(approved.cascadeToEndCustomers()).isTrue();
    List<Suspension> children = suspensions.children(s.id());
    assertThat(children)
        .extracting(c -> c.accountId())
        .containsExactlyInAnyOrderElementsOf(endCustomers.stream().map(Account::id).toList());
    assertThat(children)
        .allSatisfy(
            c -> {
              assertThat(c.status()).isEqualTo(SuspensionStatus.NOTICE_SENT);
              assertThat(c.origin()).isEqualTo(Suspension.Origin.CASCADE);
              assertThat(c.suspendOn()).isEqualTo(approved.suspendOn());
            });
    // The partner's notice names the end customers it concerns.
    assertThat(outbox.find(approved.noticeMessageId()).orElseThrow().bodyText())
        .contains("also applies to your end customers")
        .contains(endCustomers.get(0).name());

    // At the date, one signed provisioning call per account: the partner and each end customer.
    clock.setDate(approved.suspendOn().toString());
    suspensions.advance(approved.suspendOn());
    deliverAll(webhooks);
    Map<String, WebhookReceiver.Received> suspends =
        receiver.provisioningCalls().stream()
            .filter(
                r ->
                    ("suspension:" + s.id() + ":suspend").equals(r.deliveryId())
                        || children.stream()
                            .anyMatch(
                                c -> ("suspension:" + c.id() + ":suspend").equals(r.deliveryId())))
            .collect(Collectors.toMap(WebhookReceiver.Received::accountExternalId, r -> r));
    assertThat(suspends.keySet())
        .containsExactlyInAnyOrderElementsOf(
            concat(partner, endCustomers).stream().map(Account::externalId).toList());
    assertThat(suspends.values()).allSatisfy(r -> assertThat(r.verified()).isTrue());
    @SuppressWarnings("unchecked")
    Map<String, Object> cascade =
        (Map<String, Object>)
            suspends.get(endCustomers.get(0).externalId()).json().get("cascadedFrom");
    assertThat(cascade)
        .containsEntry("partnerExternalId", partner.externalId())
        .containsEntry("suspensionId", (int) s.id());
    assertThat(suspensions.children(s.id()))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(SuspensionStatus.SUSPENDED));

    // The partner pays: it and every end customer are reinstated together.
    SignedIn.as(access, "arjun");
    SuspensionFixtures.payPastDue(postings, suspensions, s, approved.suspendOn());
    SignedIn.out();
    deliverAll(webhooks);
    assertThat(suspensions.find(s.id()).status()).isEqualTo(SuspensionStatus.REINSTATED);
    assertThat(suspensions.children(s.id()))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(SuspensionStatus.REINSTATED));
    assertThat(
            receiver.provisioningCalls().stream()
                .filter(r -> "reinstate".equals(r.json().get("action")))
                .filter(r -> !r.deliveryId().equals("suspension:" + first.id() + ":reinstate"))
                .map(WebhookReceiver.Received::accountExternalId))
        .containsExactlyInAnyOrderElementsOf(
            concat(partner, endCustomers).stream().map(Account::externalId).toList());
    // Each end customer's suspension has its own audit trail, naming the partner's.
    assertThat(suspensions.history(children.get(0).id()))
        .extracting(dev.recoup.audit.AuditEvent::action)
        .containsExactly(
            "suspension.cascaded",
            "suspension.notice-sent",
            "suspension.suspended",
            "suspension.reinstated");
  }

  @Test
  void aDirectAccountHasNoEndCustomersToCascadeTo() {
    clock.setDate("2026-11-20");
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    SignedIn.as(access, "arjun");
    Suspension s = suspensions.propose(new NewSuspension(id.value(), null, null, "Unpaid"), null);
    SignedIn.as(access, "maria");
    assertThatThrownBy(() -> suspensions.decide(s.id(), true, true, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cascadeToEndCustomers:");
    assertThat(suspensions.find(s.id()).status()).isEqualTo(SuspensionStatus.PROPOSED);
    SignedIn.as(access, "arjun");
    suspensions.cancel(s.id(), "Test of the cascade rule only");
  }

  private static List<Account> concat(Account first, List<Account> rest) {
    List<Account> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
