package dev.recoup.dunning;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.accounts.LegalEntity;
import dev.recoup.audit.AuditTrail;
import dev.recoup.collections.Activities;
import dev.recoup.collections.Activity;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import dev.recoup.ledger.Statements;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutgoingEmail;
import dev.recoup.promises.Pauses;
import dev.recoup.promises.Promise;
import dev.recoup.promises.Promises;
import dev.recoup.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The approvals queue: steps that wait for a person before they reach the customer (legal demand
 * letters, approved by a lead or the manager). The approver sees the account's evidence, then
 * approves (optionally after editing the letter's text) or rejects with a reason. Who requested an
 * approval (the daily run is "system"; a collector may ask for a demand letter) cannot approve it.
 * An approved demand letter is a PDF on the entity's letterhead, e-mailed with the statement and
 * downloadable for post.
 */
@Service
public class Approvals {

  /** An approval as the queue shows it. */
  public record Approval(
      long id,
      AccountId accountId,
      String accountName,
      String owner,
      Long runId,
      LocalDate businessDate,
      StepAction action,
      Role requiredRole,
      String status,
      String requestedBy,
      Instant requestedAt,
      String requestNote,
      String letterText,
      String decidedBy,
      Instant decidedAt,
      String decisionNote,
      int items,
      String total) {

    public boolean pending() {
      return "PENDING".equals(status);
    }
  }

  /** What the approver weighs: the account, its open items, commitments, touches and letters. */
  public record Evidence(
      Account account,
      LegalEntity entity,
      List<LetterItem> items,
      List<Invoice> openItems,
      Map<Long, String> paused,
      List<Promise> promises,
      List<Activity> touches,
      List<Dunning.SentLetter> letters,
      Money disputedOpen,
      String standardText) {}

  private final JdbcClient jdbc;
  private final Access access;
  private final Accounts accounts;
  private final Ledger ledger;
  private final Statements statements;
  private final Pauses pauses;
  private final Promises promises;
  private final Activities activities;
  private final Strategies strategies;
  private final EntityRules entityRules;
  private final Letters letters;
  private final ActionRows rows;
  private final Dispatcher dispatcher;
  private final Dunning dunning;
  private final Outbox outbox;
  private final AuditTrail audit;
  private final Clock clock;

  Approvals(
      JdbcClient jdbc,
      Access access,
      Accounts accounts,
      Ledger ledger,
      Statements statements,
      Pauses pauses,
      Promises promises,
      Activities activities,
      Strategies strategies,
      EntityRules entityRules,
      Letters letters,
      ActionRows rows,
      Dispatcher dispatcher,
      Dunning dunning,
      Outbox outbox,
      AuditTrail audit,
      Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.accounts = accounts;
    this.ledger = ledger;
    this.statements = statements;
    this.pauses = pauses;
    this.promises = promises;
    this.activities = activities;
    this.strategies = strategies;
    this.entityRules = entityRules;
    this.letters = letters;
    this.rows = rows;
    this.dispatcher = dispatcher;
    this.dunning = dunning;
    this.outbox = outbox;
    this.audit = audit;
    this.clock = clock;
  }

  private static final String SELECT =
      """
      select p.*, a.name as account_name, u.username as owner,
        (select count(*) from dunning_action x where x.approval_id = p.id) as items,
        (select string_agg(t.amount::text || ' ' || t.currency, ' + ' order by t.currency)
         from (select x.currency, sum(x.amount) as amount from dunning_action x
               where x.approval_id = p.id group by x.currency) t) as total
      from dunning_approval p join customer_account a on a.id = p.account_id
      left join app_user u on u.id = a.owner_id
      """;

  /** Approvals waiting, oldest first. */
  public List<Approval> pending(int limit) {
    return jdbc.sql(SELECT + " where p.status = 'PENDING' order by p.requested_at, p.id limit ?")
        .param(cap(limit))
        .query(this::approval)
        .list();
  }

  /** Approvals decided, most recent first. */
  public List<Approval> decided(int limit) {
    return jdbc.sql(
            SELECT + " where p.status <> 'PENDING' order by p.decided_at desc, p.id desc limit ?")
        .param(cap(limit))
        .query(this::approval)
        .list();
  }

  public List<Approval> ofAccount(AccountId account) {
    return jdbc.sql(SELECT + " where p.account_id = ? order by p.id desc limit 50")
        .param(account.value())
        .query(this::approval)
        .list();
  }

  public Optional<Approval> find(long id) {
    return jdbc.sql(SELECT + " where p.id = ?").param(id).query(this::approval).optional();
  }

  private Approval require(long id) {
    return find(id).orElseThrow(() -> new NoSuchApproval(id));
  }

  /** Whether the signed-in person may decide this approval (for showing the buttons). */
  public boolean mayDecide(Approval a) {
    return a.pending()
        && access
            .currentActor()
            .map(
                me ->
                    !me.username().equals(a.requestedBy())
                        && authority(me.role()) >= authority(a.requiredRole()))
            .orElse(false);
  }

  /** The evidence for deciding an approval, and its letter's items as they stand. */
  @Transactional(readOnly = true)
  public Evidence evidence(long id) {
    Approval a = require(id);
    Account account = accounts.find(a.accountId()).orElseThrow();
    LegalEntity entity = accounts.entitiesById().get(account.entityId());
    List<LetterItem> items = items(a);
    List<Invoice> open = ledger.invoices(account.id(), true, 500);
    Money disputed = null;
    for (Invoice i : open) {
      if (i.disputed().isPositive() && i.disputed().currencyCode().equals(account.currency())) {
        disputed = disputed == null ? i.disputed() : disputed.plus(i.disputed());
      }
    }
    List<Activity> touches =
        activities.timeline(account.id(), 20).stream()
            .filter(t -> !t.actor().equals(Dunning.SYSTEM_USER.username()))
            .limit(8)
            .toList();
    return new Evidence(
        account,
        entity,
        items,
        open,
        pauses.forAccount(account.id()),
        promises.forAccount(account.id()),
        touches,
        dunning.lettersTo(account.id(), 20),
        disputed == null ? Money.zero(account.currency()) : disputed,
        a.letterText() != null ? a.letterText() : letters.standardDemandText(items, today()));
  }

  /** The letter's items: as frozen at approval, or as they stand while pending. */
  private List<LetterItem> items(Approval a) {
    Account account = accounts.find(a.accountId()).orElseThrow();
    LegalEntity entity = accounts.entitiesById().get(account.entityId());
    EntityRule rule = entityRules.forEntity(entity.code());
    boolean frozen = a.status().equals("APPROVED");
    LocalDate asOf = frozen ? a.decidedAt().atZone(entity.timeZone()).toLocalDate() : today();
    return rows.ofApproval(a.id()).stream()
        .map(r -> r.item(asOf, rule, frozen))
        .filter(i -> i.claimed().isPositive())
        .toList();
  }

  /** The demand letter as HTML on the letterhead: a draft while pending, final once approved. */
  public String letterHtml(long id) {
    Approval a = require(id);
    Account account = accounts.find(a.accountId()).orElseThrow();
    LegalEntity entity = accounts.entitiesById().get(account.entityId());
    List<LetterItem> items = items(a);
    boolean approved = a.status().equals("APPROVED");
    LocalDate date = approved ? a.decidedAt().atZone(entity.timeZone()).toLocalDate() : today();
    String text = a.letterText() != null ? a.letterText() : letters.standardDemandText(items, date);
    return letters.letterHtml(
        a.action().label(),
        account,
        entity,
        Letters.recipient(accounts.contacts(account.id())).orElse(null),
        items,
        entityRules.forEntity(entity.code()),
        date,
        text,
        approved ? displayName(a.decidedBy()) + ", " + entity.name() : entity.name(),
        !approved);
  }

  public byte[] letterPdf(long id) {
    return letters.pdf(letterHtml(id));
  }

  /**
   * A collector (or a lead) asks for a demand letter on an account before the strategy reaches it:
   * for its past-due, collectible items not paused and not yet demanded. It waits for a lead, and
   * its requester cannot approve it.
   */
  @Transactional
  public Approval requestDemandLetter(AccountId id, String note) {
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in"));
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (me.role() == Role.SYSTEM) {
      throw new AccessDeniedException("A person asks for a demand letter");
    }
    if (account.legalHold()) {
      throw new IllegalArgumentException("account: on legal hold");
    }
    if (account.doNotContact()) {
      throw new IllegalArgumentException("account: marked do-not-contact");
    }
    if (note == null || note.isBlank()) {
      throw new IllegalArgumentException("note: say why a demand letter is needed now");
    }
    DunningStrategy strategy =
        strategies
            .strategyFor(account)
            .orElseThrow(() -> new IllegalArgumentException("account: no strategy applies to it"));
    DunningStep step =
        strategy.steps().stream()
            .filter(s -> s.action() == StepAction.DEMAND_LETTER)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "account: its strategy '" + strategy.name() + "' has no demand letter"));
    Optional<Long> waiting =
        jdbc.sql(
                "select id from dunning_approval where account_id = ? and action = 'DEMAND_LETTER' and status = 'PENDING'")
            .param(id.value())
            .query(Long.class)
            .optional();
    if (waiting.isPresent()) {
      throw new IllegalArgumentException(
          "account: a demand letter is already waiting for approval (#" + waiting.get() + ")");
    }
    LocalDate today = today();
    Map<Long, String> paused = pauses.forAccount(id);
    List<Invoice> candidates =
        ledger.invoices(id, true, 10_000).stream()
            .filter(i -> i.dueDate().isBefore(today) && i.collectible().isPositive())
            .filter(i -> !paused.containsKey(i.id().value()))
            .sorted(Comparator.comparing(Invoice::dueDate))
            .toList();
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(
          "account: nothing past due to demand (paid, disputed or under a commitment)");
    }
    Instant now = Instant.now(clock);
    long approvalId =
        jdbc.sql(
                """
                insert into dunning_approval (account_id, business_date, action, required_role,
                  status, requested_by, requested_at, request_note)
                values (?, ?, 'DEMAND_LETTER', ?, 'PENDING', ?, ?, ?) returning id""")
            .params(
                id.value(),
                today,
                step.approvalRole().name(),
                me.username(),
                DuePlanner.utc(now),
                note.strip())
            .query(Long.class)
            .single();
    int added = 0;
    for (Invoice i : candidates) {
      added +=
          jdbc.sql(
                  """
                  insert into dunning_action (business_date, invoice_id, account_id, strategy_id,
                    step_id, days_from_due, action, channel, currency, amount, status, approval_id,
                    created_at)
                  values (?, ?, ?, ?, ?, ?, 'DEMAND_LETTER', ?, ?, ?, 'PENDING_APPROVAL', ?, ?)
                  on conflict (invoice_id, step_id) do nothing""")
              .params(
                  today,
                  i.id().value(),
                  id.value(),
                  strategy.id(),
                  step.id(),
                  step.daysFromDue(),
                  step.channel().name(),
                  i.collectible().currencyCode(),
                  i.collectible().amount(),
                  approvalId,
                  DuePlanner.utc(now))
              .update();
    }
    if (added == 0) {
      throw new IllegalArgumentException(
          "account: every past-due item already had its demand letter");
    }
    Approval created = require(approvalId);
    audit.record(
        "dunning.demand-letter.requested", "account", id.value(), null, created, note.strip());
    return created;
  }

  /**
   * Approves a pending demand letter, with the approver's own text when given: the amounts are
   * frozen as they stand, the letter (PDF on the letterhead) is e-mailed with the statement and
   * kept for download. Items paid or disputed since are left out; if none is left, reject it.
   */
  @Transactional
  public Approval approve(long id, String editedText) {
    Approval a = require(id);
    Actor me = requireDecider(a);
    Account account = accounts.find(a.accountId()).orElseThrow();
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (account.doNotContact() || account.legalHold()) {
      throw new IllegalArgumentException(
          "account: "
              + (account.legalHold() ? "on legal hold" : "marked do-not-contact")
              + " since the request; reject it");
    }
    LegalEntity entity = accounts.entitiesById().get(account.entityId());
    EntityRule rule = entityRules.forEntity(entity.code());
    LocalDate today = today();
    List<ActionRows.Row> actionRows = rows.ofApproval(id);
    List<LetterItem> items =
        actionRows.stream()
            .map(r -> r.item(today, rule, false))
            .filter(i -> i.claimed().isPositive())
            .toList();
    if (items.isEmpty()) {
      throw new IllegalArgumentException(
          "status: every item was paid or disputed since the request; reject it instead");
    }
    Contact to =
        Letters.recipient(accounts.contacts(account.id()))
            .orElseThrow(
                () -> new IllegalArgumentException("contact: the account has no e-mail contact"));
    String text =
        editedText == null || editedText.isBlank()
            ? null
            : editedText.strip().replace("\r\n", "\n");
    if (text != null && text.length() > 20_000) {
      throw new IllegalArgumentException("letterText: at most 20000 characters");
    }
    Instant now = Instant.now(clock);
    // Freeze what the letter claims: the collectible amount of each item now.
    for (ActionRows.Row r : actionRows) {
      jdbc.sql("update dunning_action set status = 'APPROVED', amount = ? where id = ?")
          .params(r.collectibleNow().amount(), r.actionId())
          .update();
    }
    jdbc.sql(
            """
            update dunning_approval set status = 'APPROVED', decided_by = ?, decided_at = ?,
              letter_text = ? where id = ? and status = 'PENDING'""")
        .params(me.username(), DuePlanner.utc(now), text, id)
        .update();
    Approval approved = require(id);
    byte[] pdf = letterPdf(id);
    Letters.Draft cover =
        letters.compose(
            "demand-letter",
            account,
            entity,
            to,
            displayName(me.username()),
            items,
            rule,
            today,
            Dispatcher.nextPaymentRun(account, today));
    long messageId =
        outbox.enqueue(
            new OutgoingEmail(
                "dunning-demand:" + id,
                account.id().value(),
                "DUNNING_DEMAND",
                to.email(),
                null,
                cover.subject(),
                cover.bodyHtml(),
                List.of(
                    new OutgoingEmail.Attachment(
                        "demand-letter-" + account.externalId() + "-" + id + ".pdf",
                        "application/pdf",
                        pdf),
                    new OutgoingEmail.Attachment(
                        "statement-" + account.externalId() + "-" + today + ".pdf",
                        "application/pdf",
                        statements.pdf(account.id(), today)))));
    Instant sendAfter = dispatcher.holdForQuietHours(messageId, Letters.zoneOf(to, entity));
    long letterId =
        jdbc.sql(
                """
                insert into dunning_letter (account_id, approval_id, business_date, kind, top_action,
                  channel, language, to_address, subject, outbox_message_id, send_after, created_at)
                values (?, ?, ?, 'DEMAND', ?, 'LETTER', ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                account.id().value(),
                id,
                today,
                a.action().name(),
                cover.language(),
                to.email(),
                cover.subject(),
                messageId,
                DuePlanner.utc(sendAfter),
                DuePlanner.utc(now))
            .query(Long.class)
            .single();
    jdbc.sql("update dunning_action set letter_id = ? where approval_id = ?")
        .params(letterId, id)
        .update();
    audit.record(
        "dunning.approval.approved",
        "account",
        account.id().value(),
        Map.of("approval", id, "status", "PENDING"),
        Map.of(
            "approval",
            id,
            "status",
            "APPROVED",
            "edited",
            text != null,
            "total",
            Letters.totals(items, LetterItem::total),
            "messageId",
            messageId),
        null);
    return approved;
  }

  /** Rejects a pending approval with the reason; its items are not demanded at this step. */
  @Transactional
  public Approval reject(long id, String reason) {
    Approval a = require(id);
    Actor me = requireDecider(a);
    Account account = accounts.find(a.accountId()).orElseThrow();
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: say why it is rejected");
    }
    jdbc.sql(
            """
            update dunning_approval set status = 'REJECTED', decided_by = ?, decided_at = ?,
              decision_note = ? where id = ? and status = 'PENDING'""")
        .params(me.username(), DuePlanner.utc(Instant.now(clock)), reason.strip(), id)
        .update();
    jdbc.sql("update dunning_action set status = 'REJECTED' where approval_id = ?")
        .param(id)
        .update();
    Approval after = require(id);
    audit.record(
        "dunning.approval.rejected",
        "account",
        account.id().value(),
        Map.of("approval", id, "status", "PENDING"),
        Map.of("approval", id, "status", "REJECTED"),
        reason.strip());
    return after;
  }

  private Actor requireDecider(Approval a) {
    Actor me = access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in"));
    if (me.username().equals(a.requestedBy())) {
      throw new AccessDeniedException("Who requested an approval cannot approve it");
    }
    if (authority(me.role()) < authority(a.requiredRole())) {
      throw new AccessDeniedException(
          "This needs a " + a.requiredRole().name().toLowerCase() + "'s approval");
    }
    if (!a.pending()) {
      throw new IllegalArgumentException("status: already " + a.status().toLowerCase());
    }
    return me;
  }

  /** Leads approve what needs a lead; the manager also what needs the manager. */
  static int authority(Role role) {
    return switch (role) {
      case LEAD -> 2;
      case MANAGER -> 3;
      default -> 0;
    };
  }

  private String displayName(String username) {
    return access.user(username).map(User::displayName).orElse(username);
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }

  private static int cap(int limit) {
    return Math.max(1, Math.min(limit, 10_000));
  }

  private Approval approval(ResultSet rs, int n) throws SQLException {
    OffsetDateTime decided = rs.getObject("decided_at", OffsetDateTime.class);
    String total = rs.getString("total");
    return new Approval(
        rs.getLong("id"),
        new AccountId(rs.getLong("account_id")),
        rs.getString("account_name"),
        rs.getString("owner"),
        (Long) rs.getObject("run_id"),
        rs.getObject("business_date", LocalDate.class),
        StepAction.valueOf(rs.getString("action")),
        Role.valueOf(rs.getString("required_role")),
        rs.getString("status"),
        rs.getString("requested_by"),
        rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
        rs.getString("request_note"),
        rs.getString("letter_text"),
        rs.getString("decided_by"),
        decided == null ? null : decided.toInstant(),
        rs.getString("decision_note"),
        rs.getInt("items"),
        total == null ? "" : prettyTotal(total));
  }

  /** "1200.0000 EUR" as stored, at the currency's scale. */
  private static String prettyTotal(String stored) {
    List<String> parts = new ArrayList<>();
    for (String p : stored.split(" \\+ ")) {
      String[] amountCurrency = p.trim().split(" ");
      try {
        parts.add(
            Money.ofStored(new java.math.BigDecimal(amountCurrency[0]), amountCurrency[1])
                .toString());
      } catch (RuntimeException e) {
        parts.add(p);
      }
    }
    return String.join(" + ", parts);
  }

  /** No approval with this id; pages answer 404. */
  public static class NoSuchApproval extends dev.recoup.shared.NoSuchRecord {
    public NoSuchApproval(long id) {
      super("No approval " + id);
    }
  }
}
