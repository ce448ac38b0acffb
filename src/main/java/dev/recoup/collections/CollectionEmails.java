package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import dev.recoup.ledger.Statements;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutgoingEmail;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Collection e-mails from templates in the customer's language, with the past-due items, the total
 * past due and the statement of account attached. The e-mail goes into the outbox in the same
 * transaction as the activity that records it, so neither exists without the other.
 */
@Service
public class CollectionEmails {

  /** A template a collector can pick; its text exists per language, English as the fallback. */
  public record Template(String key, String label) {}

  static final List<Template> TEMPLATES =
      List.of(
          new Template("reminder", "Friendly reminder"),
          new Template("past-due", "Past-due notice"));

  private static final Set<String> LANGUAGES =
      Set.of(
          "reminder_en",
          "reminder_de",
          "reminder_fr",
          "reminder_ja",
          "past-due_en",
          "past-due_de",
          "plan-broken_en");
  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

  private final Portfolios portfolios;
  private final Accounts accounts;
  private final Ledger ledger;
  private final Aging aging;
  private final Statements statements;
  private final Outbox outbox;
  private final Activities activities;
  private final Access access;
  private final ITemplateEngine templates;
  private final Worklists worklists;

  CollectionEmails(
      Portfolios portfolios,
      Accounts accounts,
      Ledger ledger,
      Aging aging,
      Statements statements,
      Outbox outbox,
      Activities activities,
      Access access,
      ITemplateEngine templates,
      Worklists worklists) {
    this.portfolios = portfolios;
    this.accounts = accounts;
    this.ledger = ledger;
    this.aging = aging;
    this.statements = statements;
    this.outbox = outbox;
    this.activities = activities;
    this.access = access;
    this.templates = templates;
    this.worklists = worklists;
  }

  public List<Template> templates() {
    return TEMPLATES;
  }

  /** What the e-mail will say, before it is sent: subject and HTML body. */
  public record Draft(String to, String subject, String bodyHtml, String language) {}

  public Draft draft(AccountId id, String templateKey, long contactId) {
    Account account = portfolios.requireMayWork(id);
    if (TEMPLATES.stream().noneMatch(t -> t.key().equals(templateKey))) {
      throw new IllegalArgumentException("template: unknown template " + templateKey);
    }
    return compose(account, templateKey, contactId);
  }

  private Draft compose(Account account, String templateKey, long contactId) {
    AccountId id = account.id();
    Contact contact =
        accounts.contacts(id).stream()
            .filter(c -> c.id() == contactId)
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("contactId: not a contact of this account"));
    if (contact.email() == null || contact.email().isBlank()) {
      throw new IllegalArgumentException("contactId: this contact has no e-mail address");
    }
    if (account.doNotContact()) {
      throw new IllegalArgumentException("account: marked do-not-contact");
    }
    LocalDate asOf = aging.today();
    List<Invoice> pastDue =
        ledger.invoices(id, true, 10_000).stream()
            // what is wholly under dispute is not chased until the dispute resolves
            .filter(i -> i.daysPastDue(asOf) > 0 && i.collectible().isPositive())
            .sorted(Comparator.comparing(Invoice::dueDate))
            .toList();
    Map<String, Money> totals = new LinkedHashMap<>();
    pastDue.forEach(
        i -> totals.merge(i.collectible().currencyCode(), i.collectible(), Money::plus));
    String language =
        LANGUAGES.contains(templateKey + "_" + account.language()) ? account.language() : "en";
    Context context = new Context(Locale.forLanguageTag(language));
    context.setVariable("account", account);
    context.setVariable("entity", accounts.entitiesById().get(account.entityId()));
    context.setVariable("contactName", contact.name());
    context.setVariable("pastDueInvoices", pastDue);
    context.setVariable(
        "pastDue",
        totals.isEmpty()
            ? "0"
            : totals.values().stream().map(Money::toString).collect(Collectors.joining(" + ")));
    context.setVariable("oldestDays", pastDue.isEmpty() ? 0 : pastDue.get(0).daysPastDue(asOf));
    context.setVariable("asOf", asOf);
    context.setVariable("nextRun", nextRun(account, asOf));
    context.setVariable(
        "collector",
        access
            .currentActor()
            .flatMap(a -> access.user(a.username()))
            .map(User::displayName)
            .orElse("Collections"));
    String html = templates.process("mail/" + templateKey + "_" + language, context);
    Matcher m = TITLE.matcher(html);
    String subject =
        m.find()
            ? org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(1).strip())
            : templateKey;
    return new Draft(contact.email(), subject, html, language);
  }

  /**
   * Queues the e-mail and records it on the timeline, once per {@code requestKey} (a form token or
   * the API's Idempotency-Key): a double submit sends nothing twice.
   */
  @Transactional
  public Activity send(
      AccountId id,
      String templateKey,
      long contactId,
      boolean attachStatement,
      String requestKey) {
    Draft draft = draft(id, templateKey, contactId);
    List<OutgoingEmail.Attachment> attachments = new ArrayList<>();
    if (attachStatement) {
      Account account = accounts.find(id).orElseThrow();
      attachments.add(
          new OutgoingEmail.Attachment(
              "statement-" + account.externalId() + "-" + aging.today() + ".pdf",
              "application/pdf",
              statements.pdf(id, aging.today())));
    }
    String key = "collection-email:" + id.value() + ":" + templateKey + ":" + requestKey;
    long messageId =
        outbox.enqueue(
            new OutgoingEmail(
                key,
                id.value(),
                "COLLECTION_EMAIL",
                draft.to(),
                null,
                draft.subject(),
                draft.bodyHtml(),
                attachments));
    return activities.timeline(id, 50).stream()
        .filter(a -> a.outboxMessageId() != null && a.outboxMessageId() == messageId)
        .findFirst()
        .orElseGet(
            () ->
                activities.record(
                    id,
                    ActivityKind.EMAIL,
                    null,
                    contactId,
                    draft.subject(),
                    "Sent to "
                        + draft.to()
                        + (attachStatement ? " with the statement attached" : ""),
                    null,
                    null,
                    messageId));
  }

  /**
   * A notice Recoup itself sends when something happens on an account (a payment plan ended), to
   * its billing contact (else AP), with the statement attached: once per {@code key}, recorded on
   * the timeline. Do-not-contact and legal-hold accounts get nothing; the answer says so.
   */
  @Transactional
  java.util.Optional<Activity> sendNotice(AccountId id, String templateKey, String key) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    if (account.doNotContact() || account.legalHold()) {
      return java.util.Optional.empty();
    }
    var contact =
        accounts.contacts(id).stream()
            .filter(c -> c.email() != null && !c.email().isBlank())
            .min(
                Comparator.comparingInt(
                    c -> "BILLING".equals(c.role()) ? 0 : "AP".equals(c.role()) ? 1 : 2));
    if (contact.isEmpty()) {
      return java.util.Optional.empty();
    }
    Draft draft = compose(account, templateKey, contact.get().id());
    long messageId =
        outbox.enqueue(
            new OutgoingEmail(
                key,
                id.value(),
                "COLLECTION_NOTICE",
                draft.to(),
                null,
                draft.subject(),
                draft.bodyHtml(),
                List.of(
                    new OutgoingEmail.Attachment(
                        "statement-" + account.externalId() + "-" + aging.today() + ".pdf",
                        "application/pdf",
                        statements.pdf(id, aging.today())))));
    return java.util.Optional.of(
        activities.record(
            id,
            ActivityKind.EMAIL,
            null,
            contact.get().id(),
            draft.subject(),
            "Sent to " + draft.to() + " with the statement attached",
            null,
            null,
            messageId));
  }

  private static LocalDate nextRun(Account account, LocalDate asOf) {
    if (account.paymentRunDays().isEmpty()) {
      return null;
    }
    LocalDate d = asOf.plusDays(1);
    while (!account.paymentRunDays().contains(d.getDayOfWeek())) {
      d = d.plusDays(1);
    }
    return d;
  }
}
