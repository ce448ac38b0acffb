package dev.recoup.ledger;

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
 * An auto-apply run posts as the {@code cash-application} system user (role SYSTEM, no password: it
 * cannot sign in), so that its postings are attributed to it in the audit trail, whoever started
 * the run (the run's own record and its first audit row name that person).
 */
@Component
class CashSystemActor {

  static final String USERNAME = "cash-application";

  private final Access access;
  private final TransactionTemplate tx;
  private volatile boolean ensured;

  CashSystemActor(Access access, TransactionTemplate tx) {
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
                    new NewUser(
                        USERNAME, "Cash application run", null, Role.SYSTEM, null, null, null)));
      } catch (IllegalArgumentException | org.springframework.dao.DuplicateKeyException e) {
        // another node created it first
      }
    }
    ensured = true;
  }
}
