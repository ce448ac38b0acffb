package dev.recoup.access;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work as a system user: a user of role SYSTEM with no password (it cannot sign in), created
 * on first use, so that what a job does (the daily dunning run, an auto-apply run, a command-line
 * import) is attributed to it in the timeline and the audit trail and passes the same access rules
 * as any other system.
 */
@Component
public class SystemUsers {

  /** A system user: its username (what the audit trail names) and what it is, for people. */
  public record SystemUser(String username, String name) {}

  private final Access access;
  private final TransactionTemplate tx;
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  SystemUsers(Access access, TransactionTemplate tx) {
    this.access = access;
    this.tx = tx;
  }

  /** Runs {@code work} signed in as {@code user}, then puts back who was signed in before. */
  public <T> T call(SystemUser user, Supplier<T> work) {
    ensure(user);
    SecurityContext previous = SecurityContextHolder.getContext();
    SecurityContext mine = SecurityContextHolder.createEmptyContext();
    mine.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            user.username(), null, List.of(new SimpleGrantedAuthority(Role.SYSTEM.authority()))));
    SecurityContextHolder.setContext(mine);
    try {
      return work.get();
    } finally {
      SecurityContextHolder.setContext(previous);
    }
  }

  private void ensure(SystemUser user) {
    if (ensured.contains(user.username())) {
      return;
    }
    if (access.user(user.username()).isEmpty()) {
      try {
        tx.executeWithoutResult(
            s ->
                access.createUser(
                    new NewUser(
                        user.username(), user.name(), null, Role.SYSTEM, null, null, null)));
      } catch (IllegalArgumentException | org.springframework.dao.DuplicateKeyException e) {
        // another node (or process) created it first
      }
    }
    ensured.add(user.username());
  }
}
