package dev.recoup.dunning;

import dev.recoup.accounts.Account;
import dev.recoup.accounts.Channel;
import dev.recoup.accounts.Contact;
import dev.recoup.accounts.LegalEntity;
import dev.recoup.shared.Money;
import dev.recoup.shared.Pdf;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Words of dunning: e-mails from the step's template in the customer's language (English when the
 * template has no text in it), and letters on the entity's letterhead rendered to PDF.
 */
@Component
class Letters {

  /** Days the customer is given in a demand letter. */
  static final int DEMAND_DAYS = 10;

  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

  private final ITemplateEngine templates;
  private final ResourceLoader resources;
  private final MessageSource messages;
  private final Map<String, Boolean> exists = new ConcurrentHashMap<>();

  Letters(ITemplateEngine templates, ResourceLoader resources, MessageSource messages) {
    this.templates = templates;
    this.resources = resources;
    this.messages = messages;
  }

  /** An e-mail ready for the outbox: recipient, subject, HTML body and its language. */
  record Draft(String to, String subject, String bodyHtml, String language) {}

  /** The contact dunning writes to: accounts payable first, then billing, then anyone. */
  static Optional<Contact> recipient(List<Contact> contacts) {
    return contacts.stream()
        .filter(c -> c.email() != null && !c.email().isBlank())
        .min(
            Comparator.comparingInt(
                    (Contact c) -> "AP".equals(c.role()) ? 0 : "BILLING".equals(c.role()) ? 1 : 2)
                .thenComparingLong(Contact::id));
  }

  /** The zone the contact reads its mail in: its own, else the entity's. */
  static ZoneId zoneOf(Contact contact, LegalEntity entity) {
    if (contact != null && contact.timeZone() != null && !contact.timeZone().isBlank()) {
      try {
        return ZoneId.of(contact.timeZone().strip());
      } catch (java.time.DateTimeException e) {
        // an unreadable zone falls back to the entity's
      }
    }
    return entity.timeZone();
  }

  /** The language a template is written in for this account: its own when it exists, else en. */
  String languageOf(String template, String language) {
    String lang = language == null || language.isBlank() ? "en" : language.strip();
    String key = template + "_" + lang;
    boolean has =
        exists.computeIfAbsent(
            key,
            k -> resources.getResource("classpath:templates/mail/dunning-" + k + ".html").exists());
    return has ? lang : "en";
  }

  /** A message from a step's template about these items, to the contact. */
  Draft compose(
      String template,
      Account account,
      LegalEntity entity,
      Contact to,
      String collector,
      List<LetterItem> items,
      EntityRule rule,
      LocalDate asOf,
      LocalDate nextPaymentRun) {
    String language = languageOf(template, account.language());
    Context context = new Context(Locale.forLanguageTag(language));
    context.setVariable("account", account);
    context.setVariable("entity", entity);
    context.setVariable("contactName", to == null ? null : to.name());
    context.setVariable("items", items);
    context.setVariable("total", totals(items, LetterItem::claimed));
    context.setVariable("claimedTotal", totals(items, LetterItem::total));
    context.setVariable("rule", rule);
    context.setVariable("charges", rule.chargesAnything());
    context.setVariable("partner", account.channel() == Channel.PARTNER);
    context.setVariable(
        "endCustomers",
        items.stream()
            .map(LetterItem::endCustomer)
            .filter(n -> n != null)
            .distinct()
            .sorted()
            .toList());
    context.setVariable("asOf", asOf);
    context.setVariable("nextRun", nextPaymentRun);
    context.setVariable("pulledForward", items.stream().anyMatch(LetterItem::pulledForward));
    context.setVariable(
        "oldestDays", items.stream().mapToLong(LetterItem::daysPastDue).max().orElse(0));
    context.setVariable("collector", collector);
    String html = templates.process("mail/dunning-" + template + "_" + language, context);
    Matcher m = TITLE.matcher(html);
    String subject =
        m.find()
            ? org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(1).strip())
            : template;
    return new Draft(to == null ? null : to.email(), subject, html, language);
  }

  /** The standard text of a demand letter, as editable paragraphs separated by blank lines. */
  String standardDemandText(List<LetterItem> items, LocalDate date) {
    return messages.getMessage(
        "dunning.demandLetter.text",
        new Object[] {totals(items, LetterItem::total), date.plusDays(DEMAND_DAYS), DEMAND_DAYS},
        Locale.ENGLISH);
  }

  /** The standard text of a notice sent as a letter. */
  String standardNoticeText(StepAction action, List<LetterItem> items, LocalDate date) {
    return messages.getMessage(
        "dunning.letter.text." + action.name(),
        new Object[] {totals(items, LetterItem::total), date.plusDays(DEMAND_DAYS)},
        messages.getMessage(
            "dunning.letter.text.NOTICE",
            new Object[] {totals(items, LetterItem::total), date.plusDays(DEMAND_DAYS)},
            Locale.ENGLISH),
        Locale.ENGLISH);
  }

  /** A letter on the entity's letterhead: the customer, the items, the total, the text. */
  String letterHtml(
      String title,
      Account account,
      LegalEntity entity,
      Contact to,
      List<LetterItem> items,
      EntityRule rule,
      LocalDate date,
      String text,
      String signer,
      boolean draft) {
    Context context = new Context(Locale.ENGLISH);
    context.setVariable("title", title);
    context.setVariable("account", account);
    context.setVariable("entity", entity);
    context.setVariable("contact", to);
    context.setVariable("items", items);
    context.setVariable("total", totals(items, LetterItem::claimed));
    context.setVariable("claimedTotal", totals(items, LetterItem::total));
    context.setVariable("rule", rule);
    context.setVariable("charges", rule.chargesAnything());
    context.setVariable("partner", account.channel() == Channel.PARTNER);
    context.setVariable("date", date);
    context.setVariable("paragraphs", paragraphs(text));
    context.setVariable("signer", signer);
    context.setVariable("draft", draft);
    return templates.process("dunning/letter", context);
  }

  byte[] pdf(String html) {
    return Pdf.fromHtml(html);
  }

  static List<String> paragraphs(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String p : text.replace("\r\n", "\n").split("\\n\\s*\\n")) {
      if (!p.isBlank()) {
        out.add(p.strip().replaceAll("\\s*\\n\\s*", " "));
      }
    }
    return out;
  }

  /** "1200.00 EUR + 300.00 USD": totals per currency, largest currency group first. */
  static String totals(List<LetterItem> items, java.util.function.Function<LetterItem, Money> of) {
    Map<String, Money> sums = new LinkedHashMap<>();
    for (LetterItem i : items) {
      Money m = of.apply(i);
      sums.merge(m.currencyCode(), m, Money::plus);
    }
    if (sums.isEmpty()) {
      return "0";
    }
    return sums.values().stream().map(Money::toString).collect(Collectors.joining(" + "));
  }
}
