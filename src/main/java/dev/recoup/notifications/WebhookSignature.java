package dev.recoup.notifications;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How Recoup signs its webhooks, and how a receiver checks them. Every POST carries:
 *
 * <ul>
 *   <li>{@code X-Recoup-Timestamp}: the moment of sending, in Unix seconds;
 *   <li>{@code X-Recoup-Signature}: {@code sha256=} followed by the lower-case hex of {@code
 *       HMAC-SHA256(secret, timestamp + "." + body)}, the body being the exact bytes received
 *       (UTF-8 JSON);
 *   <li>{@code X-Recoup-Delivery}: the delivery id, the same on every retry of the same event.
 * </ul>
 *
 * A receiver recomputes the signature with the shared secret, compares it in constant time, rejects
 * a timestamp more than {@link #TOLERANCE} away from its own clock (a replayed old request), and
 * drops a delivery id it has already processed (a retry after a lost answer).
 */
public final class WebhookSignature {

  public static final String TIMESTAMP_HEADER = "X-Recoup-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Recoup-Signature";
  public static final String DELIVERY_HEADER = "X-Recoup-Delivery";
  public static final String EVENT_HEADER = "X-Recoup-Event";

  /** How far a receiver accepts a timestamp from its own clock, either way. */
  public static final Duration TOLERANCE = Duration.ofSeconds(300);

  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** The {@code X-Recoup-Signature} value of a body sent at {@code timestamp} (Unix seconds). */
  public static String sign(String secret, long timestamp, String body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp + "." + body));
  }

  /**
   * Whether a request is authentic and fresh: the signature matches the body and timestamp, and the
   * timestamp is within {@link #TOLERANCE} of {@code now}. Missing or malformed headers fail.
   */
  public static boolean verify(
      String secret, String timestampHeader, String signatureHeader, String body, Instant now) {
    if (secret == null || timestampHeader == null || signatureHeader == null || body == null) {
      return false;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.strip());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.getSeconds()) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signatureHeader.strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private static byte[] hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
