package dev.recoup.promises;

import dev.recoup.access.Access;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutgoingEmail;
import dev.recoup.shared.Pdf;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The payment plan agreement: on the entity's letterhead, the invoices it covers, the schedule and
 * the terms (what happens when an instalment is missed). Rendered to PDF and sent to the customer's
 * billing contact through the outbox.
 */
@Service
public class PlanAgreements {

  private final PaymentPlans plans;
  private final Accounts accounts;
  private final Ledger ledger;
  private final Outbox outbox;
  private final ITemplateEngine templates;
  private final Access access;

  PlanAgreements(
      PaymentPlans plans,
      Accounts accounts,
      Ledger ledger,
      Outbox outbox,
      ITemplateEngine templates,
      Access access) {
    this.access = access;
    this.plans = plans;
    this.accounts = accounts;
    this.ledger = ledger;
    this.outbox = outbox;
    this.templates = templates;
  }

  public byte[] pdf(long planId) {
    return Pdf.fromHtml(html(planId));
  }

  String html(long planId) {
    PaymentPlan plan = plans.find(planId).orElseThrow(() -> new PaymentPlans.NoSuchPlan(planId));
    Account account = accounts.find(plan.accountId()).orElseThrow();
    var covered =
        plan.invoices().stream().map(id -> id.value()).collect(java.util.stream.Collectors.toSet());
    List<Invoice> invoices =
        ledger.invoices(plan.accountId(), false, 10_000).stream()
            .filter(i -> covered.contains(i.id().value()))
            .sorted(Comparator.comparing(Invoice::dueDate))
            .toList();
    Context context = new Context(Locale.ENGLISH);
    context.setVariable("plan", plan);
    context.setVariable("account", account);
    context.setVariable("entity", accounts.entitiesById().get(account.entityId()));
    context.setVariable("invoices", invoices);
    context.setVariable(
        "policy",
        plans.policies().stream().filter(p -> p.id() == plan.policyId()).findFirst().orElseThrow());
    return templates.process("promises/agreement", context);
  }

  /**
   * Sends the agreement of an active plan to the account's billing contact (the AP contact if there
   * is none), once: sending again returns the message already queued.
   */
  @Transactional
  public long send(long planId) {
    PaymentPlan plan = plans.find(planId).orElseThrow(() -> new PaymentPlans.NoSuchPlan(planId));
    if (plan.status() != PlanStatus.ACTIVE) {
      throw new IllegalArgumentException("status: only an agreed (active) plan is sent");
    }
    Account account = accounts.find(plan.accountId()).orElseThrow();
    access.requireMayChangeAccountOwnedBy(account.ownerId());
    if (account.doNotContact()) {
      throw new IllegalArgumentException("account: marked do-not-contact");
    }
    Contact to =
        accounts.contacts(plan.accountId()).stream()
            .filter(c -> c.email() != null && !c.email().isBlank())
            .min(
                Comparator.comparingInt(
                    c -> "BILLING".equals(c.role()) ? 0 : "AP".equals(c.role()) ? 1 : 2))
            .orElseThrow(
                () -> new IllegalArgumentException("contact: the account has no e-mail contact"));
    String body =
        "<p>Dear "
            + org.springframework.web.util.HtmlUtils.htmlEscape(to.name())
            + ",</p><p>As agreed, please find attached the payment plan for "
            + org.springframework.web.util.HtmlUtils.htmlEscape(account.name())
            + ": "
            + plan.total()
            + " in "
            + plan.instalments().size()
            + " instalments, the first due "
            + plan.instalments().get(0).dueOn()
            + ".</p><p>Kind regards,<br>Collections</p>";
    long message =
        outbox.enqueue(
            new OutgoingEmail(
                "plan-agreement:" + planId,
                plan.accountId().value(),
                "PLAN_AGREEMENT",
                to.email(),
                null,
                "Payment plan agreement " + account.externalId() + "-" + planId,
                body,
                List.of(
                    new OutgoingEmail.Attachment(
                        "payment-plan-" + account.externalId() + "-" + planId + ".pdf",
                        "application/pdf",
                        pdf(planId)))));
    if (plan.agreementMessageId() == null) {
      plans.agreementSent(planId, message);
    }
    return message;
  }
}
