package dev.recoup.ledger;

import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.LegalEntity;
import java.time.LocalDate;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The statement of account: the entity's letterhead, the customer's open items as of a date with
 * days past due, and the balance by aging bucket. Rendered from a template to PDF.
 */
@Service
public class Statements {

  private final Accounts accounts;
  private final Ledger ledger;
  private final Aging aging;
  private final ITemplateEngine templates;

  Statements(Accounts accounts, Ledger ledger, Aging aging, ITemplateEngine templates) {
    this.accounts = accounts;
    this.ledger = ledger;
    this.aging = aging;
    this.templates = templates;
  }

  /** The statement as HTML (also the body of a PDF). */
  public String html(AccountId id, LocalDate asOf) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    LegalEntity entity = accounts.entitiesById().get(account.entityId());
    Context context = new Context(Locale.ENGLISH);
    context.setVariable("account", account);
    context.setVariable("entity", entity);
    context.setVariable("asOf", asOf);
    context.setVariable("invoices", ledger.invoices(id, true, 10_000));
    context.setVariable("aging", aging.account(id, asOf));
    context.setVariable("endCustomers", accounts.endCustomers(id));
    return templates.process("ledger/statement", context);
  }

  /** The statement as a PDF document. */
  public byte[] pdf(AccountId id, LocalDate asOf) {
    return dev.recoup.shared.Pdf.fromHtml(html(id, asOf));
  }
}
