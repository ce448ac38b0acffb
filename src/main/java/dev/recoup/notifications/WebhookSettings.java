package dev.recoup.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where webhooks go and how hard Recoup tries: the provisioning and chat URLs and the signing
 * secret (from the environment: {@code RECOUP_PROVISIONING_WEBHOOK_URL}, {@code
 * RECOUP_CHAT_WEBHOOK_URL}, {@code RECOUP_WEBHOOK_SECRET}), read at every attempt, so that an
 * operator (or a test standing in for the receivers) can point them elsewhere while Recoup runs.
 * Without a URL or a secret a delivery is held, never sent unsigned.
 */
@Component
public class WebhookSettings {

  private volatile String provisioningUrl;
  private volatile String chatUrl;
  private volatile String secret;
  private final int maxAttempts;
  private final long backoffSeconds;
  private final Duration timeout;
  private final int batchSize;

  WebhookSettings(
      @Value("${recoup.webhooks.provisioning-url:}") String provisioningUrl,
      @Value("${recoup.webhooks.chat-url:}") String chatUrl,
      @Value("${recoup.webhooks.secret:}") String secret,
      @Value("${recoup.webhooks.max-attempts:10}") int maxAttempts,
      @Value("${recoup.webhooks.backoff-seconds:60}") long backoffSeconds,
      @Value("${recoup.webhooks.timeout-seconds:15}") long timeoutSeconds,
      @Value("${recoup.webhooks.batch-size:50}") int batchSize) {
    if (maxAttempts < 1 || backoffSeconds < 1 || timeoutSeconds < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "recoup.webhooks: max-attempts, backoff-seconds, timeout-seconds and batch-size must be"
              + " at least 1");
    }
    use(WebhookTarget.PROVISIONING, provisioningUrl);
    use(WebhookTarget.CHAT, chatUrl);
    useSecret(secret);
    this.maxAttempts = maxAttempts;
    this.backoffSeconds = backoffSeconds;
    this.timeout = Duration.ofSeconds(timeoutSeconds);
    this.batchSize = batchSize;
  }

  /** The URL a target's deliveries are POSTed to, if one is configured. */
  public Optional<String> urlOf(WebhookTarget target) {
    return Optional.ofNullable(target == WebhookTarget.PROVISIONING ? provisioningUrl : chatUrl);
  }

  /** Points a target at another URL (blank: none, its deliveries are held). */
  public void use(WebhookTarget target, String url) {
    String u = url == null || url.isBlank() ? null : url.strip();
    if (u != null) {
      URI uri = URI.create(u);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
        throw new IllegalArgumentException("url: an http or https URL");
      }
    }
    if (target == WebhookTarget.PROVISIONING) {
      provisioningUrl = u;
    } else {
      chatUrl = u;
    }
  }

  /** Sets the signing secret (blank: none, every delivery is held). */
  public void useSecret(String value) {
    secret = value == null || value.isBlank() ? null : value;
  }

  Optional<String> secret() {
    return Optional.ofNullable(secret);
  }

  /** Why a target's deliveries cannot go out now, or empty when they can. */
  public Optional<String> missing(WebhookTarget target) {
    if (urlOf(target).isEmpty()) {
      return Optional.of(
          "no "
              + (target == WebhookTarget.PROVISIONING
                  ? "provisioning URL (RECOUP_PROVISIONING_WEBHOOK_URL)"
                  : "chat URL (RECOUP_CHAT_WEBHOOK_URL)")
              + " is configured");
    }
    if (secret == null) {
      return Optional.of("no signing secret (RECOUP_WEBHOOK_SECRET) is configured");
    }
    return Optional.empty();
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public long backoffSeconds() {
    return backoffSeconds;
  }

  Duration timeout() {
    return timeout;
  }

  int batchSize() {
    return batchSize;
  }
}
