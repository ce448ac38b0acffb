package dev.recoup.suspension;

import dev.recoup.accounts.Account;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutgoingEmail;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The customer's e-mails about a suspension, from templates in its language (English otherwise),
 * through the outbox: the pre-suspension notice, the notice that it is withdrawn, and the news that
 * the service is reinstated. They go to the billing contact (the AP contact when there is none).
 */
@Component
class SuspensionNotices {

  /** The e-mails a suspension sends, each a template {@code mail/suspension-<kind>_<lang>}. */
  enum Kind {
    NOTICE("SUSPENSION_NOTICE"),
    WITHDRAWN("SUSPENSION_WITHDRAWN"),
    REINSTATED("SUSPENSION_REINSTATED");

    final String outboxKind;

    Kind(String outboxKind) {
      this.outboxKind = outboxKind;
    }

    String template() {
      return "suspension-" + name().toLowerCase();
    }
  }

  private static final Set<String> LANGUAGES = Set.of("en", "de");
  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

  private final Accounts accounts;
  private final Outbox outbox;
  private final ITemplateEngine templates;

  SuspensionNotices(Accounts accounts, Outbox outbox, ITemplateEngine templates) {
    this.accounts = accounts;
    this.outbox = outbox;
    this.templates = templates;
  }

  /** Who the e-mails go to, if the account has anyone with an e-mail address. */
  Optional<Contact> recipient(Account account) {
    return accounts.contacts(account.id()).stream()
        .filter(c -> c.email() != null && !c.email().isBlank())
        .min(
            Comparator.comparingInt(
                c -> "BILLING".equals(c.role()) ? 0 : "AP".equals(c.role()) ? 1 : 2));
  }

  /**
   * Queues one of the e-mails in the caller's transaction, once per suspension and kind. Returns
   * the outbox message id. Refused ("account: ...") when there is nobody to write to.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  long send(
      Kind kind,
      Suspension s,
      Account account,
      PastDue pastDue,
      List<String> endCustomers,
      String because,
      LocalDate asOf) {
    Contact to =
        recipient(account)
            .orElseThrow(
                () -> new IllegalArgumentException("account: no contact with an e-mail address"));
    String language = LANGUAGES.contains(account.language()) ? account.language() : "en";
    Context context = new Context(Locale.forLanguageTag(language));
    context.setVariable("account", account);
    context.setVariable("entity", accounts.entitiesById().get(account.entityId()));
    context.setVariable("contactName", to.name());
    context.setVariable("suspension", s);
    context.setVariable("pastDueInvoices", pastDue.items());
    context.setVariable("pastDue", pastDue.total());
    context.setVariable("asOf", asOf);
    context.setVariable("endCustomers", endCustomers);
    context.setVariable("because", because);
    String html = templates.process("mail/" + kind.template() + "_" + language, context);
    Matcher m = TITLE.matcher(html);
    String subject =
        m.find()
            ? org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(1).strip())
            : "Service suspension " + account.externalId();
    return outbox.enqueue(
        new OutgoingEmail(
            "suspension:" + s.id() + ":" + kind.name().toLowerCase(),
            account.id().value(),
            kind.outboxKind,
            to.email(),
            null,
            subject,
            html));
  }
}
