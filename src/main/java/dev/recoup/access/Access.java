package dev.recoup.access;

import dev.recoup.audit.AuditTrail;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The access module's entry point: who is acting, what they may change, and the users and tokens an
 * admin manages. Modules call {@link #requireMayChangeAccountOwnedBy} before changing an account.
 */
@Service
public class Access {

  private final Users users;
  private final ApiTokens tokens;
  private final PasswordEncoder passwords;
  private final AuditTrail audit;
  private final Clock clock;

  Access(Users users, ApiTokens tokens, PasswordEncoder passwords, AuditTrail audit, Clock clock) {
    this.users = users;
    this.tokens = tokens;
    this.passwords = passwords;
    this.audit = audit;
    this.clock = clock;
  }

  /** The signed-in person or calling system; empty when nobody is signed in. */
  public Optional<Actor> currentActor() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null
        || !auth.isAuthenticated()
        || auth
            instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
      return Optional.empty();
    }
    return users.byUsername(auth.getName()).map(u -> new Actor(u.id(), u.username(), u.role()));
  }

  /**
   * Whether the current actor may change an account owned by {@code owner}: its own portfolio for a
   * collector; any account for a lead, manager, admin or system; nothing for an auditor.
   */
  public boolean mayChangeAccountOwnedBy(UserId owner) {
    return currentActor()
        .map(a -> a.role().changesAnyAccount() || (a.is(Role.COLLECTOR) && a.id().equals(owner)))
        .orElse(false);
  }

  public void requireMayChangeAccountOwnedBy(UserId owner) {
    if (!mayChangeAccountOwnedBy(owner)) {
      throw new AccessDeniedException("This account is not in your portfolio");
    }
  }

  public List<User> users() {
    return users.all();
  }

  /**
   * The owners whose accounts a list's scope covers, for the signed-in person: {@code "mine"} is
   * oneself; {@code "team"} a lead's collectors (a collector's: its lead's), everyone for a manager
   * or admin; {@code "all"} (or none) everyone, shown as null. Nobody signed in: no one.
   */
  public List<Long> ownersInScope(String scope) {
    if (scope == null || scope.equals("all")) {
      return null;
    }
    Actor me = currentActor().orElse(null);
    if (me == null) {
      return List.of();
    }
    if (scope.equals("mine")) {
      return List.of(me.id().value());
    }
    List<User> all = users.all();
    User self = all.stream().filter(u -> u.id().equals(me.id())).findFirst().orElse(null);
    if (self == null || me.role() == Role.MANAGER || me.role() == Role.ADMIN) {
      return null;
    }
    var lead = me.role() == Role.LEAD ? self.id() : self.leadId();
    List<Long> team = new java.util.ArrayList<>();
    team.add(me.id().value());
    if (lead != null) {
      team.add(lead.value());
      all.stream().filter(u -> lead.equals(u.leadId())).forEach(u -> team.add(u.id().value()));
    }
    return team;
  }

  public Optional<User> user(String username) {
    return users.byUsername(username);
  }

  public Map<UserId, User> usersById() {
    return users.all().stream().collect(Collectors.toMap(User::id, Function.identity()));
  }

  /** Creates a user (audited). Passwords are stored only as a delegating-encoder hash. */
  @Transactional
  public User createUser(NewUser u) {
    if (users.exists(u.username())) {
      throw new IllegalArgumentException("username: '" + u.username() + "' is already taken");
    }
    if (u.role() != Role.SYSTEM && (u.password() == null || u.password().isBlank())) {
      throw new IllegalArgumentException("password: a person needs a password");
    }
    Long leadId = null;
    if (u.leadUsername() != null && !u.leadUsername().isBlank()) {
      User lead =
          users
              .byUsername(u.leadUsername())
              .filter(l -> l.role() == Role.LEAD)
              .orElseThrow(
                  () -> new IllegalArgumentException("leadUsername: no lead " + u.leadUsername()));
      leadId = lead.id().value();
    }
    String hash = u.password() == null ? null : passwords.encode(u.password());
    users.insert(u, leadId, hash, now());
    User created = users.byUsername(u.username()).orElseThrow();
    audit.record("user.created", "user", created.username(), null, created, null);
    return created;
  }

  /** Issues an API token for a user; the clear token is returned once and never stored. */
  @Transactional
  public String issueToken(String username, String name) {
    User u =
        users
            .byUsername(username)
            .orElseThrow(() -> new IllegalArgumentException("username: no user " + username));
    String token = tokens.issue(u.id().value(), name, now());
    audit.record("token.issued", "user", username, null, Map.of("tokenName", name), null);
    return token;
  }

  /**
   * Makes sure the first admin exists. Its password comes from {@code RECOUP_ADMIN_PASSWORD}; when
   * that is empty one is generated and returned so that the caller prints it once.
   */
  @Transactional
  public Optional<String> ensureFirstAdmin(String configuredPassword) {
    if (users.exists("admin")) {
      return Optional.empty();
    }
    boolean generate = configuredPassword == null || configuredPassword.isBlank();
    String password = generate ? Passwords.generate() : configuredPassword;
    users.insert(
        new NewUser("admin", "Administrator", null, Role.ADMIN, null, null, password),
        null,
        passwords.encode(password),
        now());
    audit.recordAs(
        "system",
        "user.created",
        "user",
        "admin",
        null,
        Map.of("username", "admin", "role", "ADMIN"),
        "first start");
    return generate ? Optional.of(password) : Optional.empty();
  }

  /**
   * Creates or re-keys a set of users at once (the demo team). Existing users keep their ids and
   * get the given password; the change is audited as one event.
   */
  @Transactional
  public void ensureUsers(List<NewUser> team, String reason) {
    for (NewUser u : team) {
      Optional<User> existing = users.byUsername(u.username());
      String hash = passwords.encode(u.password());
      if (existing.isPresent()) {
        users.changePassword(existing.get().id().value(), hash);
      } else {
        Long leadId =
            u.leadUsername() == null
                ? null
                : users.byUsername(u.leadUsername()).map(l -> l.id().value()).orElse(null);
        users.insert(u, leadId, hash, now());
      }
    }
    audit.recordAs(
        "system",
        "users.ensured",
        "user",
        null,
        null,
        team.stream().map(NewUser::username).toList(),
        reason);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
