package dev.recoup.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.notifications.WebhookDelivery.Status;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SettableClock;
import dev.recoup.suspension.WebhookReceiver;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed webhooks against a real local HTTP server that checks each signature itself: what is sent,
 * what happens without a receiver, a refusal, ordering, and a send cut short by a crash.
 */
@RecoupTest
class WebhookDeliveryTests {

  static final String SECRET = "webhook-delivery-tests-secret";

  @Autowired Webhooks webhooks;
  @Autowired WebhookSettings settings;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcClient jdbc;
  @Autowired SettableClock clock;

  TransactionTemplate tx;
  WebhookReceiver receiver;
  Instant clockAtStart;
  String run;

  @BeforeEach
  void startTheReceiver() throws Exception {
    tx = new TransactionTemplate(transactions);
    clockAtStart = clock.instant();
    run = UUID.randomUUID().toString();
    receiver = new WebhookReceiver(SECRET, clock::instant);
    plugIn();
  }

  @AfterEach
  void stopTheReceiverAndRestoreTheClock() {
    settings.use(WebhookTarget.PROVISIONING, null);
    settings.use(WebhookTarget.CHAT, null);
    settings.useSecret(null);
    receiver.close();
    clock.advanceSeconds(Duration.between(clock.instant(), clockAtStart).getSeconds());
  }

  @Test
  void postsTheBodyAsQueuedSignedWithItsDeliveryIdAndRecordsTheAnswer() {
    long id = enqueue("signed", "provisioning:signed:" + run);
    deliverAll();

    WebhookReceiver.Received r = receiver.callsFor(key("signed")).get(0);
    assertThat(r.verified()).isTrue();
    assertThat(r.event()).isEqualTo("account.suspended");
    assertThat(r.deliveryId()).isEqualTo(key("signed"));
    assertThat(r.body()).isEqualTo(webhooks.find(id).orElseThrow().body());
    assertThat(r.json()).containsEntry("action", "suspend").containsEntry("id", key("signed"));
    assertThat(r.timestamp()).isEqualTo(String.valueOf(clock.instant().getEpochSecond()));
    WebhookDelivery d = webhooks.find(id).orElseThrow();
    assertThat(d.status()).isEqualTo(Status.DELIVERED);
    assertThat(webhooks.attemptsOf(id))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.httpStatus()).isEqualTo(200);
              assertThat(a.responseExcerpt()).contains("applied");
              assertThat(a.url()).isEqualTo(receiver.url("/provisioning"));
            });
    // Enqueuing the same event again stores nothing new.
    assertThat(enqueue("signed", "provisioning:signed:" + run)).isEqualTo(id);
  }

  @Test
  void withoutAUrlOrASecretADeliveryIsHeldUntilReplayed() {
    settings.useSecret(null);
    long id = enqueue("held", null);
    WebhookDelivery held = webhooks.find(id).orElseThrow();
    assertThat(held.status()).isEqualTo(Status.HELD);
    assertThat(held.lastError()).contains("RECOUP_WEBHOOK_SECRET");
    assertThatThrownBy(() -> webhooks.replay(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("target: no signing secret");
    deliverAll();
    assertThat(receiver.callsFor(key("held"))).isEmpty();

    plugIn();
    assertThat(webhooks.replay(id).status()).isEqualTo(Status.PENDING);
    deliverAll();
    assertThat(webhooks.find(id).orElseThrow().status()).isEqualTo(Status.DELIVERED);
    assertThat(receiver.callsFor(key("held"))).singleElement().matches(r -> r.verified());
  }

  @Test
  void aRefusalIsDeadAtOnceAndAlertsTheChat() {
    receiver.answer(WebhookReceiver.Mode.REFUSE);
    long id = enqueue("refused", null);
    deliverAll();
    WebhookDelivery d = webhooks.find(id).orElseThrow();
    assertThat(d.status()).isEqualTo(Status.DEAD);
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.lastHttpStatus()).isEqualTo(400);
    assertThat(receiver.chatMessages())
        .anySatisfy(
            m -> {
              assertThat(m.verified()).isTrue();
              assertThat(m.text())
                  .contains("could not deliver account.suspended")
                  .contains("refused by the receiver (HTTP 400: unknown account)")
                  .contains("Replay delivery #" + id);
            });
  }

  @Test
  void deliveriesWithTheSameOrderingKeyArriveInTheOrderTheyWereQueued() {
    String ordering = "provisioning:ordered:" + run;
    receiver.answer(WebhookReceiver.Mode.DOWN);
    enqueue("first", ordering);
    enqueue("second", ordering);
    deliverAll();
    assertThat(receiver.callsFor(key("first"))).hasSize(1);
    assertThat(receiver.callsFor(key("second"))).as("waits behind the first").isEmpty();

    receiver.answer(WebhookReceiver.Mode.UP);
    clock.advanceSeconds(settings.backoffSeconds());
    deliverAll();
    List<String> order =
        receiver.provisioningCalls().stream()
            .filter(r -> r.answered() == 200)
            .map(WebhookReceiver.Received::deliveryId)
            .filter(k -> k.equals(key("first")) || k.equals(key("second")))
            .toList();
    assertThat(order).containsExactly(key("first"), key("second"));
  }

  @Test
  void aSendCutShortByACrashIsSentAgainWithTheSameDeliveryId() {
    long id = enqueue("interrupted", null);
    // The process died during the POST ten minutes ago: the row is still SENDING.
    jdbc.sql("update webhook_delivery set status = 'SENDING', sending_since = ? where id = ?")
        .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).minusMinutes(11), id)
        .update();
    deliverAll();
    WebhookDelivery d = webhooks.find(id).orElseThrow();
    assertThat(d.status()).isEqualTo(Status.DELIVERED);
    assertThat(receiver.callsFor(key("interrupted")))
        .singleElement()
        .matches(r -> r.deliveryId().equals(key("interrupted")) && r.verified());
  }

  @Test
  void theBackoffDoublesUpToAnHour() {
    assertThat(Webhooks.backoffSeconds(60, 1)).isEqualTo(60);
    assertThat(Webhooks.backoffSeconds(60, 2)).isEqualTo(120);
    assertThat(Webhooks.backoffSeconds(60, 6)).isEqualTo(1920);
    assertThat(Webhooks.backoffSeconds(60, 7)).isEqualTo(3600);
    assertThat(Webhooks.backoffSeconds(60, 40)).isEqualTo(3600);
  }

  private void plugIn() {
    settings.use(WebhookTarget.PROVISIONING, receiver.url("/provisioning"));
    settings.use(WebhookTarget.CHAT, receiver.url("/chat"));
    settings.useSecret(SECRET);
  }

  private String key(String name) {
    return "webhook-test:" + run + ":" + name;
  }

  private long enqueue(String name, String orderingKey) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", key(name));
    payload.put("action", "suspend");
    payload.put("account", Map.of("externalId", "CUST-TEST"));
    Long id =
        tx.execute(
            s ->
                webhooks.enqueue(
                    new OutgoingWebhook(
                        key(name),
                        WebhookTarget.PROVISIONING,
                        "account.suspended",
                        null,
                        "webhook-test",
                        null,
                        orderingKey,
                        payload)));
    return id;
  }

  private void deliverAll() {
    for (int i = 0; i < 50 && webhooks.deliverDue() > 0; i++) {
      // until nothing due is left
    }
  }
}
