package dev.recoup.suspension;

import static dev.recoup.suspension.SuspensionFixtures.deliverAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.audit.AuditEvent;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.LedgerInvariants;
import dev.recoup.ledger.Postings;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutboxMessage;
import dev.recoup.notifications.WebhookDelivery;
import dev.recoup.notifications.WebhookSettings;
import dev.recoup.notifications.Webhooks;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.support.SignedIn;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * Acceptance 3 of issue 7: a suspension from proposal to automatic reinstatement, against a real
 * local HTTP server that stands in for the provisioning system and the team's chat, and checks
 * every signature itself. The business dates read as a timeline on the settable clock.
 */
@RecoupTest
class SuspensionJourneyTests {

  @Autowired Suspensions suspensions;
  @Autowired Webhooks webhooks;
  @Autowired WebhookSettings settings;
  @Autowired Accounts accounts;
  @Autowired Access access;
  @Autowired Postings postings;
  @Autowired Outbox outbox;
  @Autowired Aging aging;
  @Autowired AuditTrail audit;
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
  void aSuspensionGoesFromProposalToAutomaticReinstatementWhenThePastDueIsPaid() {
    clock.setDate("2026-11-20");
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    Account account = accounts.find(id).orElseThrow();

    // 2026-11-20: arjun proposes to suspend the account on 2026-12-04.
    SignedIn.as(access, "arjun");
    Suspension s =
        suspensions.propose(
            new NewSuspension(
                id.value(), null, LocalDate.parse("2026-12-04"), "Three months unpaid, no answer"),
            "journey-" + id.value());
    assertThat(s.status()).isEqualTo(SuspensionStatus.PROPOSED);
    assertThat(s.evidence()).contains("past due on");

    // The account's sales owner hears of it in the team's chat, signed.
    deliverAll(webhooks);
    assertThat(receiver.chatMessages())
        .anySatisfy(
            m -> {
              assertThat(m.verified()).isTrue();
              assertThat(m.text())
                  .contains("Heads-up for " + account.salesOwner())
                  .contains("arjun proposes to suspend " + account.name())
                  .contains("waiting for the manager's approval");
            });

    // Neither the collector nor the lead may approve; the manager does.
    assertThatThrownBy(() -> suspensions.decide(s.id(), true, false, null))
        .isInstanceOf(AccessDeniedException.class);
    SignedIn.as(access, "lena");
    assertThatThrownBy(() -> suspensions.decide(s.id(), true, false, null))
        .isInstanceOf(AccessDeniedException.class);
    SignedIn.as(access, "maria");
    Suspension approved = suspensions.decide(s.id(), true, false, "Agreed: final notice ignored");
    assertThat(approved.status()).isEqualTo(SuspensionStatus.APPROVED);
    assertThat(approved.noticeOn()).isEqualTo(LocalDate.parse("2026-11-27"));
    SignedIn.out();

    // 2026-11-26: nothing yet.
    clock.setDate("2026-11-26");
    suspensions.advance(LocalDate.parse("2026-11-26"));
    assertThat(suspensions.find(s.id()).status()).isEqualTo(SuspensionStatus.APPROVED);

    // 2026-11-27, seven days before: the customer's notice is in the outbox.
    clock.setDate("2026-11-27");
    suspensions.advance(LocalDate.parse("2026-11-27"));
    Suspension noticed = suspensions.find(s.id());
    assertThat(noticed.status()).isEqualTo(SuspensionStatus.NOTICE_SENT);
    OutboxMessage notice = outbox.find(noticed.noticeMessageId()).orElseThrow();
    assertThat(notice.kind()).isEqualTo("SUSPENSION_NOTICE");
    assertThat(notice.accountId()).isEqualTo(id.value());
    assertThat(notice.subject()).contains("2026-12-04").contains(account.externalId());
    assertThat(notice.bodyText()).contains("will be suspended on 2026-12-04");

    // 2026-12-03: still nothing sent to provisioning.
    clock.setDate("2026-12-03");
    suspensions.advance(LocalDate.parse("2026-12-03"));
    deliverAll(webhooks);
    assertThat(receiver.provisioningCalls()).isEmpty();

    // 2026-12-04: the signed suspend webhook arrives and verifies.
    clock.setDate("2026-12-04");
    suspensions.advance(LocalDate.parse("2026-12-04"));
    deliverAll(webhooks);
    assertThat(suspensions.find(s.id()).status()).isEqualTo(SuspensionStatus.SUSPENDED);
    String suspendId = "suspension:" + s.id() + ":suspend";
    List<WebhookReceiver.Received> suspend = receiver.callsFor(suspendId);
    assertThat(suspend).hasSize(1);
    WebhookReceiver.Received call = suspend.get(0);
    assertThat(call.verified()).isTrue();
    assertThat(call.answered()).isEqualTo(200);
    assertThat(call.event()).isEqualTo("account.suspended");
    assertThat(call.json())
        .containsEntry("id", suspendId)
        .containsEntry("action", "suspend")
        .containsEntry("scope", "account")
        .containsEntry("effectiveOn", "2026-12-04");
    assertThat(call.accountExternalId()).isEqualTo(account.externalId());
    assertThat(provisioning(s.id()))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
              assertThat(d.lastHttpStatus()).isEqualTo(200);
            });

    // Running the day again changes nothing: no second suspension.
    suspensions.advance(LocalDate.parse("2026-12-04"));
    deliverAll(webhooks);
    assertThat(receiver.callsFor(suspendId)).hasSize(1);

    // 2026-12-09: the customer pays all that is past due; reinstatement follows by itself.
    clock.setDate("2026-12-09");
    SignedIn.as(access, "arjun");
    SuspensionFixtures.payPastDue(postings, suspensions, s, LocalDate.parse("2026-12-09"));
    SignedIn.out();
    Suspension reinstated = suspensions.find(s.id());
    assertThat(reinstated.status()).isEqualTo(SuspensionStatus.REINSTATED);
    assertThat(reinstated.endReason()).startsWith("past due cleared (payment ");
    deliverAll(webhooks);
    String reinstateId = "suspension:" + s.id() + ":reinstate";
    assertThat(receiver.callsFor(reinstateId))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.verified()).isTrue();
              assertThat(r.answered()).isEqualTo(200);
              assertThat(r.json()).containsEntry("action", "reinstate");
              assertThat(r.accountExternalId()).isEqualTo(account.externalId());
            });
    assertThat(receiver.timesApplied(suspendId)).isEqualTo(1);

    // The customer is told, and so is the sales owner.
    assertThat(outbox.forAccount(id.value(), 20))
        .anySatisfy(
            m -> {
              assertThat(m.kind()).isEqualTo("SUSPENSION_REINSTATED");
              assertThat(m.subject()).contains("Service restored");
            });
    assertThat(receiver.chatMessages())
        .anySatisfy(
            m ->
                assertThat(m.text())
                    .contains(account.name() + " (" + account.externalId() + ") is reinstated"));

    // Every step is in the audit trail.
    assertThat(suspensions.history(s.id()))
        .extracting(AuditEvent::action)
        .containsSubsequence(
            "suspension.proposed",
            "suspension.approved",
            "suspension.notice-sent",
            "suspension.suspended",
            "suspension.reinstated");
    assertThat(suspensions.history(s.id()))
        .filteredOn(e -> e.action().equals("suspension.approved"))
        .extracting(AuditEvent::actor)
        .containsExactly("maria");
    LedgerInvariants.assertHold(jdbc, aging, audit, LocalDate.parse("2026-12-09"));
  }

  @Test
  void theManagerCannotApproveHerOwnProposalAndARejectionSaysWhy() {
    clock.setDate("2026-11-20");
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    SignedIn.as(access, "maria");
    Suspension s =
        suspensions.propose(
            new NewSuspension(id.value(), null, null, "Escalated by the CFO"), null);
    assertThat(s.suspendOn()).isEqualTo(LocalDate.parse("2026-11-27"));
    assertThatThrownBy(() -> suspensions.decide(s.id(), true, false, null))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Who proposed a suspension cannot approve");
    SignedIn.as(access, "arjun");
    Suspension cancelled = suspensions.cancel(s.id(), "Customer called: paying this week");
    assertThat(cancelled.status()).isEqualTo(SuspensionStatus.CANCELLED);

    Suspension again =
        suspensions.propose(
            new NewSuspension(id.value(), null, null, "No payment after all"), null);
    SignedIn.as(access, "maria");
    assertThatThrownBy(() -> suspensions.decide(again.id(), false, false, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("note:");
    Suspension rejected =
        suspensions.decide(again.id(), false, false, "Strategic account: talk to sales first");
    assertThat(rejected.status()).isEqualTo(SuspensionStatus.REJECTED);
    assertThat(rejected.endReason()).isEqualTo("Strategic account: talk to sales first");
    deliverAll(webhooks);
    assertThat(receiver.provisioningCalls()).isEmpty();
  }

  private List<WebhookDelivery> provisioning(long suspensionId) {
    return suspensions.deliveries(suspensionId).stream()
        .map(Suspensions.Delivery::delivery)
        .filter(d -> d.target() == dev.recoup.notifications.WebhookTarget.PROVISIONING)
        .toList();
  }
}
