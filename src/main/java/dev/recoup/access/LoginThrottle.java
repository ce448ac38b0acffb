package dev.recoup.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} wrong passwords within the window, the
 * user is locked for {@link #LOCK} (per node; a cluster multiplies the budget by the node count).
 */
@Component
class LoginThrottle {

  static final int MAX_FAILURES = 5;
  static final Duration LOCK = Duration.ofMinutes(15);

  private record Failures(int count, Instant first) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  boolean isLocked(String username) {
    Failures f = failures.get(username);
    if (f == null) {
      return false;
    }
    if (Instant.now(clock).isAfter(f.first().plus(LOCK))) {
      failures.remove(username);
      return false;
    }
    return f.count() >= MAX_FAILURES;
  }

  @EventListener
  void on(AuthenticationFailureBadCredentialsEvent event) {
    String name = String.valueOf(event.getAuthentication().getPrincipal());
    Instant now = Instant.now(clock);
    failures.merge(
        name,
        new Failures(1, now),
        (old, one) ->
            now.isAfter(old.first().plus(LOCK)) ? one : new Failures(old.count() + 1, old.first()));
  }

  @EventListener
  void on(AuthenticationSuccessEvent event) {
    failures.remove(event.getAuthentication().getName());
  }
}
