package dev.recoup.dunning;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.accounts.LegalEntity;
import dev.recoup.collections.Activities;
import dev.recoup.collections.ActivityKind;
import dev.recoup.collections.NewActivity;
import dev.recoup.ledger.Statements;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutgoingEmail;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dispatch: sends one account's part of a run, in one transaction that also marks the part done, so
 * a run stopped midway resumes with the accounts not yet dispatched and never repeats one. The
 * customer gets one consolidated message listing every item that reached a step (the highest step
 * per item), with the statement attached; a call task lands in the owner's worklist; a chat alert
 * goes to the owner; a suspension step is referred to the suspension module by an event.
 */
@Component
class Dispatcher {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Dispatcher.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Accounts accounts;
  private final Access access;
  private final Outbox outbox;
  private final Statements statements;
  private final Activities activities;
  private final Letters letters;
  private final ActionRows rows;
  private final EntityRules entityRules;
  private final ContactRules rules;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Dispatcher(
      JdbcClient jdbc,
      TransactionTemplate tx,
      Accounts accounts,
      Access access,
      Outbox outbox,
      Statements statements,
      Activities activities,
      Letters letters,
      ActionRows rows,
      EntityRules entityRules,
      ContactRules rules,
      ApplicationEventPublisher events,
      Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.accounts = accounts;
    this.access = access;
    this.outbox = outbox;
    this.statements = statements;
    this.activities = activities;
    this.letters = letters;
    this.rows = rows;
    this.entityRules = entityRules;
    this.rules = rules;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Dispatches the next account of the run not yet dispatched (nor failed in this pass); false when
   * none is left. An account whose part cannot be sent (an unusable address, say) is rolled back,
   * its reason recorded, and the run carries on with the others: running the date again retries it.
   */
  boolean dispatchNext(long runId, LocalDate runDate) {
    long[] current = {0};
    try {
      Boolean done =
          tx.execute(
              s -> {
                Optional<Long> next =
                    jdbc.sql(
                            """
                            select account_id from dunning_run_account
                            where run_id = ? and outcome = 'ISSUED' and dispatched_at is null
                              and dispatch_error is null
                            order by account_id limit 1 for update skip locked""")
                        .param(runId)
                        .query(Long.class)
                        .optional();
                if (next.isEmpty()) {
                  return false;
                }
                current[0] = next.get();
                dispatch(runId, runDate, new AccountId(next.get()));
                jdbc.sql(
                        "update dunning_run_account set dispatched_at = ? where run_id = ? and account_id = ?")
                    .params(DuePlanner.utc(Instant.now(clock)), runId, next.get())
                    .update();
                return true;
              });
      return Boolean.TRUE.equals(done);
    } catch (RuntimeException e) {
      if (current[0] == 0) {
        throw e;
      }
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.error("Dunning run {}: account {} not dispatched: {}", runId, current[0], why);
      tx.executeWithoutResult(
          s ->
              jdbc.sql(
                      "update dunning_run_account set dispatch_error = ? where run_id = ? and account_id = ?")
                  .params(why.length() > 2000 ? why.substring(0, 2000) : why, runId, current[0])
                  .update());
      return true;
    }
  }

  /** Makes the accounts whose dispatch failed eligible again (a new attempt at the date). */
  void retryFailed(long runId) {
    tx.executeWithoutResult(
        s ->
            jdbc.sql(
                    """
                    update dunning_run_account set dispatch_error = null
                    where run_id = ? and dispatched_at is null and dispatch_error is not null""")
                .param(runId)
                .update());
  }

  private void dispatch(long runId, LocalDate runDate, AccountId id) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    LegalEntity entity = accounts.entitiesById().get(account.entityId());
    EntityRule rule = entityRules.forEntity(entity.code());
    List<ActionRows.Row> actions = rows.ofRun(runId, id.value());
    List<ActionRows.Row> writes =
        actions.stream()
            .filter(a -> a.status().equals("ISSUED") && a.channel().reachesCustomer())
            .toList();
    if (!writes.isEmpty()) {
      sendNotice(runId, runDate, account, entity, rule, writes);
    }
    List<ActionRows.Row> calls =
        actions.stream()
            .filter(a -> a.status().equals("ISSUED") && a.channel() == StepChannel.CALL_TASK)
            .toList();
    if (!calls.isEmpty()) {
      callTask(runDate, account, calls);
    }
    List<ActionRows.Row> chats =
        actions.stream()
            .filter(
                a ->
                    (a.status().equals("ISSUED") || a.status().equals("REFERRED"))
                        && a.channel() == StepChannel.CHAT)
            .toList();
    if (!chats.isEmpty()) {
      alertOwner(runDate, account, entity, rule, chats);
    }
    List<ActionRows.Row> suspension =
        actions.stream().filter(a -> a.action() == StepAction.SUSPENSION).toList();
    if (!suspension.isEmpty()) {
      events.publishEvent(
          new SuspensionStepReached(
              id, runDate, suspension.stream().map(ActionRows.Row::invoiceId).toList()));
    }
  }

  private void sendNotice(
      long runId,
      LocalDate runDate,
      Account account,
      LegalEntity entity,
      EntityRule rule,
      List<ActionRows.Row> writes) {
    List<Contact> contacts = accounts.contacts(account.id());
    Contact to =
        Letters.recipient(contacts)
            .orElseThrow(() -> new IllegalStateException("no e-mail contact on " + account.id()));
    ActionRows.Row top =
        writes.stream().max(Comparator.comparingInt(ActionRows.Row::daysFromDue)).orElseThrow();
    List<LetterItem> items = writes.stream().map(r -> r.item(runDate, rule, false)).toList();
    Letters.Draft draft =
        letters.compose(
            top.template(),
            account,
            entity,
            to,
            collectorOf(account),
            items,
            rule,
            runDate,
            nextPaymentRun(account, runDate));
    List<OutgoingEmail.Attachment> attachments = new ArrayList<>();
    boolean letter = writes.stream().anyMatch(w -> w.channel() == StepChannel.LETTER);
    if (letter) {
      attachments.add(
          new OutgoingEmail.Attachment(
              "letter-" + account.externalId() + "-" + runDate + ".pdf",
              "application/pdf",
              letters.pdf(
                  letters.letterHtml(
                      top.action().label(),
                      account,
                      entity,
                      to,
                      items,
                      rule,
                      runDate,
                      letters.standardNoticeText(top.action(), items, runDate),
                      entity.name(),
                      false))));
    }
    attachments.add(
        new OutgoingEmail.Attachment(
            "statement-" + account.externalId() + "-" + runDate + ".pdf",
            "application/pdf",
            statements.pdf(account.id(), runDate)));
    long messageId =
        outbox.enqueue(
            new OutgoingEmail(
                "dunning:" + runDate + ":" + account.id().value(),
                account.id().value(),
                "DUNNING_NOTICE",
                draft.to(),
                null,
                draft.subject(),
                draft.bodyHtml(),
                attachments));
    Instant sendAfter = holdForQuietHours(messageId, Letters.zoneOf(to, entity));
    long letterId =
        jdbc.sql(
                """
                insert into dunning_letter (account_id, run_id, business_date, kind, top_action,
                  channel, language, to_address, subject, outbox_message_id, send_after, created_at)
                values (?, ?, ?, 'NOTICE', ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                account.id().value(),
                runId,
                runDate,
                top.action().name(),
                letter ? StepChannel.LETTER.name() : StepChannel.EMAIL.name(),
                draft.language(),
                draft.to(),
                draft.subject(),
                messageId,
                DuePlanner.utc(sendAfter),
                DuePlanner.utc(Instant.now(clock)))
            .query(Long.class)
            .single();
    jdbc.sql("update dunning_action set letter_id = ? where id = any(?)")
        .params(letterId, writes.stream().map(ActionRows.Row::actionId).toArray(Long[]::new))
        .update();
  }

  /**
   * Holds an outbox message until the contact's sending hours when it was queued outside them: the
   * earliest send time is the message's next attempt. Returns when it may leave.
   */
  Instant holdForQuietHours(long messageId, java.time.ZoneId zone) {
    Instant now = Instant.now(clock);
    Instant earliest = rules.earliestSend(now, zone);
    if (earliest.isAfter(now)) {
      // The outbox sends what is due by next_attempt_at; in this transaction the message has not
      // been seen by the worker yet.
      jdbc.sql(
              """
              update outbox_message set next_attempt_at = ?
              where id = ? and status in ('PENDING', 'HELD') and next_attempt_at < ?""")
          .params(DuePlanner.utc(earliest), messageId, DuePlanner.utc(earliest))
          .update();
    }
    return earliest;
  }

  private void callTask(LocalDate runDate, Account account, List<ActionRows.Row> calls) {
    ActionRows.Row top =
        calls.stream().max(Comparator.comparingInt(ActionRows.Row::daysFromDue)).orElseThrow();
    LocalDate today = LocalDate.now(clock);
    String what =
        "Dunning: "
            + top.action().label()
            + " ("
            + calls.size()
            + (calls.size() == 1 ? " invoice" : " invoices")
            + ": "
            + String.join(", ", calls.stream().map(ActionRows.Row::number).limit(10).toList())
            + (calls.size() > 10 ? ", ..." : "")
            + ")";
    activities.log(
        account.id(),
        new NewActivity(
            ActivityKind.NOTE,
            null,
            null,
            what
                + ". Reached on "
                + runDate
                + " by the strategy's step; call the customer and propose the next move.",
            truncate("Call: " + top.action().label(), 200),
            runDate.isBefore(today) ? today : runDate));
  }

  private void alertOwner(
      LocalDate runDate,
      Account account,
      LegalEntity entity,
      EntityRule rule,
      List<ActionRows.Row> chats) {
    Optional<User> owner =
        account.ownerId() == null
            ? Optional.empty()
            : Optional.ofNullable(access.usersById().get(account.ownerId()));
    if (owner.isEmpty() || owner.get().email() == null || owner.get().email().isBlank()) {
      return; // nobody to alert: the approvals and the run report still show the step
    }
    ActionRows.Row top =
        chats.stream().max(Comparator.comparingInt(ActionRows.Row::daysFromDue)).orElseThrow();
    List<LetterItem> items = chats.stream().map(r -> r.item(runDate, rule, false)).toList();
    Letters.Draft draft =
        letters.compose(
            top.template(),
            account,
            entity,
            null,
            owner.get().displayName(),
            items,
            rule,
            runDate,
            nextPaymentRun(account, runDate));
    outbox.enqueue(
        new OutgoingEmail(
            "dunning-alert:" + runDate + ":" + account.id().value(),
            account.id().value(),
            "DUNNING_ALERT",
            owner.get().email(),
            null,
            draft.subject(),
            draft.bodyHtml()));
  }

  String collectorOf(Account account) {
    if (account.ownerId() == null) {
      return "Collections";
    }
    User u = access.usersById().get(account.ownerId());
    return u == null ? "Collections" : u.displayName();
  }

  static LocalDate nextPaymentRun(Account account, LocalDate asOf) {
    if (account.paymentRunDays().isEmpty()) {
      return null;
    }
    LocalDate d = asOf.plusDays(1);
    while (!account.paymentRunDays().contains(d.getDayOfWeek())) {
      d = d.plusDays(1);
    }
    return d;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
