package dev.recoup.suspension;

import static dev.recoup.suspension.SuspensionFixtures.deliverAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.Postings;
import dev.recoup.notifications.WebhookDelivery;
import dev.recoup.notifications.WebhookSettings;
import dev.recoup.notifications.WebhookTarget;
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
 * The provisioning system is down for a whole simulated day at the suspension date: Recoup retries
 * with exponential backoff, dead-letters the call with an alert in the team's chat and on the
 * suspensions page, and a replay once the system is back suspends the service exactly once, even
 * when the receiver's first answer is lost.
 */
@RecoupTest
class ProvisioningOutageTests {

  @Autowired Suspensions suspensions;
  @Autowired Webhooks webhooks;
  @Autowired WebhookSettings settings;
  @Autowired Access access;
  @Autowired Postings postings;
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
  void aDayOfOutageEndsInADeadLetterWithAnAlertAndAReplaySuspendsExactlyOnce() {
    Suspension s = approvedSuspensionDueOn27November();
    String suspendId = "suspension:" + s.id() + ":suspend";

    // 2026-11-27 at noon: the date has come, and provisioning answers 503 all day.
    receiver.answer(WebhookReceiver.Mode.DOWN);
    clock.setDate("2026-11-27");
    suspensions.advance(LocalDate.parse("2026-11-27"));
    assertThat(suspensions.find(s.id()).status()).isEqualTo(SuspensionStatus.SUSPENDED);
    Instant start = clock.instant();
    for (int minute = 0; minute < 24 * 60; minute++) {
      webhooks.deliverDue();
      if (minute % 60 == 0) {
        suspensions.advance(LocalDate.now(clock));
      }
      clock.advanceSeconds(60);
    }

    // Ten attempts, each waiting twice as long as the one before (capped at an hour).
    List<WebhookReceiver.Received> calls = receiver.callsFor(suspendId);
    assertThat(calls).hasSize(settings.maxAttempts());
    assertThat(calls).allSatisfy(c -> assertThat(c.verified()).isTrue());
    assertThat(calls).allSatisfy(c -> assertThat(c.answered()).isEqualTo(503));
    assertThat(calls.get(0).at()).isEqualTo(start);
    for (int n = 1; n < calls.size(); n++) {
      long gap = Duration.between(calls.get(n - 1).at(), calls.get(n).at()).getSeconds();
      long backoff = Math.min(settings.backoffSeconds() << (n - 1), 3600);
      assertThat(gap).as("wait before attempt %d", n + 1).isBetween(backoff, backoff + 60);
    }
    WebhookDelivery dead = provisioning(s.id()).get(0);
    assertThat(dead.status()).isEqualTo(WebhookDelivery.Status.DEAD);
    assertThat(dead.lastHttpStatus()).isEqualTo(503);
    assertThat(suspensions.failedDeliveries(500))
        .extracting(WebhookDelivery::id)
        .contains(dead.id());
    assertThat(receiver.chatMessages())
        .anySatisfy(
            m ->
                assertThat(m.text())
                    .contains("could not deliver account.suspended for suspension #" + s.id())
                    .contains("Replay delivery #" + dead.id()));
    // Recoup never queued a second suspend, and provisioning applied nothing.
    assertThat(provisioning(s.id())).hasSize(1);
    assertThat(receiver.timesApplied(suspendId)).isZero();

    // The next morning provisioning is back; a collector may not replay, the lead does.
    receiver.answer(WebhookReceiver.Mode.APPLY_THEN_FAIL);
    SignedIn.as(access, "arjun");
    assertThatThrownBy(() -> suspensions.replay(dead.id()))
        .isInstanceOf(AccessDeniedException.class);
    SignedIn.as(access, "lena");
    assertThat(suspensions.replay(dead.id()).status()).isEqualTo(WebhookDelivery.Status.PENDING);
    SignedIn.out();

    // The receiver applies it but its answer is lost (500); the retry carries the same delivery
    // id, and the receiver drops it as a duplicate.
    webhooks.deliverDue();
    assertThat(webhooks.find(dead.id()).orElseThrow().status())
        .isEqualTo(WebhookDelivery.Status.PENDING);
    clock.advanceSeconds(settings.backoffSeconds() + 1);
    deliverAll(webhooks);
    WebhookDelivery delivered = webhooks.find(dead.id()).orElseThrow();
    assertThat(delivered.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
    assertThat(receiver.callsFor(suspendId)).hasSize(settings.maxAttempts() + 2);
    assertThat(receiver.callsFor(suspendId))
        .extracting(WebhookReceiver.Received::deliveryId)
        .containsOnly(suspendId);
    assertThat(receiver.timesApplied(suspendId)).isEqualTo(1);
    assertThat(webhooks.attemptsOf(dead.id())).hasSize(settings.maxAttempts() + 2);

    // A delivered call is not replayed.
    SignedIn.as(access, "lena");
    assertThatThrownBy(() -> suspensions.replay(dead.id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("status:");
  }

  @Test
  void aPaymentWhileProvisioningIsDownCancelsTheUndeliveredSuspendAndReinstates() {
    Suspension s = approvedSuspensionDueOn27November();
    receiver.answer(WebhookReceiver.Mode.DOWN);
    clock.setDate("2026-11-27");
    suspensions.advance(LocalDate.parse("2026-11-27"));
    webhooks.deliverDue();
    clock.advanceSeconds(3600);
    webhooks.deliverDue();
    assertThat(receiver.callsFor("suspension:" + s.id() + ":suspend")).hasSize(2);

    // The customer pays in the afternoon, before provisioning is back.
    SignedIn.as(access, "arjun");
    SuspensionFixtures.payPastDue(postings, suspensions, s, LocalDate.parse("2026-11-27"));
    SignedIn.out();
    assertThat(suspensions.find(s.id()).status()).isEqualTo(SuspensionStatus.REINSTATED);

    receiver.answer(WebhookReceiver.Mode.UP);
    clock.advanceSeconds(7200);
    deliverAll(webhooks);
    List<WebhookDelivery> calls = provisioning(s.id());
    assertThat(calls)
        .extracting(WebhookDelivery::eventType, WebhookDelivery::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "account.suspended", WebhookDelivery.Status.CANCELLED),
            org.assertj.core.groups.Tuple.tuple(
                "account.reinstated", WebhookDelivery.Status.DELIVERED));
    // The suspend is never applied after the fact, whatever a person replays.
    assertThat(receiver.timesApplied("suspension:" + s.id() + ":suspend")).isZero();
    assertThat(receiver.timesApplied("suspension:" + s.id() + ":reinstate")).isEqualTo(1);
    SignedIn.as(access, "lena");
    assertThatThrownBy(() -> suspensions.replay(calls.get(0).id()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Proposed by arjun on 2026-11-20 for the 27th; maria approves, and the notice goes out. */
  private Suspension approvedSuspensionDueOn27November() {
    clock.setDate("2026-11-20");
    AccountId id =
        SuspensionFixtures.freshAccountOfArjun(jdbc, access, LocalDate.parse("2026-11-20"), false);
    SignedIn.as(access, "arjun");
    Suspension s =
        suspensions.propose(new NewSuspension(id.value(), null, null, "Unpaid since summer"), null);
    SignedIn.as(access, "maria");
    Suspension approved = suspensions.decide(s.id(), true, false, null);
    SignedIn.out();
    assertThat(approved.status()).isEqualTo(SuspensionStatus.NOTICE_SENT);
    assertThat(approved.suspendOn()).isEqualTo(LocalDate.parse("2026-11-27"));
    deliverAll(webhooks);
    return approved;
  }

  private List<WebhookDelivery> provisioning(long suspensionId) {
    return suspensions.deliveries(suspensionId).stream()
        .map(Suspensions.Delivery::delivery)
        .filter(d -> d.target() == WebhookTarget.PROVISIONING)
        .toList();
  }
}
