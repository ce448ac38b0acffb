package dev.recoup.accounts;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.audit.AuditTrail;
import dev.recoup.shared.BusinessCalendar;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The accounts module's entry point: read accounts and entities, and maintain customer records. */
@Service
public class Accounts {

  private final CustomerAccounts accounts;
  private final Access access;
  private final AuditTrail audit;
  private final Clock clock;
  private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
  private final Map<EntityId, BusinessCalendar> calendars = new ConcurrentHashMap<>();

  Accounts(
      CustomerAccounts accounts,
      Access access,
      AuditTrail audit,
      Clock clock,
      org.springframework.jdbc.core.simple.JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  public Optional<Account> find(AccountId id) {
    return accounts.byId(id);
  }

  public Optional<Account> findByExternalId(String sourceSystem, String externalId) {
    return accounts.byExternalId(sourceSystem, externalId);
  }

  public List<Account> children(AccountId id) {
    return accounts.children(id);
  }

  public List<Account> endCustomers(AccountId partner) {
    return accounts.endCustomers(partner);
  }

  public List<Contact> contacts(AccountId id) {
    return accounts.contacts(id);
  }

  public List<LegalEntity> entities() {
    return accounts.entities();
  }

  public Map<EntityId, LegalEntity> entitiesById() {
    return entities().stream().collect(Collectors.toMap(LegalEntity::id, Function.identity()));
  }

  /** The business calendar of an entity: its time zone and holidays. */
  public BusinessCalendar calendar(EntityId entity) {
    return calendars.computeIfAbsent(
        entity,
        e -> {
          LegalEntity le =
              entities().stream()
                  .filter(x -> x.id().equals(e))
                  .findFirst()
                  .orElseThrow(() -> new IllegalArgumentException("No entity " + e.value()));
          return new BusinessCalendar(clock, le.timeZone(), accounts.holidays(e));
        });
  }

  /** Forgets cached calendars, after entities or holidays were (re)loaded. */
  public void entitiesChanged() {
    calendars.clear();
  }

  public boolean mayChange(Account account) {
    return access.mayChangeAccountOwnedBy(account.ownerId());
  }

  /**
   * Changes the team-maintained fields of an account. A collector may change only its own accounts;
   * reassigning the owner is for leads, managers and admins. Audited with before and after.
   */
  @Transactional
  public Account change(AccountId id, AccountChange change, String reason) {
    Account before = accounts.byId(id).orElseThrow(() -> new NoSuchAccount(id));
    access.requireMayChangeAccountOwnedBy(before.ownerId());
    var owner = before.ownerId();
    if (change.ownerUsername() != null && !change.ownerUsername().isBlank()) {
      boolean mayReassign =
          access.currentActor().map(a -> a.role() != Role.COLLECTOR).orElse(false);
      if (!mayReassign) {
        throw new AccessDeniedException("Only a lead, manager or admin reassigns accounts");
      }
      User u =
          access
              .user(change.ownerUsername())
              .filter(x -> x.role() == Role.COLLECTOR || x.role() == Role.LEAD)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "ownerUsername: no collector or lead " + change.ownerUsername()));
      owner = u.id();
    }
    Account after =
        new Account(
            before.id(),
            before.sourceSystem(),
            before.externalId(),
            before.name(),
            before.parentId(),
            before.channel(),
            before.partnerId(),
            before.segment(),
            before.region(),
            before.entityId(),
            before.currency(),
            before.paymentTermsDays(),
            before.creditLimit(),
            before.riskRating(),
            owner,
            change.salesOwner() != null ? change.salesOwner() : before.salesOwner(),
            change.status() != null ? change.status() : before.status(),
            change.doNotContact() != null ? change.doNotContact() : before.doNotContact(),
            change.legalHold() != null ? change.legalHold() : before.legalHold(),
            change.language() != null ? change.language() : before.language(),
            change.paymentRunDays() != null
                ? CustomerAccounts.parseDays(change.paymentRunDays())
                : before.paymentRunDays(),
            change.notes() != null ? change.notes() : before.notes());
    if (after.equals(before)) {
      return before;
    }
    accounts.update(after, now());
    audit.record("account.changed", "account", id.value(), before, after, reason);
    return after;
  }

  /**
   * Moves a set of accounts to another owner in one statement (a lead's bulk reassignment, or an
   * assignment rule applied). One audit row lists them all. Returns how many changed hands.
   */
  @Transactional
  public int reassign(java.util.Collection<AccountId> ids, String toUsername, String reason) {
    boolean mayReassign =
        access.currentActor().map(a -> a.role().changesAnyAccount()).orElse(false);
    if (!mayReassign) {
      throw new AccessDeniedException("Only a lead, manager or admin reassigns accounts");
    }
    User to =
        access
            .user(toUsername)
            .filter(x -> x.role() == Role.COLLECTOR || x.role() == Role.LEAD)
            .orElseThrow(
                () -> new IllegalArgumentException("owner: no collector or lead " + toUsername));
    Long[] array = ids.stream().map(AccountId::value).toArray(Long[]::new);
    int changed =
        jdbc.sql(
                """
                update customer_account set owner_id = ?, updated_at = ?
                where id = any(?) and owner_id is distinct from ?""")
            .params(to.id().value(), now(), array, to.id().value())
            .update();
    audit.record(
        "accounts.reassigned",
        "account",
        null,
        null,
        Map.of("owner", to.username(), "accounts", changed, "ids", java.util.Arrays.asList(array)),
        reason);
    return changed;
  }

  /** Adds a contact to an account in the actor's portfolio (audited). */
  @Transactional
  public Contact addContact(AccountId id, NewContact contact) {
    Account account = accounts.byId(id).orElseThrow(() -> new NoSuchAccount(id));
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    long contactId = accounts.insertContact(id, contact, now());
    Contact created =
        accounts.contacts(id).stream().filter(c -> c.id() == contactId).findFirst().orElseThrow();
    audit.record("contact.added", "account", id.value(), null, created, null);
    return created;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** Thrown when an account id names no account; the web layer answers 404. */
  public static class NoSuchAccount extends dev.recoup.shared.NoSuchRecord {
    public NoSuchAccount(AccountId id) {
      super("No account " + id.value());
    }
  }
}
