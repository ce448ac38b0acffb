package dev.recoup.disputes;

import dev.recoup.accounts.Account;
import dev.recoup.accounts.Accounts;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Writes the reply of a case from the template of a type, in the customer's language when the
 * template exists in it (English otherwise), with the account's, the contact's and the case's data.
 * The subject is the template's {@code <title>} and always names the case, so that the customer's
 * answer finds its way back.
 */
@Component
class CaseReplyDrafts {

  /** The languages every reply template is written in. */
  static final Set<String> LANGUAGES = Set.of("en", "de");

  /** Invoices listed in an invoice-copy reply, at most (the statement attached has them all). */
  static final int LISTED_INVOICES = 50;

  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

  record Draft(String subject, String bodyHtml, String language) {}

  private final Accounts accounts;
  private final Ledger ledger;
  private final ITemplateEngine templates;

  CaseReplyDrafts(Accounts accounts, Ledger ledger, ITemplateEngine templates) {
    this.accounts = accounts;
    this.ledger = ledger;
    this.templates = templates;
  }

  static String languageFor(Account account) {
    String language = account.language() == null ? "en" : account.language();
    return LANGUAGES.contains(language) ? language : "en";
  }

  Draft draft(CustomerCase c, CaseType template, Account account, String sender, LocalDate asOf) {
    String language = languageFor(account);
    Context context = new Context(Locale.forLanguageTag(language));
    context.setVariable("account", account);
    context.setVariable("entity", accounts.entitiesById().get(account.entityId()));
    context.setVariable("contactName", c.contactName());
    context.setVariable("contactEmail", c.contactEmail());
    context.setVariable("caseRef", c.reference());
    context.setVariable("caseSubject", c.subject());
    context.setVariable("sender", sender);
    context.setVariable("asOf", asOf);
    if (template == CaseType.INVOICE_COPY) {
      List<Invoice> open =
          ledger.invoices(account.id(), true, LISTED_INVOICES).stream()
              .sorted(Comparator.comparing(Invoice::dueDate))
              .toList();
      context.setVariable("openInvoices", open);
    }
    String html =
        templates.process("mail/case-" + template.templateKey() + "_" + language, context);
    Matcher m = TITLE.matcher(html);
    String subject =
        m.find()
            ? HtmlUtils.htmlUnescape(m.group(1).strip().replaceAll("\\s+", " "))
            : c.reference();
    return new Draft(subject, html, language);
  }
}
