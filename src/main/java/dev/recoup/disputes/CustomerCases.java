package dev.recoup.disputes;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.access.UserId;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.audit.AuditEvent;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Statements;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutboxMessage;
import dev.recoup.notifications.OutgoingEmail;
import dev.recoup.shared.BusinessCalendar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customer cases: what a customer asks of the team (an invoice copy, a W-9, an address change, a
 * refund, a question about a payment, portal access). A case is opened from Account 360 or the API,
 * routed by its type's rule (the account's owner, or a named person such as billing for tax forms),
 * due a number of business days later in the calendar of the account's entity, answered with
 * templated replies through the outbox and resolved with a note. Every change is audited.
 *
 * <p>Who sees what: a resolver (billing, sales, support) only the cases assigned to it; a collector
 * the cases assigned to it and those on its accounts; leads, managers, admins, auditors and systems
 * all. Who works a case: the same people, except the auditor, who reads only.
 */
@Service
public class CustomerCases {

  static final int MAX_SUBJECT = 200;
  static final int MAX_DESCRIPTION = 4000;
  static final int MAX_NOTE = 2000;
  static final int MAX_KEY = 200;

  /** Who may be given a case. */
  static final Set<Role> ASSIGNABLE =
      Set.of(Role.COLLECTOR, Role.LEAD, Role.MANAGER, Role.RESOLVER);

  /** The result of opening a case: the case, and whether this call created it. */
  public record Opened(CustomerCase customerCase, boolean created) {}

  private final Cases cases;
  private final CaseReplyDrafts drafts;
  private final Accounts accounts;
  private final Access access;
  private final AuditTrail audit;
  private final Outbox outbox;
  private final Statements statements;
  private final Clock clock;

  CustomerCases(
      Cases cases,
      CaseReplyDrafts drafts,
      Accounts accounts,
      Access access,
      AuditTrail audit,
      Outbox outbox,
      Statements statements,
      Clock clock) {
    this.cases = cases;
    this.drafts = drafts;
    this.accounts = accounts;
    this.access = access;
    this.audit = audit;
    this.outbox = outbox;
    this.statements = statements;
    this.clock = clock;
  }

  // --- intake

  /**
   * Opens a case on an account the actor may change, routed by its type's rule and due after the
   * type's SLA in business days. Bad input is refused with every field's problem at once ({@link
   * CaseInputInvalid}). With an idempotency key (the API's Idempotency-Key, the form's token) a
   * repeated request returns the case it created; the same key with a different request is refused.
   */
  @Transactional
  public Opened open(AccountId accountId, CaseIntake intake, String idempotencyKey) {
    Actor me = actor();
    Account account =
        accounts.find(accountId).orElseThrow(() -> new Accounts.NoSuchAccount(accountId));
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
    if (key != null && key.length() > MAX_KEY) {
      throw new CaseInputInvalid(Map.of("Idempotency-Key", "at most " + MAX_KEY + " characters"));
    }
    String digest = digest(accountId, intake);
    if (key != null) {
      Optional<Opened> replay = replay(key, digest);
      if (replay.isPresent()) {
        return replay.get();
      }
    }
    Valid v = validate(accountId, intake);
    CaseRule rule = rule(v.type());
    Routing routing = route(rule, account);
    BusinessCalendar calendar = accounts.calendar(account.entityId());
    LocalDate openedOn = calendar.today();
    LocalDate dueOn = calendar.plusBusinessDays(openedOn, rule.slaBusinessDays());
    Optional<CaseId> inserted =
        cases.insert(
            accountId,
            v.type(),
            v.contact().id(),
            v.subject(),
            v.description(),
            routing.assignee(),
            me.username(),
            Instant.now(clock),
            openedOn,
            dueOn,
            key,
            digest);
    if (inserted.isEmpty()) {
      // A concurrent request with the same key won the insert: answer with its case.
      return replay(key, digest).orElseThrow();
    }
    CustomerCase opened = load(inserted.get());
    audit.record("case.opened", "case", opened.id().value(), null, opened, routing.why());
    return new Opened(opened, true);
  }

  private Optional<Opened> replay(String key, String digest) {
    return cases
        .idForKey(key)
        .map(
            id -> {
              if (!digest.equals(cases.digestOf(id).orElse(null))) {
                throw new CaseInputInvalid(
                    Map.of("Idempotency-Key", "already used for a different request"));
              }
              return new Opened(load(id), false);
            });
  }

  private record Valid(CaseType type, Contact contact, String subject, String description) {}

  private Valid validate(AccountId accountId, CaseIntake intake) {
    Map<String, String> errors = new LinkedHashMap<>();
    CaseType type = null;
    try {
      type = CaseType.parse("type", intake.type());
    } catch (IllegalArgumentException e) {
      errors.put("type", e.getMessage().substring("type: ".length()));
    }
    Contact contact = null;
    if (intake.contactId() == null) {
      errors.put("contactId", "required: who at the customer asked");
    } else {
      contact =
          accounts.contacts(accountId).stream()
              .filter(c -> c.id() == intake.contactId())
              .findFirst()
              .orElse(null);
      if (contact == null) {
        errors.put("contactId", "not a contact of this account");
      }
    }
    String subject = trimmed(intake.subject());
    if (subject == null) {
      errors.put("subject", "required");
    } else if (subject.length() > MAX_SUBJECT) {
      errors.put("subject", "at most " + MAX_SUBJECT + " characters");
    }
    String description = trimmed(intake.description());
    if (description != null && description.length() > MAX_DESCRIPTION) {
      errors.put("description", "at most " + MAX_DESCRIPTION + " characters");
    }
    if (!errors.isEmpty()) {
      throw new CaseInputInvalid(errors);
    }
    return new Valid(type, contact, subject, description);
  }

  private record Routing(UserId assignee, String why) {}

  /**
   * The rule's named owner when that is an active person who may be given cases; otherwise the
   * account's owner; otherwise nobody (the case waits in the team's queue).
   */
  private Routing route(CaseRule rule, Account account) {
    if (rule.defaultOwner() != null) {
      Optional<User> named =
          access
              .user(rule.defaultOwner())
              .filter(u -> u.enabled() && ASSIGNABLE.contains(u.role()));
      if (named.isPresent()) {
        return new Routing(
            named.get().id(),
            "routed to " + named.get().username() + " by the " + rule.type() + " rule");
      }
    }
    if (account.ownerId() != null) {
      return new Routing(account.ownerId(), "routed to the account's owner");
    }
    return new Routing(null, "the account has no owner: left for the team");
  }

  // --- reading

  /** A case the actor may see. */
  public CustomerCase find(CaseId id) {
    CustomerCase c = load(id);
    if (!maySee(c)) {
      throw new AccessDeniedException("This case is not yours to see");
    }
    return c;
  }

  /** One page of a queue, as the signed-in person may see it. */
  public CaseQueue queue(CaseQuery query) {
    Cases.Viewer viewer = viewer();
    Instant now = Instant.now(clock);
    long[] standing = cases.standing(query, viewer, now);
    return new CaseQueue(
        query,
        cases.page(query, viewer, now),
        cases.count(query, viewer, now),
        cases.countsByType(query, viewer, now),
        standing[0],
        standing[1],
        standing[2],
        standing[3]);
  }

  /** Every case a query finds, streamed in its order (for exports). */
  public void forEach(CaseQuery query, Consumer<CustomerCase> each) {
    cases.forEach(query, viewer(), Instant.now(clock), each);
  }

  /** The cases of one account the signed-in person may see, newest first. */
  public List<CustomerCase> onAccount(AccountId account) {
    return cases.page(CaseQuery.ofAccount(account), viewer(), Instant.now(clock));
  }

  /** The signed-in person's active cases: how many, and how many of them are past their SLA. */
  public record Workload(long active, long breached) {}

  public Workload workloadOfCurrentUser() {
    return access
        .currentActor()
        .map(
            a -> {
              long[] counts = cases.activeAssignedTo(a.id(), Instant.now(clock));
              return new Workload(counts[0], counts[1]);
            })
        .orElse(new Workload(0, 0));
  }

  /** The queue a person opens first: its own cases, a lead's team, everything for the others. */
  public CaseScope defaultScope() {
    return access
        .currentActor()
        .map(
            a ->
                switch (a.role()) {
                  case COLLECTOR, RESOLVER -> CaseScope.MINE;
                  case LEAD -> CaseScope.TEAM;
                  default -> CaseScope.ALL;
                })
        .orElse(CaseScope.MINE);
  }

  /** The replies of a case, oldest first, each with where its e-mail stands in the outbox. */
  public List<CaseReply> replies(CaseId id) {
    find(id);
    return cases.replies(id).stream()
        .map(
            r ->
                new CaseReply(
                    r.id(),
                    r.caseId(),
                    r.template(),
                    r.language(),
                    r.outboxMessageId(),
                    r.sentTo(),
                    r.subject(),
                    r.attachment(),
                    r.sentBy(),
                    r.sentAt(),
                    outbox
                        .find(r.outboxMessageId())
                        .map(OutboxMessage::status)
                        .map(Enum::name)
                        .orElse("UNKNOWN")))
        .toList();
  }

  /** The case's history from the audit trail, newest first. */
  public List<AuditEvent> history(CaseId id) {
    find(id);
    return audit.historyOf("case", id.value(), 200);
  }

  /** The SLA and routing of every type, in the order of {@link CaseType}. */
  public List<CaseRule> rules() {
    Map<CaseType, CaseRule> byType =
        cases.rules().stream().collect(Collectors.toMap(CaseRule::type, Function.identity()));
    return java.util.Arrays.stream(CaseType.values())
        .map(t -> byType.getOrDefault(t, new CaseRule(t, 5, null)))
        .toList();
  }

  /** People a case may be given to, by name. */
  public List<User> assignableUsers() {
    return access.users().stream()
        .filter(u -> u.enabled() && ASSIGNABLE.contains(u.role()))
        .sorted(Comparator.comparing(User::displayName))
        .toList();
  }

  /** Whether the signed-in person may see this case. */
  public boolean maySee(CustomerCase c) {
    return access
        .currentActor()
        .map(
            a ->
                switch (a.role()) {
                  case RESOLVER -> c.isAssignedTo(a.id());
                  case COLLECTOR -> c.isAssignedTo(a.id()) || a.id().equals(c.accountOwnerId());
                  default -> true;
                })
        .orElse(false);
  }

  /** Whether the signed-in person may change this case: as {@link #maySee}, but no auditor. */
  public boolean mayWork(CustomerCase c) {
    return access.currentActor().map(a -> a.role() != Role.AUDITOR).orElse(false) && maySee(c);
  }

  // --- working a case

  /**
   * Moves a case to another status. Waiting on the customer pauses the SLA: when the case reopens
   * its due date moves by the business days it waited. Resolving needs the resolution note;
   * reopening a resolved case needs the reason.
   */
  @Transactional
  public CustomerCase changeStatus(CaseId id, CaseStatus to, String note) {
    if (to == null) {
      throw new IllegalArgumentException("status: one of OPEN, WAITING_ON_CUSTOMER, RESOLVED");
    }
    cases.lock(id);
    CustomerCase before = requireMayWork(id);
    String text = trimmed(note);
    if (text != null && text.length() > MAX_NOTE) {
      throw new IllegalArgumentException("note: at most " + MAX_NOTE + " characters");
    }
    if (before.status() == to) {
      throw new IllegalArgumentException("status: the case is already " + to);
    }
    LocalDate today = before.today();
    String action;
    switch (to) {
      case RESOLVED -> {
        if (text == null) {
          throw new IllegalArgumentException("note: say how the case was resolved");
        }
        cases.resolve(id, actor().username(), Instant.now(clock), today, text);
        action = "case.resolved";
      }
      case WAITING_ON_CUSTOMER -> {
        if (before.status() == CaseStatus.RESOLVED) {
          throw new IllegalArgumentException("status: reopen a resolved case before waiting");
        }
        cases.updateStatus(id, to, before.dueOn(), today);
        action = "case.waiting";
      }
      case OPEN -> {
        LocalDate due = before.dueOn();
        if (before.status() == CaseStatus.WAITING_ON_CUSTOMER) {
          BusinessCalendar calendar = calendarOf(before.accountId());
          due = calendar.plusBusinessDays(due, businessDaysWaited(calendar, before, today));
          action = "case.resumed";
        } else {
          if (text == null) {
            throw new IllegalArgumentException("note: say why the case is reopened");
          }
          action = "case.reopened";
        }
        cases.updateStatus(id, to, due, null);
      }
      default -> throw new IllegalStateException(to.name());
    }
    CustomerCase after = load(id);
    audit.record(action, "case", id.value(), before, after, text);
    return after;
  }

  /** Gives the case to someone else (who may be outside collections), with the reason. */
  @Transactional
  public CustomerCase reassign(CaseId id, String username, String reason) {
    cases.lock(id);
    CustomerCase before = requireMayWork(id);
    if (before.status().isClosed()) {
      throw new IllegalArgumentException("status: a resolved case is not reassigned");
    }
    String name = trimmed(username);
    if (name == null) {
      throw new IllegalArgumentException("username: required");
    }
    User to =
        access
            .user(name)
            .filter(u -> u.enabled() && ASSIGNABLE.contains(u.role()))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "username: no one called " + name + " takes cases"));
    if (before.isAssignedTo(to.id())) {
      throw new IllegalArgumentException("username: the case is already " + name + "'s");
    }
    String why = trimmed(reason);
    if (why != null && why.length() > MAX_NOTE) {
      throw new IllegalArgumentException("reason: at most " + MAX_NOTE + " characters");
    }
    cases.assign(id, to.id());
    CustomerCase after = load(id);
    audit.record("case.reassigned", "case", id.value(), before, after, why);
    return after;
  }

  /**
   * Sends the reply of a template to the case's contact through the outbox and logs it on the case,
   * once per case and template: asking again returns the reply already sent. The invoice-copy reply
   * carries the account's statement of account (PDF) with its open invoices.
   */
  @Transactional
  public CaseReply reply(CaseId id, CaseType template) {
    CustomerCase c = requireMayWork(id);
    CaseType t = template == null ? c.type() : template;
    Optional<CaseReply> sent = replies(id).stream().filter(r -> r.template() == t).findFirst();
    if (sent.isPresent()) {
      return sent.get();
    }
    if (c.status().isClosed()) {
      throw new IllegalArgumentException("status: the case is resolved; reopen it to reply");
    }
    Account account = accounts.find(c.accountId()).orElseThrow();
    if (account.doNotContact()) {
      throw new IllegalArgumentException("account: marked do-not-contact");
    }
    if (c.contactEmail() == null || c.contactEmail().isBlank()) {
      throw new IllegalArgumentException("contactId: the case's contact has no e-mail address");
    }
    Actor me = actor();
    String sender = access.user(me.username()).map(User::displayName).orElse(me.username());
    CaseReplyDrafts.Draft draft = drafts.draft(c, t, account, sender, c.today());
    List<OutgoingEmail.Attachment> attachments = List.of();
    if (t == CaseType.INVOICE_COPY) {
      attachments =
          List.of(
              new OutgoingEmail.Attachment(
                  "statement-" + account.externalId() + "-" + c.today() + ".pdf",
                  "application/pdf",
                  statements.pdf(account.id(), c.today())));
    }
    long messageId =
        outbox.enqueue(
            new OutgoingEmail(
                "case-reply:" + id.value() + ":" + t.templateKey(),
                account.id().value(),
                "CASE_REPLY",
                c.contactEmail(),
                null,
                draft.subject(),
                draft.bodyHtml(),
                attachments));
    Instant now = Instant.now(clock);
    String attachment = attachments.isEmpty() ? null : attachments.get(0).filename();
    Optional<Long> inserted =
        cases.insertReply(
            id,
            t,
            draft.language(),
            messageId,
            c.contactEmail(),
            draft.subject(),
            attachment,
            me.username(),
            now);
    if (inserted.isPresent()) {
      audit.record(
          "case.replied",
          "case",
          id.value(),
          null,
          Map.of(
              "template",
              t.name(),
              "to",
              c.contactEmail(),
              "subject",
              draft.subject(),
              "messageId",
              messageId,
              "attachment",
              attachment == null ? "" : attachment),
          null);
    }
    return replies(id).stream().filter(r -> r.template() == t).findFirst().orElseThrow();
  }

  // --- helpers

  private CustomerCase requireMayWork(CaseId id) {
    CustomerCase c = find(id);
    if (!mayWork(c)) {
      throw new AccessDeniedException("You may read this case, not change it");
    }
    return c;
  }

  private CustomerCase load(CaseId id) {
    return cases.find(id, Instant.now(clock)).orElseThrow(() -> new CaseNotFound(id));
  }

  private CaseRule rule(CaseType type) {
    return rules().stream().filter(r -> r.type() == type).findFirst().orElseThrow();
  }

  private BusinessCalendar calendarOf(AccountId accountId) {
    Account account = accounts.find(accountId).orElseThrow();
    return accounts.calendar(account.entityId());
  }

  /** Business days after the wait began, up to and including today. */
  private static int businessDaysWaited(
      BusinessCalendar calendar, CustomerCase c, LocalDate today) {
    int days = 0;
    for (LocalDate d = c.waitingSince().plusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
      if (calendar.isBusinessDay(d)) {
        days++;
      }
    }
    return days;
  }

  private Actor actor() {
    return access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in first"));
  }

  private Cases.Viewer viewer() {
    Actor a = actor();
    return new Cases.Viewer(a.id(), a.role());
  }

  private static String trimmed(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String digest(AccountId account, CaseIntake intake) {
    String canonical =
        String.join(
            "\u0000",
            String.valueOf(account.value()),
            String.valueOf(intake.type()),
            String.valueOf(intake.contactId()),
            String.valueOf(trimmed(intake.subject())),
            String.valueOf(trimmed(intake.description())));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
