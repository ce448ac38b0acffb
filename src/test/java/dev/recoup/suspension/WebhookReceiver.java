package dev.recoup.suspension;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for the provisioning system and the team's chat, on a random local
 * port. It checks every request the way a receiver should, on its own (not with Recoup's code): the
 * HMAC-SHA256 signature over timestamp and body with the shared secret, and a timestamp within 300
 * seconds of its clock. The provisioning side applies each delivery id once and drops duplicates;
 * it can be told to be down (503), or to apply a request but fail to answer (500).
 */
public final class WebhookReceiver implements AutoCloseable {

  /** How the provisioning side answers. */
  public enum Mode {
    /** Applies a new delivery id (200), drops a repeated one (200, duplicate). */
    UP,
    /** Answers 503 to everything: the system is down. */
    DOWN,
    /** Applies the next request but answers 500, as if the answer were lost; then UP again. */
    APPLY_THEN_FAIL,
    /** Refuses everything with 400. */
    REFUSE
  }

  /** One request as received, with what the receiver made of it. */
  public record Received(
      String path,
      Instant at,
      String deliveryId,
      String event,
      String timestamp,
      String signature,
      String body,
      Map<String, Object> json,
      boolean verified,
      int answered,
      boolean applied) {

    public boolean isProvisioning() {
      return path.startsWith("/provisioning");
    }

    public String text() {
      return json == null ? null : (String) json.get("text");
    }

    @SuppressWarnings("unchecked")
    public String accountExternalId() {
      return json == null
          ? null
          : (String) ((Map<String, Object>) json.get("account")).get("externalId");
    }
  }

  static final long TOLERANCE_SECONDS = 300;

  private final HttpServer server;
  private final String secret;
  private final Supplier<Instant> clock;
  private final List<Received> received = new ArrayList<>();
  private final Set<String> applied = new LinkedHashSet<>();
  private final JsonMapper json = JsonMapper.builder().build();
  private volatile Mode mode = Mode.UP;

  public WebhookReceiver(String secret, Supplier<Instant> clock) throws IOException {
    this.secret = secret;
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/provisioning", this::provisioning);
    server.createContext("/chat", this::chat);
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public void answer(Mode m) {
    mode = m;
  }

  public synchronized List<Received> all() {
    return List.copyOf(received);
  }

  public synchronized List<Received> provisioningCalls() {
    return received.stream().filter(Received::isProvisioning).toList();
  }

  public synchronized List<Received> chatMessages() {
    return received.stream().filter(r -> !r.isProvisioning()).toList();
  }

  /** The provisioning requests carrying one delivery id, in order. */
  public synchronized List<Received> callsFor(String deliveryId) {
    return received.stream()
        .filter(r -> r.isProvisioning() && deliveryId.equals(r.deliveryId()))
        .toList();
  }

  /** How many times the provisioning side acted on a delivery id (at most once, by design). */
  public synchronized long timesApplied(String deliveryId) {
    return received.stream()
        .filter(r -> r.isProvisioning() && r.applied() && deliveryId.equals(r.deliveryId()))
        .count();
  }

  private void provisioning(HttpExchange x) throws IOException {
    Request r = read(x);
    if (!r.verified) {
      respond(x, r, 401, "bad signature or stale timestamp", false);
      return;
    }
    Mode now = mode;
    switch (now) {
      case DOWN -> respond(x, r, 503, "provisioning is down for maintenance", false);
      case REFUSE -> respond(x, r, 400, "unknown account", false);
      case APPLY_THEN_FAIL -> {
        boolean fresh = markApplied(r.deliveryId);
        mode = Mode.UP;
        respond(x, r, 500, "applied, but the answer got lost", fresh);
      }
      case UP -> {
        boolean fresh = markApplied(r.deliveryId);
        respond(x, r, 200, fresh ? "{\"applied\":true}" : "{\"duplicate\":true}", fresh);
      }
    }
  }

  private void chat(HttpExchange x) throws IOException {
    Request r = read(x);
    respond(x, r, r.verified ? 200 : 401, r.verified ? "ok" : "bad signature", false);
  }

  private synchronized boolean markApplied(String deliveryId) {
    return deliveryId != null && applied.add(deliveryId);
  }

  private record Request(
      String deliveryId,
      String event,
      String timestamp,
      String signature,
      String body,
      boolean verified) {}

  private Request read(HttpExchange x) throws IOException {
    String body;
    try (InputStream in = x.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String timestamp = x.getRequestHeaders().getFirst("X-Recoup-Timestamp");
    String signature = x.getRequestHeaders().getFirst("X-Recoup-Signature");
    return new Request(
        x.getRequestHeaders().getFirst("X-Recoup-Delivery"),
        x.getRequestHeaders().getFirst("X-Recoup-Event"),
        timestamp,
        signature,
        body,
        verify(timestamp, signature, body));
  }

  /** The receiver's own check: HMAC-SHA256(secret, timestamp + "." + body), hex, within 300 s. */
  boolean verify(String timestamp, String signature, String body) {
    if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
      return false;
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(clock.get().getEpochSecond() - ts) > TOLERANCE_SECONDS) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      byte[] given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
      return MessageDigest.isEqual(expected, given);
    } catch (Exception e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private void respond(HttpExchange x, Request r, int status, String answer, boolean applied)
      throws IOException {
    Map<String, Object> parsed;
    try {
      parsed = json.readValue(r.body, Map.class);
    } catch (RuntimeException e) {
      parsed = null;
    }
    synchronized (this) {
      received.add(
          new Received(
              x.getRequestURI().getPath(),
              clock.get(),
              r.deliveryId,
              r.event,
              r.timestamp,
              r.signature,
              r.body,
              parsed,
              r.verified,
              status,
              applied));
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
