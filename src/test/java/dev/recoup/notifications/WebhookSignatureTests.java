package dev.recoup.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The signature a receiver checks: {@code sha256=} and the hex of HMAC-SHA256(secret, timestamp +
 * "." + body), fresh within 300 seconds either way.
 */
class WebhookSignatureTests {

  static final String SECRET = "whsec-example";
  static final String BODY = "{\"action\":\"suspend\"}";
  static final long SENT = 1_700_000_000L;

  @Test
  void signsTimestampDotBodyAsLowerCaseHex() {
    // Computed independently (Python's hmac module) from the documented recipe.
    assertThat(WebhookSignature.sign(SECRET, SENT, BODY))
        .isEqualTo("sha256=291ee985d5547e3d6e383a3268b24bc6cc32af074c62ad3dcc0850c58b7aa482");
  }

  @Test
  void acceptsAnAuthenticRequestWithinThreeHundredSecondsEitherWay() {
    String signature = WebhookSignature.sign(SECRET, SENT, BODY);
    for (long skew : new long[] {0, 300, -300}) {
      assertThat(
              WebhookSignature.verify(
                  SECRET,
                  String.valueOf(SENT),
                  signature,
                  BODY,
                  Instant.ofEpochSecond(SENT + skew)))
          .as("clock %d s away", skew)
          .isTrue();
    }
  }

  @Test
  void rejectsStaleFutureTamperedAndForeignRequests() {
    String signature = WebhookSignature.sign(SECRET, SENT, BODY);
    Instant now = Instant.ofEpochSecond(SENT);
    String ts = String.valueOf(SENT);
    assertThat(
            WebhookSignature.verify(SECRET, ts, signature, BODY, Instant.ofEpochSecond(SENT + 301)))
        .as("replayed after more than 300 s")
        .isFalse();
    assertThat(
            WebhookSignature.verify(SECRET, ts, signature, BODY, Instant.ofEpochSecond(SENT - 301)))
        .as("from the future")
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, signature, "{\"action\":\"reinstate\"}", now))
        .as("body changed on the way")
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, String.valueOf(SENT + 1), signature, BODY, now))
        .as("timestamp changed on the way")
        .isFalse();
    assertThat(WebhookSignature.verify("another-secret", ts, signature, BODY, now))
        .as("signed with another secret")
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, "yesterday", signature, BODY, now)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, null, signature, BODY, now)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, null, BODY, now)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, signature.substring(7), BODY, now))
        .as("without the sha256= prefix")
        .isFalse();
  }
}
