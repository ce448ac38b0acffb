package dev.recoup.notifications;

import dev.recoup.audit.AuditTrail;
import dev.recoup.notifications.WebhookDelivery.Attempt;
import dev.recoup.notifications.WebhookDelivery.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed outgoing webhooks: the only way Recoup calls another system (the provisioning system, the
 * team's chat). A webhook is stored in the caller's transaction ({@link #enqueue}), so it exists
 * exactly when the change that caused it committed; the worker ({@link #deliverDue}) POSTs it
 * afterwards, signed as {@link WebhookSignature} describes, records every attempt and the
 * receiver's answer, retries failures with exponential backoff and dead-letters what keeps failing,
 * with a chat alert. Unlike an e-mail, a webhook carries a delivery id the receiver deduplicates
 * on, so a send that was interrupted is simply sent again.
 */
@Service
public class Webhooks {

  private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

  /** A POST takes seconds (bounded by the timeouts); one older than this was interrupted. */
  static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(10);

  static final long MAX_BACKOFF_SECONDS = 3600;

  private static final int MAX_EXCERPT = 500;
  private static final int MAX_ERROR = 1000;
  private static final int MAX_LIMIT = 1000;

  private final WebhookDeliveries deliveries;
  private final WebhookSettings settings;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final Clock clock;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  @Autowired
  Webhooks(
      WebhookDeliveries deliveries,
      WebhookSettings settings,
      PlatformTransactionManager transactions,
      AuditTrail audit,
      Clock clock) {
    this.deliveries = deliveries;
    this.settings = settings;
    this.tx = new TransactionTemplate(transactions);
    this.audit = audit;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Raised for an id that names no delivery. */
  public static class NoSuchDelivery extends dev.recoup.shared.NoSuchRecord {
    public NoSuchDelivery(long id) {
      super("No webhook delivery " + id);
    }
  }

  /**
   * Stores a webhook in the caller's transaction (there must be one) and audits it. Returns the
   * delivery id; when one with the same idempotency key exists, returns its id and stores nothing.
   * A target without URL or secret gets the delivery HELD, with the reason.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public long enqueue(OutgoingWebhook w) {
    String body = json.writeValueAsString(w.payload());
    Optional<String> missing = settings.missing(w.target());
    Status status = missing.isPresent() ? Status.HELD : Status.PENDING;
    Optional<Long> inserted =
        deliveries.insert(w, body, status, missing.orElse(null), now(), currentActor());
    if (inserted.isEmpty()) {
      return deliveries
          .idOf(w.idempotencyKey())
          .orElseThrow(() -> new IllegalStateException("idempotency key vanished"));
    }
    long id = inserted.get();
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("deliveryId", id);
    after.put("target", w.target().name());
    after.put("event", w.eventType());
    after.put("deliveryKey", w.idempotencyKey());
    after.put("status", status.name());
    audit.record("webhook.queued", "webhook-delivery", id, null, after, missing.orElse(null));
    return id;
  }

  public Optional<WebhookDelivery> find(long id) {
    return deliveries.byId(id);
  }

  /** The deliveries about one record (say, a suspension), oldest first. */
  public List<WebhookDelivery> forSubject(String subjectType, long subjectId) {
    return deliveries.forSubject(subjectType, subjectId);
  }

  /** The most recent deliveries in some statuses, newest first, optionally of one subject type. */
  public List<WebhookDelivery> withStatus(
      List<Status> statuses, String subjectTypeOrNull, int limit) {
    return deliveries.withStatus(
        statuses, subjectTypeOrNull, Math.max(1, Math.min(limit, MAX_LIMIT)));
  }

  /** Every POST of a delivery with the receiver's answer, in order. */
  public List<Attempt> attemptsOf(long deliveryId) {
    return deliveries.attempts(deliveryId);
  }

  public Map<Status, Long> countsByStatus() {
    return deliveries.countsByStatus();
  }

  /**
   * Sends a dead or held delivery again, with the same delivery id: PENDING, attempts reset, due
   * now (audited). Refused while its target has no URL or secret, since it would only be held.
   */
  @Transactional
  public WebhookDelivery replay(long id) {
    WebhookDelivery d = deliveries.byIdForUpdate(id).orElseThrow(() -> new NoSuchDelivery(id));
    if (!d.replayable()) {
      throw new IllegalArgumentException(
          "status: only dead or held deliveries are replayed; this one is "
              + d.status().name().toLowerCase());
    }
    Optional<String> missing = settings.missing(d.target());
    if (missing.isPresent()) {
      throw new IllegalArgumentException("target: " + missing.get());
    }
    deliveries.requeue(id, now());
    audit.record(
        "webhook.replayed",
        "webhook-delivery",
        id,
        Map.of("status", d.status().name(), "attempts", d.attempts()),
        Map.of("status", Status.PENDING.name(), "deliveryKey", d.idempotencyKey()),
        null);
    return deliveries.byId(id).orElseThrow();
  }

  /**
   * Cancels the deliveries of an ordering key that have not reached the receiver (pending, held or
   * dead), in the caller's transaction: a later event makes them pointless (a reinstatement after a
   * suspension the provisioning system never got). Returns them.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<WebhookDelivery> supersede(String orderingKey, String why) {
    List<WebhookDelivery> cancelled = deliveries.cancelUndelivered(orderingKey, why);
    for (WebhookDelivery d : cancelled) {
      audit.record(
          "webhook.superseded",
          "webhook-delivery",
          d.id(),
          Map.of("status", d.status().name()),
          Map.of("status", Status.CANCELLED.name(), "deliveryKey", d.idempotencyKey()),
          why);
    }
    return cancelled;
  }

  /**
   * The worker's step: re-queues interrupted sends, then POSTs the due deliveries one by one (at
   * most {@code recoup.webhooks.batch-size}). Returns how many were delivered. Runs outside any
   * transaction: each delivery is claimed and committed as SENDING before the receiver is called.
   */
  public int deliverDue() {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("Webhooks.deliverDue must run outside a transaction");
    }
    requeueInterruptedSends();
    int delivered = 0;
    for (int i = 0; i < settings.batchSize(); i++) {
      Optional<WebhookDelivery> claimed = tx.execute(s -> deliveries.claimNextDue(now()));
      if (claimed == null || claimed.isEmpty()) {
        break;
      }
      if (deliver(claimed.get())) {
        delivered++;
      }
    }
    return delivered;
  }

  /**
   * Puts deliveries that have been SENDING for more than ten minutes back in the queue: the process
   * stopped during the POST. The receiver may have processed it; it gets the same delivery id again
   * and drops the duplicate. Returns how many there were.
   */
  public int requeueInterruptedSends() {
    OffsetDateTime now = now();
    List<WebhookDelivery> requeued =
        tx.execute(
            s ->
                deliveries.requeueSendingSince(
                    now.minus(INTERRUPTED_AFTER),
                    now,
                    "interrupted during the POST; sent again with the same delivery id"));
    if (requeued == null) {
      return 0;
    }
    for (WebhookDelivery d : requeued) {
      log.warn("Webhooks: delivery {} was interrupted during its POST; sending it again", d.id());
    }
    return requeued.size();
  }

  /** What one POST got back: a status and the start of the body, or why there was no answer. */
  private record Outcome(
      Instant startedAt, int durationMs, Integer httpStatus, String excerpt, String error) {

    boolean succeeded() {
      return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
    }

    /** A 4xx other than timeout and rate limiting will not get better by trying again. */
    boolean refused() {
      return httpStatus != null
          && httpStatus >= 400
          && httpStatus < 500
          && httpStatus != 408
          && httpStatus != 425
          && httpStatus != 429;
    }

    String describe() {
      if (httpStatus != null) {
        return "HTTP "
            + httpStatus
            + (excerpt == null || excerpt.isBlank() ? "" : ": " + excerpt.strip());
      }
      return error;
    }
  }

  private boolean deliver(WebhookDelivery d) {
    Optional<String> missing = settings.missing(d.target());
    if (missing.isPresent()) {
      tx.executeWithoutResult(
          s -> {
            deliveries.hold(d.id(), missing.get());
            audit.recordAs(
                "system",
                "webhook.held",
                "webhook-delivery",
                d.id(),
                Map.of("status", Status.PENDING.name()),
                Map.of("status", Status.HELD.name()),
                missing.get());
          });
      return false;
    }
    String url = settings.urlOf(d.target()).orElseThrow();
    Outcome outcome = post(d, url, settings.secret().orElseThrow());
    tx.executeWithoutResult(s -> record(d, url, outcome));
    return outcome.succeeded();
  }

  private Outcome post(WebhookDelivery d, String url, String secret) {
    Instant started = Instant.now(clock);
    long timestamp = started.getEpochSecond();
    long t0 = System.nanoTime();
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(settings.timeout())
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "Recoup-Webhooks/1")
              .header(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(timestamp))
              .header(
                  WebhookSignature.SIGNATURE_HEADER,
                  WebhookSignature.sign(secret, timestamp, d.body()))
              .header(WebhookSignature.DELIVERY_HEADER, d.idempotencyKey())
              .header(WebhookSignature.EVENT_HEADER, d.eventType())
              .header("Idempotency-Key", d.idempotencyKey())
              .POST(HttpRequest.BodyPublishers.ofString(d.body(), StandardCharsets.UTF_8))
              .build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      String excerpt;
      try (InputStream in = response.body()) {
        excerpt = new String(in.readNBytes(MAX_EXCERPT), StandardCharsets.UTF_8);
      }
      return new Outcome(started, elapsed(t0), response.statusCode(), excerpt, null);
    } catch (IOException | RuntimeException e) {
      return new Outcome(started, elapsed(t0), null, null, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(started, elapsed(t0), null, null, "interrupted while waiting");
    }
  }

  private void record(WebhookDelivery d, String url, Outcome o) {
    int attempts = d.attempts() + 1;
    // Numbered across replays, so that each POST of the delivery has its own line.
    int number = deliveries.attemptCount(d.id()) + 1;
    deliveries.insertAttempt(
        d.id(),
        number,
        url,
        OffsetDateTime.ofInstant(o.startedAt(), ZoneOffset.UTC),
        o.durationMs(),
        o.httpStatus(),
        o.excerpt(),
        o.error());
    if (o.succeeded()) {
      deliveries.markDelivered(d.id(), attempts, o.httpStatus(), now());
      audit.recordAs(
          "system",
          "webhook.delivered",
          "webhook-delivery",
          d.id(),
          null,
          Map.of(
              "deliveryKey", d.idempotencyKey(),
              "event", d.eventType(),
              "httpStatus", o.httpStatus(),
              "attempts", attempts),
          null);
      return;
    }
    String error = truncate(o.describe());
    if (o.refused() || attempts >= settings.maxAttempts()) {
      deliveries.markDead(d.id(), attempts, o.httpStatus(), error);
      String why =
          o.refused()
              ? "refused by the receiver (" + error + ")"
              : "failed " + attempts + " times, last: " + error;
      audit.recordAs(
          "system",
          "webhook.dead-lettered",
          "webhook-delivery",
          d.id(),
          null,
          Map.of(
              "deliveryKey",
              d.idempotencyKey(),
              "event",
              d.eventType(),
              "attempts",
              attempts,
              "error",
              error),
          why);
      alert(d, number, why);
      return;
    }
    OffsetDateTime next = now().plusSeconds(backoffSeconds(settings.backoffSeconds(), attempts));
    deliveries.reschedule(d.id(), attempts, next, o.httpStatus(), error);
    log.warn(
        "Webhooks: {} delivery {} failed (attempt {} of {}), next attempt at {}: {}",
        d.target(),
        d.id(),
        attempts,
        settings.maxAttempts(),
        next,
        error);
  }

  /**
   * A dead delivery is an ERROR line for operations and, unless it was itself a chat message, an
   * alert in the team's chat that says what failed and where to replay it.
   */
  private void alert(WebhookDelivery d, int attemptNumber, String why) {
    log.error(
        "Webhooks: {} delivery {} ({}) dead-lettered: {}", d.target(), d.id(), d.eventType(), why);
    if (d.target() == WebhookTarget.CHAT) {
      return;
    }
    String about =
        d.subjectType() == null
            ? ""
            : " for " + d.subjectType() + (d.subjectId() == null ? "" : " #" + d.subjectId());
    String text =
        ":rotating_light: Recoup could not deliver "
            + d.eventType()
            + about
            + " to the "
            + d.target().name().toLowerCase()
            + " system: "
            + why
            + ". Replay delivery #"
            + d.id()
            + " from Recoup once the receiver is back.";
    enqueue(
        new OutgoingWebhook(
            "webhook-dead:" + d.id() + ":" + attemptNumber,
            WebhookTarget.CHAT,
            "webhook.dead-lettered",
            d.accountId(),
            d.subjectType(),
            d.subjectId(),
            null,
            ChatAlerts.payload(text)));
  }

  /**
   * Delay before the next attempt after {@code attempts} failures: base, doubling, capped at 1h.
   */
  static long backoffSeconds(long base, int attempts) {
    int doublings = Math.max(0, Math.min(attempts - 1, 20));
    return Math.min(base << doublings, MAX_BACKOFF_SECONDS);
  }

  private static int elapsed(long t0) {
    return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - t0) / 1_000_000);
  }

  private static String describe(Exception e) {
    String text =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return truncate(text);
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
  }

  private static String currentActor() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null || !auth.isAuthenticated() ? "system" : auth.getName();
  }
}
