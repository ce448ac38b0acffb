package dev.recoup.dunning;

import dev.recoup.access.Access;
import dev.recoup.access.NewUser;
import dev.recoup.access.Role;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily run acts as the {@code dunning} system user (role SYSTEM, no password: it cannot sign
 * in), so that what it does on accounts (a call task in the owner's worklist, an e-mail queued) is
 * attributed to it in the timeline and the audit trail, and passes the same access rules as any
 * other system.
 */
@Component
class SystemActor {

  static final String USERNAME = "dunning";

  private final Access access;
  private final TransactionTemplate tx;
  private volatile boolean ensured;

  SystemActor(Access access, TransactionTemplate tx) {
    this.access = access;
    this.tx = tx;
  }

  <T> T call(Supplier<T> work) {
    ensureUser();
    SecurityContext previous = SecurityContextHolder.getContext();
    SecurityContext mine = SecurityContextHolder.createEmptyContext();
    mine.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            USERNAME, null, List.of(new SimpleGrantedAuthority(Role.SYSTEM.authority()))));
    SecurityContextHolder.setContext(mine);
    try {
      return work.get();
    } finally {
      SecurityContextHolder.setContext(previous);
    }
  }

  private void ensureUser() {
    if (ensured) {
      return;
    }
    if (access.user(USERNAME).isEmpty()) {
      try {
        tx.executeWithoutResult(
            s ->
                access.createUser(
                    new NewUser(USERNAME, "Dunning run", null, Role.SYSTEM, null, null, null)));
      } catch (IllegalArgumentException | org.springframework.dao.DuplicateKeyException e) {
        // another node created it first
      }
    }
    ensured = true;
  }
}
