package dev.recoup.intake;

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
 * Imports started from the command line (and the import benchmarks) act as the {@code import}
 * system user (role SYSTEM, no password: it cannot sign in), so that the runs and the audit trail
 * name who did them and the same access rules apply as to any other system.
 */
@Component
class IntakeSystemUser {

  static final String USERNAME = "import";

  private final Access access;
  private final TransactionTemplate tx;
  private volatile boolean ensured;

  IntakeSystemUser(Access access, TransactionTemplate tx) {
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
                        USERNAME,
                        "ERP import (command line)",
                        null,
                        Role.SYSTEM,
                        null,
                        null,
                        null)));
      } catch (IllegalArgumentException | org.springframework.dao.DuplicateKeyException e) {
        // another process created it first
      }
    }
    ensured = true;
  }
}
