package dev.recoup.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.support.RecoupTest;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every case type has its reply, in English and in German: the subject names the case, the body
 * greets the contact and names the account, and nothing is left unrendered.
 */
@RecoupTest
class CaseReplyTemplatesTests {

  @Autowired CaseReplyDrafts drafts;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;

  @Test
  void everyTypeHasAReplyInEnglishAndGerman() {
    Account english = accountIn("en");
    Account german = inLanguage(english, "de"); // the demo has no German customer
    for (CaseType type : CaseType.values()) {
      CaseReplyDrafts.Draft en =
          drafts.draft(aCase(english, type), type, english, "Connor", today());
      CaseReplyDrafts.Draft de = drafts.draft(aCase(german, type), type, german, "Connor", today());

      assertThat(en.language()).isEqualTo("en");
      assertThat(de.language()).isEqualTo("de");
      for (var d : new CaseReplyDrafts.Draft[] {en, de}) {
        assertThat(d.subject()).as(type + " " + d.language()).contains("[CASE-000042]");
        assertThat(d.bodyHtml()).contains("Pat Example").doesNotContain("??").doesNotContain("${");
      }
      assertThat(en.bodyHtml())
          .contains("Dear <span>Pat Example</span>")
          .contains(escaped(english.name()));
      assertThat(de.bodyHtml())
          .contains("Guten Tag <span>Pat Example</span>")
          .contains(escaped(german.name()));
      assertThat(de.subject()).isNotEqualTo(en.subject());
    }
  }

  @Test
  void anAccountInAnotherLanguageGetsTheEnglishReply() {
    Account japanese = accountIn("ja");
    CaseReplyDrafts.Draft d =
        drafts.draft(aCase(japanese, CaseType.OTHER), CaseType.OTHER, japanese, "Aiko", today());
    assertThat(d.language()).isEqualTo("en");
    assertThat(d.subject()).startsWith("We have received your request");
  }

  private Account accountIn(String language) {
    long id =
        jdbc.sql("select min(id) from customer_account where language = ?")
            .param(language)
            .query(Long.class)
            .single();
    return accounts.find(new AccountId(id)).orElseThrow();
  }

  private static Account inLanguage(Account a, String language) {
    return new Account(
        a.id(),
        a.sourceSystem(),
        a.externalId(),
        a.name(),
        a.parentId(),
        a.channel(),
        a.partnerId(),
        a.segment(),
        a.region(),
        a.entityId(),
        a.currency(),
        a.paymentTermsDays(),
        a.creditLimit(),
        a.riskRating(),
        a.ownerId(),
        a.salesOwner(),
        a.status(),
        a.doNotContact(),
        a.legalHold(),
        language,
        a.paymentRunDays(),
        a.notes());
  }

  private static LocalDate today() {
    return LocalDate.parse(RecoupTest.TODAY);
  }

  private static String escaped(String s) {
    return org.springframework.web.util.HtmlUtils.htmlEscape(s);
  }

  private static CustomerCase aCase(Account account, CaseType type) {
    return new CustomerCase(
        new CaseId(42),
        account.id(),
        account.name(),
        account.externalId(),
        account.ownerId(),
        type,
        1,
        "Pat Example",
        "pat@customer.example",
        "Request by e-mail",
        null,
        CaseStatus.OPEN,
        null,
        null,
        null,
        "test",
        Instant.parse(RecoupTest.TODAY + "T12:00:00Z"),
        today(),
        today().plusDays(2),
        null,
        null,
        null,
        null,
        null,
        today(),
        false,
        false,
        0);
  }
}
