package dev.recoup.refunds;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.User;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.audit.AuditTrail;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutboxMessage;
import dev.recoup.notifications.OutgoingEmail;
import dev.recoup.shared.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Outreach about a credit balance: an e-mail from a template in the customer's language to its AP
 * or billing contact, stating the credit and asking whether to refund it (bank details are then
 * confirmed by a call back to the number on file, never taken from an e-mail) or to apply it to
 * future invoices. It goes through the outbox in the same transaction as its record here, once per
 * request key.
 */
@Service
@Transactional(readOnly = true)
public class CreditOutreach {

  static final String KIND = "CREDIT_OUTREACH";
  private static final Set<String> LANGUAGES = Set.of("en", "de", "fr");
  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

  /** Whom to write to about money owed back: accounts payable first, then billing. */
  private static final List<String> ROLES = List.of("AP", "BILLING");

  private final CreditBalances balances;
  private final Accounts accounts;
  private final Access access;
  private final Outbox outbox;
  private final AuditTrail audit;
  private final ITemplateEngine templates;
  private final JdbcClient jdbc;
  private final Clock clock;

  CreditOutreach(
      CreditBalances balances,
      Accounts accounts,
      Access access,
      Outbox outbox,
      AuditTrail audit,
      ITemplateEngine templates,
      JdbcClient jdbc,
      Clock clock) {
    this.balances = balances;
    this.accounts = accounts;
    this.access = access;
    this.outbox = outbox;
    this.audit = audit;
    this.templates = templates;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The e-mail before it is sent. */
  public record Draft(String to, Long contactId, String subject, String bodyHtml, String balance) {}

  /**
   * Writes the e-mail to {@code contactId} (null: the account's AP contact, else its billing
   * contact, with an e-mail address).
   */
  public Draft draft(AccountId id, Long contactId) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (account.doNotContact()) {
      throw new IllegalArgumentException("account: marked do-not-contact");
    }
    Contact contact = contact(id, contactId);
    List<CreditBalance> credits =
        balances.ofAccount(id).stream().filter(c -> c.available().isPositive()).toList();
    if (credits.isEmpty()) {
      throw new IllegalArgumentException(
          "account: has no credit balance to offer (nothing unapplied, or all of it in refunds)");
    }
    Map<String, Money> totals = new LinkedHashMap<>();
    credits.forEach(c -> totals.merge(c.open().currencyCode(), c.available(), Money::plus));
    String balance =
        totals.values().stream().map(Money::toString).collect(Collectors.joining(" + "));
    String language = LANGUAGES.contains(account.language()) ? account.language() : "en";
    Context context = new Context(Locale.forLanguageTag(language));
    context.setVariable("account", account);
    context.setVariable("entity", accounts.entitiesById().get(account.entityId()));
    context.setVariable("contactName", contact.name());
    context.setVariable("credits", credits);
    context.setVariable("balance", balance);
    context.setVariable("asOf", LocalDate.now(clock));
    context.setVariable(
        "sender",
        access
            .currentActor()
            .flatMap(a -> access.user(a.username()))
            .map(User::displayName)
            .orElse("Accounts receivable"));
    String html = templates.process("mail/refund-outreach_" + language, context);
    Matcher m = TITLE.matcher(html);
    String subject = m.find() ? HtmlUtils.htmlUnescape(m.group(1).strip()) : "Credit balance";
    return new Draft(contact.email(), contact.id(), subject, html, balance);
  }

  /**
   * Queues the e-mail and records the outreach, once per {@code requestKey} (a form token or the
   * API's Idempotency-Key): a double submit sends nothing twice.
   */
  @Transactional
  public Outreach send(AccountId id, Long contactId, String requestKey) {
    if (requestKey == null || requestKey.isBlank()) {
      throw new IllegalArgumentException("requestKey: required");
    }
    Draft d = draft(id, contactId);
    String key = "credit-outreach:" + id.value() + ":" + requestKey.strip();
    if (key.length() > 200) {
      throw new IllegalArgumentException("requestKey: too long");
    }
    long messageId =
        outbox.enqueue(
            new OutgoingEmail(key, id.value(), KIND, d.to(), null, d.subject(), d.bodyHtml()));
    String actor = access.currentActor().map(Actor::username).orElse("system");
    int inserted =
        jdbc.sql(
                """
                insert into credit_outreach (account_id, contact_id, to_address, outbox_message_id,
                  balance, sent_by, sent_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (outbox_message_id) do nothing""")
            .params(
                id.value(),
                d.contactId(),
                d.to(),
                messageId,
                d.balance(),
                actor,
                OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC))
            .update();
    if (inserted > 0) {
      audit.record(
          "credit-balance.outreach",
          "account",
          id.value(),
          null,
          Map.of("to", d.to(), "balance", d.balance(), "messageId", messageId),
          null);
    }
    return history(id, 100).stream()
        .filter(o -> o.outboxMessageId() == messageId)
        .findFirst()
        .orElseThrow();
  }

  /** The account's credit-balance e-mails, newest first. */
  public List<Outreach> history(AccountId id, int limit) {
    return jdbc.sql(
            """
            select * from credit_outreach where account_id = ?
            order by sent_at desc, id desc limit ?""")
        .params(id.value(), limit)
        .query(
            (rs, n) -> {
              long messageId = rs.getLong("outbox_message_id");
              long contact = rs.getLong("contact_id");
              boolean noContact = rs.wasNull();
              return new Outreach(
                  rs.getLong("id"),
                  id,
                  noContact ? null : contact,
                  rs.getString("to_address"),
                  messageId,
                  rs.getString("balance"),
                  rs.getString("sent_by"),
                  rs.getObject("sent_at", OffsetDateTime.class).toInstant(),
                  outbox.find(messageId).map(OutboxMessage::status).map(Enum::name).orElse(""));
            })
        .list();
  }

  /** The account's contacts with an e-mail address, AP first, then billing, then the others. */
  public List<Contact> emailContacts(AccountId id) {
    return accounts.contacts(id).stream()
        .filter(c -> c.email() != null && !c.email().isBlank())
        .sorted(Comparator.comparingInt(CreditOutreach::rank))
        .toList();
  }

  private Contact contact(AccountId id, Long contactId) {
    List<Contact> withEmail = emailContacts(id);
    if (contactId != null) {
      return accounts.contacts(id).stream()
          .filter(c -> c.id() == contactId)
          .findFirst()
          .map(
              c -> {
                if (c.email() == null || c.email().isBlank()) {
                  throw new IllegalArgumentException(
                      "contactId: this contact has no e-mail address");
                }
                return c;
              })
          .orElseThrow(
              () -> new IllegalArgumentException("contactId: not a contact of this account"));
    }
    return withEmail.stream()
        .filter(c -> ROLES.contains(c.role()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "contactId: the account has no AP or billing contact with an e-mail address"));
  }

  private static int rank(Contact c) {
    int i = ROLES.indexOf(c.role());
    return i < 0 ? ROLES.size() : i;
  }
}
