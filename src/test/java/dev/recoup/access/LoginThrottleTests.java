package dev.recoup.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.support.SettableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

class LoginThrottleTests {

  final SettableClock clock = new SettableClock(Instant.parse("2026-11-20T09:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(clock);

  void wrongPassword(String user) {
    throttle.on(
        new AuthenticationFailureBadCredentialsEvent(
            UsernamePasswordAuthenticationToken.unauthenticated(user, "guess"),
            new BadCredentialsException("bad")));
  }

  @Test
  void locksAUserAfterFiveWrongPasswordsForFifteenMinutes() {
    for (int i = 0; i < 4; i++) {
      wrongPassword("carlos");
    }
    assertThat(throttle.isLocked("carlos")).isFalse();
    wrongPassword("carlos");
    assertThat(throttle.isLocked("carlos")).isTrue();
    assertThat(throttle.isLocked("chloe")).isFalse();

    clock.advanceSeconds(14 * 60);
    assertThat(throttle.isLocked("carlos")).isTrue();
    clock.advanceSeconds(2 * 60);
    assertThat(throttle.isLocked("carlos")).isFalse();
  }

  @Test
  void aSuccessfulSignInForgetsEarlierMistakes() {
    for (int i = 0; i < 4; i++) {
      wrongPassword("emma");
    }
    throttle.on(
        new AuthenticationSuccessEvent(
            UsernamePasswordAuthenticationToken.authenticated("emma", null, java.util.List.of())));
    wrongPassword("emma");
    assertThat(throttle.isLocked("emma")).isFalse();
  }
}
