package dev.recoup.dunning.web;

import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.dunning.Approvals;
import dev.recoup.dunning.ContactRules;
import dev.recoup.dunning.Dunning;
import dev.recoup.dunning.DunningRun;
import dev.recoup.dunning.EntityRules;
import dev.recoup.dunning.Preview;
import dev.recoup.dunning.RunAccount;
import dev.recoup.dunning.StepAction;
import dev.recoup.dunning.StepChannel;
import dev.recoup.dunning.Strategies;
import dev.recoup.shared.FormSubmission;
import dev.recoup.shared.TableExport;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
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
 * The dunning page (strategies and their steps, a run's preview for a date, the runs, the contact
 * rules and the entities' fee rules), a run's report, letters for post, and the request for a
 * demand letter from the Account 360.
 */
@Controller
class DunningController {

  private static final int PREVIEW_ROWS = 200;

  private final Dunning dunning;
  private final Strategies strategies;
  private final EntityRules entityRules;
  private final ContactRules contactRules;
  private final Approvals approvals;
  private final dev.recoup.ledger.FxRates fx;
  private final Clock clock;

  DunningController(
      Dunning dunning,
      Strategies strategies,
      EntityRules entityRules,
      ContactRules contactRules,
      Approvals approvals,
      dev.recoup.ledger.FxRates fx,
      Clock clock) {
    this.fx = fx;
    this.dunning = dunning;
    this.strategies = strategies;
    this.entityRules = entityRules;
    this.contactRules = contactRules;
    this.approvals = approvals;
    this.clock = clock;
  }

  @GetMapping("/dunning")
  String page(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
      Model model) {
    LocalDate today = LocalDate.now(clock);
    LocalDate asOf = date == null ? today : date;
    Preview preview = dunning.preview(asOf, PREVIEW_ROWS);
    model.addAttribute("today", today);
    model.addAttribute("date", asOf);
    model.addAttribute("preview", preview);
    model.addAttribute("strategies", strategies.all());
    model.addAttribute("templates", strategies.templates());
    model.addAttribute("channels", StepChannel.values());
    model.addAttribute("actions", StepAction.values());
    model.addAttribute("approvalRoles", List.of(Role.LEAD, Role.MANAGER));
    model.addAttribute("mayEdit", strategies.mayEdit());
    model.addAttribute("mayRun", dunning.mayRun() && !asOf.isAfter(today));
    model.addAttribute("runs", dunning.runs(30));
    model.addAttribute("rules", entityRules.all());
    model.addAttribute("mayChangeRules", entityRules.mayChange());
    model.addAttribute("contactRules", contactRules);
    model.addAttribute("pendingApprovals", approvals.pending(1000).size());
    model.addAttribute("reportingCurrency", fx.reportingCurrency());
    return "dunning/dunning";
  }

  @GetMapping({"/dunning/preview.csv", "/dunning/preview.xlsx"})
  void previewCsv(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
      jakarta.servlet.http.HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    LocalDate asOf = date == null ? LocalDate.now(clock) : date;
    Preview preview = dunning.preview(asOf, 100_000);
    try (TableExport csv =
        TableExport.open(
            request,
            response,
            "dunning-preview-" + asOf,
            "Account id",
            "Account",
            "Owner",
            "Channel",
            "Outcome",
            "Reason",
            "Highest step",
            "Items",
            "Amount",
            "Amount (reporting currency)")) {
      for (Preview.Row r : preview.accounts()) {
        csv.row(
            r.accountId().value(),
            r.name(),
            r.owner(),
            r.channel(),
            r.outcome(),
            r.reason(),
            r.topAction().label(),
            r.items(),
            r.amountsText(),
            r.reporting());
      }
    }
  }

  @PostMapping("/dunning/runs")
  String run(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
      RedirectAttributes flash) {
    if (!dunning.mayRun()) {
      throw new org.springframework.security.access.AccessDeniedException(
          "A lead or the manager runs dunning");
    }
    long[] id = {0};
    String back =
        FormSubmission.attempt(
            flash,
            "/dunning",
            () -> {
              DunningRun r = dunning.run(date == null ? LocalDate.now(clock) : date);
              id[0] = r.id();
              return r.alreadyRan()
                  ? "The run of " + r.runDate() + " had already run: nothing was sent again."
                  : "Run of "
                      + r.runDate()
                      + ": "
                      + r.issued()
                      + " accounts issued, "
                      + r.letters()
                      + " messages, "
                      + r.approvals()
                      + " approvals, "
                      + r.skipped()
                      + " skipped, "
                      + r.deferred()
                      + " deferred.";
            });
    return id[0] == 0 ? back : "redirect:/dunning/runs/" + id[0];
  }

  @GetMapping("/dunning/runs/{id}")
  String runReport(
      @PathVariable long id, @RequestParam(required = false) String outcome, Model model) {
    DunningRun run =
        dunning
            .findRun(id)
            .orElseThrow(() -> new dev.recoup.shared.NoSuchRecord("No dunning run " + id));
    model.addAttribute("run", run);
    model.addAttribute("outcome", outcome);
    model.addAttribute("accounts", dunning.accountsOf(id, outcome, 2000));
    model.addAttribute("letters", dunning.lettersOf(id, 2000));
    return "dunning/run";
  }

  @GetMapping({"/dunning/runs/{id}/export.csv", "/dunning/runs/{id}/export.xlsx"})
  void runCsv(
      @PathVariable long id,
      jakarta.servlet.http.HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    DunningRun run =
        dunning
            .findRun(id)
            .orElseThrow(() -> new dev.recoup.shared.NoSuchRecord("No dunning run " + id));
    try (TableExport csv =
        TableExport.open(
            request,
            response,
            "dunning-run-" + run.runDate() + "-" + id,
            "Account id",
            "Account",
            "Owner",
            "Outcome",
            "Reason",
            "Highest step",
            "Items",
            "Dispatched at",
            "Dispatch error")) {
      for (RunAccount a : dunning.accountsOf(id, null, 1_000_000)) {
        csv.row(
            a.accountId().value(),
            a.accountName(),
            a.owner(),
            a.outcome(),
            a.reason(),
            a.topAction().label(),
            a.items(),
            a.dispatchedAt(),
            a.dispatchError());
      }
    }
  }

  @GetMapping("/dunning/letters/{id}.pdf")
  ResponseEntity<byte[]> letter(@PathVariable long id) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header("Content-Disposition", "inline; filename=dunning-letter-" + id + ".pdf")
        .body(dunning.letterPdf(id));
  }

  @PostMapping("/dunning/strategies/{id}/steps/{stepId}")
  String changeStep(
      @PathVariable long id,
      @PathVariable long stepId,
      @RequestParam(required = false) Integer daysFromDue,
      @RequestParam(required = false) StepChannel channel,
      @RequestParam(required = false) StepAction action,
      @RequestParam(required = false) String template,
      @RequestParam(required = false) String approvalRole,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/dunning#strategy-" + id,
        () -> {
          strategies.changeStep(
              id, stepId, definition(daysFromDue, channel, action, template, approvalRole));
          return "Step saved.";
        });
  }

  @PostMapping("/dunning/strategies/{id}/steps")
  String addStep(
      @PathVariable long id,
      @RequestParam(required = false) Integer daysFromDue,
      @RequestParam(required = false) StepChannel channel,
      @RequestParam(required = false) StepAction action,
      @RequestParam(required = false) String template,
      @RequestParam(required = false) String approvalRole,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/dunning#strategy-" + id,
        () -> {
          strategies.addStep(id, definition(daysFromDue, channel, action, template, approvalRole));
          return "Step added.";
        });
  }

  @PostMapping("/dunning/strategies/{id}/steps/{stepId}/retire")
  String retireStep(@PathVariable long id, @PathVariable long stepId, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/dunning#strategy-" + id,
        () -> {
          strategies.retireStep(id, stepId);
          return "Step removed from the strategy.";
        });
  }

  @PostMapping("/dunning/rules/{code}")
  String changeRule(
      @PathVariable String code,
      @RequestParam(defaultValue = "false") boolean lateFeeEnabled,
      @RequestParam(required = false) BigDecimal lateFeePct,
      @RequestParam(defaultValue = "false") boolean interestEnabled,
      @RequestParam(required = false) BigDecimal interestPct,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/dunning#rules",
        () -> {
          entityRules.change(code, lateFeeEnabled, lateFeePct, interestEnabled, interestPct);
          return "Rule of " + code + " saved.";
        });
  }

  @PostMapping("/dunning/accounts/{id}/demand-letter")
  String requestDemandLetter(
      @PathVariable long id,
      @RequestParam(required = false) String note,
      RedirectAttributes flash) {
    long[] created = {0};
    String back =
        FormSubmission.attempt(
            flash,
            "/accounts/" + id + "#dunning",
            () -> {
              created[0] = approvals.requestDemandLetter(new AccountId(id), note).id();
              return "Demand letter requested: it waits for a lead's approval.";
            });
    return created[0] == 0 ? back : "redirect:/approvals/" + created[0];
  }

  private static Strategies.StepDefinition definition(
      Integer days, StepChannel channel, StepAction action, String template, String role) {
    if (days == null) {
      throw new IllegalArgumentException("daysFromDue: required");
    }
    return new Strategies.StepDefinition(
        days,
        channel,
        action,
        template,
        role == null || role.isBlank() ? null : Role.valueOf(role.strip()));
  }
}
