package dev.recoup.support;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Acting as a demo user in a test that calls the modules directly (not over HTTP). */
public final class SignedIn {

  private SignedIn() {}

  /** Signs in as {@code username} on this thread, with its role; call {@link #out()} after. */
  public static void as(Access access, String username) {
    User u = access.user(username).orElseThrow();
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                username, null, List.of(new SimpleGrantedAuthority(u.role().authority()))));
  }

  public static void out() {
    SecurityContextHolder.clearContext();
  }

  /** Does something as {@code username} and signs out again, whatever happens. */
  public static <T> T as(Access access, String username, java.util.function.Supplier<T> action) {
    as(access, username);
    try {
      return action.get();
    } finally {
      out();
    }
  }
}
