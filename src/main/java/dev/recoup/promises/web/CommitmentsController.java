package dev.recoup.promises.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.audit.AuditTrail;
import dev.recoup.promises.NewPlan;
import dev.recoup.promises.NewPromise;
import dev.recoup.promises.PaymentPlan;
import dev.recoup.promises.PaymentPlans;
import dev.recoup.promises.PlanAgreements;
import dev.recoup.promises.PlanStatus;
import dev.recoup.promises.Promise;
import dev.recoup.promises.Promises;
import dev.recoup.shared.FormSubmission;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Promises and plans pages: the overview (plans waiting for approval, active and broken plans,
 * promises coming due and broken, kept rate per collector), a plan's page with its schedule and
 * approval, and the forms of the Account 360 section.
 */
@Controller
class CommitmentsController {

  private final Promises promises;
  private final PaymentPlans plans;
  private final PlanAgreements agreements;
  private final Accounts accounts;
  private final AuditTrail audit;
  private final Clock clock;
  private final dev.recoup.ledger.FxRates fx;

  CommitmentsController(
      Promises promises,
      PaymentPlans plans,
      PlanAgreements agreements,
      Accounts accounts,
      AuditTrail audit,
      Clock clock,
      dev.recoup.ledger.FxRates fx) {
    this.fx = fx;
    this.promises = promises;
    this.plans = plans;
    this.agreements = agreements;
    this.accounts = accounts;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping("/plans")
  String overview(Model model) {
    LocalDate today = LocalDate.now(clock);
    List<PaymentPlan> proposed = plans.withStatus(PlanStatus.PROPOSED, 200);
    List<PaymentPlan> active = plans.withStatus(PlanStatus.ACTIVE, 500);
    List<PaymentPlan> broken =
        plans.withStatus(PlanStatus.BROKEN, 500).stream()
            .filter(p -> p.endedOn() != null && !p.endedOn().isBefore(today.minusDays(90)))
            .toList();
    List<Promise> due = promises.dueBetween(today, today.plusDays(7), 200);
    List<Promise> brokenPromises = promises.brokenSince(today.minusDays(30), 200);
    List<AccountId> ids = new ArrayList<>();
    proposed.forEach(p -> ids.add(p.accountId()));
    active.forEach(p -> ids.add(p.accountId()));
    broken.forEach(p -> ids.add(p.accountId()));
    due.forEach(p -> ids.add(p.accountId()));
    brokenPromises.forEach(p -> ids.add(p.accountId()));
    model.addAttribute("names", names(ids));
    model.addAttribute("proposed", proposed);
    model.addAttribute(
        "mayDecide",
        proposed.stream().collect(Collectors.toMap(PaymentPlan::id, plans::mayDecide)));
    model.addAttribute("active", active);
    model.addAttribute("broken", broken);
    model.addAttribute("due", due);
    model.addAttribute("brokenPromises", brokenPromises);
    model.addAttribute("keptRates", promises.keptRateByCollector(today.minusDays(90), today));
    model.addAttribute("today", today);
    return "promises/plans";
  }

  @GetMapping("/plans/{id}")
  String plan(@PathVariable long id, Model model) {
    PaymentPlan plan = plans.find(id).orElseThrow(() -> new PaymentPlans.NoSuchPlan(id));
    model.addAttribute("plan", plan);
    model.addAttribute("account", accounts.find(plan.accountId()).orElseThrow());
    model.addAttribute("mayDecide", plans.mayDecide(plan));
    model.addAttribute("history", audit.historyOf("payment-plan", id, 50));
    model.addAttribute(
        "policyInWords",
        plans.policies().stream()
            .filter(p -> p.id() == plan.policyId())
            .findFirst()
            .orElseThrow()
            .describe(fx.reportingCurrency()));
    return "promises/plan";
  }

  @GetMapping("/plans/{id}/agreement.pdf")
  ResponseEntity<byte[]> agreement(@PathVariable long id) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header("Content-Disposition", "inline; filename=payment-plan-" + id + ".pdf")
        .body(agreements.pdf(id));
  }

  @PostMapping("/plans/{id}/approval")
  String decide(
      @PathVariable long id,
      @RequestParam boolean approve,
      @RequestParam(required = false) String note,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/plans/" + id,
        () -> {
          plans.decide(id, approve, note);
          return approve ? "Plan approved: it is active." : "Plan rejected.";
        });
  }

  @PostMapping("/plans/{id}/cancel")
  String cancel(@PathVariable long id, @RequestParam String reason, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/plans/" + id,
        () -> {
          plans.cancel(id, reason);
          return "Plan cancelled.";
        });
  }

  @PostMapping("/plans/{id}/agreement")
  String send(@PathVariable long id, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/plans/" + id,
        () -> "Agreement queued for the customer (outbox message " + agreements.send(id) + ").");
  }

  @PostMapping("/accounts/{id}/promises")
  String promise(
      @PathVariable long id,
      @RequestParam(required = false) BigDecimal amount,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate promisedOn,
      @RequestParam(required = false) List<Long> invoiceIds,
      @RequestParam(defaultValue = "CALL") String channel,
      @RequestParam(required = false) String contactName,
      @RequestParam(required = false) String notes,
      @RequestParam(required = false) String requestKey,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/accounts/" + id + "#commitments",
        () -> {
          if (amount == null) {
            throw new IllegalArgumentException("amount: required");
          }
          if (promisedOn == null) {
            throw new IllegalArgumentException("promisedOn: required");
          }
          Promise p =
              promises.make(
                  new AccountId(id),
                  new NewPromise(
                      amount, currency, promisedOn, invoiceIds, channel, contactName, notes),
                  requestKey);
          return "Promise of " + p.amount() + " by " + p.promisedOn() + " recorded.";
        });
  }

  @PostMapping("/promises/{id}/cancel")
  String cancelPromise(
      @PathVariable long id, @RequestParam String reason, RedirectAttributes flash) {
    Promise p = promises.find(id).orElseThrow(() -> new Promises.NoSuchPromise(id));
    return FormSubmission.attempt(
        flash,
        "/accounts/" + p.accountId().value() + "#commitments",
        () -> {
          promises.cancel(id, reason);
          return "Promise cancelled.";
        });
  }

  @PostMapping("/accounts/{id}/plans")
  String propose(
      @PathVariable long id,
      @RequestParam(required = false) List<Long> invoiceIds,
      @RequestParam(required = false) Integer months,
      @RequestParam(required = false) BigDecimal downPayment,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate firstDueOn,
      @RequestParam(required = false) String notes,
      @RequestParam(required = false) String requestKey,
      RedirectAttributes flash) {
    // Back to the account on an error; on to the new plan's page when it was proposed.
    String[] target = {"/accounts/" + id + "#commitments"};
    FormSubmission.attempt(
        flash,
        "/accounts/" + id + "#commitments",
        () -> {
          if (months == null) {
            throw new IllegalArgumentException("months: required");
          }
          PaymentPlan p =
              plans.propose(
                  new AccountId(id),
                  new NewPlan(
                      invoiceIds == null ? List.of() : invoiceIds,
                      months,
                      downPayment == null ? BigDecimal.ZERO : downPayment,
                      firstDueOn,
                      notes),
                  requestKey);
          target[0] = "/plans/" + p.id();
          return p.status() == PlanStatus.ACTIVE
              ? "Plan agreed within your authority: it is active."
              : "Plan proposed: " + p.approvalRule() + ".";
        });
    return "redirect:" + target[0];
  }

  @GetMapping({"/plans/export.csv", "/plans/export.xlsx"})
  void export(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    List<PaymentPlan> all = new ArrayList<>();
    for (PlanStatus s : PlanStatus.values()) {
      all.addAll(plans.withStatus(s, 100_000));
    }
    Map<Long, String> names = names(all.stream().map(PaymentPlan::accountId).toList());
    try (var out =
        dev.recoup.shared.TableExport.open(
            request,
            response,
            "payment-plans",
            "Plan",
            "Account",
            "Status",
            "Currency",
            "Financed",
            "Down payment",
            "Fee",
            "Months",
            "Paid",
            "Required approver",
            "Proposed by",
            "Decided by",
            "Active from",
            "Ended on")) {
      for (PaymentPlan p : all) {
        out.row(
            p.id(),
            names.get(p.accountId().value()),
            p.status(),
            p.financed().currencyCode(),
            p.financed(),
            p.downPayment(),
            p.fee(),
            p.months(),
            p.paid(),
            p.requiredRole(),
            p.proposedBy(),
            p.decidedBy(),
            p.activeFrom(),
            p.endedOn());
      }
    }
  }

  private Map<Long, String> names(List<AccountId> ids) {
    return ids.stream()
        .distinct()
        .map(accounts::find)
        .flatMap(java.util.Optional::stream)
        .collect(Collectors.toMap(a -> a.id().value(), a -> a.name(), (a, b) -> a));
  }
}
