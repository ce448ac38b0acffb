package dev.recoup.suspension.web;

import dev.recoup.accounts.Accounts;
import dev.recoup.notifications.WebhookDelivery;
import dev.recoup.shared.FormSubmission;
import dev.recoup.suspension.NewSuspension;
import dev.recoup.suspension.PastDue;
import dev.recoup.suspension.Suspension;
import dev.recoup.suspension.SuspensionStatus;
import dev.recoup.suspension.Suspensions;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The suspensions pages: the overview (proposals waiting for the manager, scheduled suspensions
 * with their notice dates, suspended services with the provisioning system's answer, recent
 * reinstatements, failed deliveries to replay), one suspension's timeline, and the forms.
 */
@Controller
class SuspensionsController {

  private final Suspensions suspensions;
  private final Accounts accounts;

  SuspensionsController(Suspensions suspensions, Accounts accounts) {
    this.suspensions = suspensions;
    this.accounts = accounts;
  }

  @GetMapping("/suspensions")
  String overview(Model model) {
    List<Suspension> proposed = suspensions.withStatus(EnumSet.of(SuspensionStatus.PROPOSED), 500);
    List<Suspension> scheduled =
        suspensions.withStatus(
            EnumSet.of(SuspensionStatus.APPROVED, SuspensionStatus.NOTICE_SENT), 1000);
    List<Suspension> suspended =
        suspensions.withStatus(EnumSet.of(SuspensionStatus.SUSPENDED), 1000);
    List<Suspension> ended = suspensions.endedWithin(90);
    Map<Long, PastDue> pastDue = new LinkedHashMap<>();
    for (List<Suspension> list : List.of(proposed, scheduled, suspended)) {
      for (Suspension s : list) {
        pastDue.put(s.id(), suspensions.pastDueNow(s));
      }
    }
    Map<Long, Boolean> mayDecide = new LinkedHashMap<>();
    proposed.forEach(s -> mayDecide.put(s.id(), suspensions.mayDecide(s)));
    List<WebhookDelivery> failed = suspensions.failedDeliveries(200);
    model.addAttribute("proposed", proposed);
    model.addAttribute("scheduled", scheduled);
    model.addAttribute("suspended", suspended);
    model.addAttribute("ended", ended);
    model.addAttribute("failed", failed);
    model.addAttribute("pastDue", pastDue);
    model.addAttribute("mayDecide", mayDecide);
    model.addAttribute("provisioning", suspensions.latestProvisioningCalls(suspended));
    model.addAttribute("mayReplay", suspensions.mayReplay());
    model.addAttribute("noticeDays", suspensions.noticeDays());
    return "suspension/suspensions";
  }

  @GetMapping("/suspensions/{id}")
  String suspension(@PathVariable long id, Model model) {
    Suspension s = suspensions.find(id);
    var account = accounts.find(s.accountId()).orElseThrow();
    model.addAttribute("s", s);
    model.addAttribute("account", account);
    model.addAttribute("parent", s.parentId() == null ? null : suspensions.find(s.parentId()));
    model.addAttribute("children", suspensions.children(id));
    model.addAttribute("pastDue", suspensions.pastDueNow(s));
    model.addAttribute("deliveries", suspensions.deliveries(id));
    model.addAttribute("history", suspensions.history(id));
    model.addAttribute("mayDecide", suspensions.mayDecide(s));
    model.addAttribute("mayCancel", suspensions.mayCancel(s));
    model.addAttribute("mayReinstate", suspensions.mayReinstate(s));
    model.addAttribute("mayReplay", suspensions.mayReplay());
    model.addAttribute(
        "endCustomers",
        account.partnerId() == null ? accounts.endCustomers(account.id()) : List.of());
    model.addAttribute("noticeDays", suspensions.noticeDays());
    return "suspension/suspension";
  }

  @PostMapping("/accounts/{id}/suspensions")
  String propose(
      @PathVariable long id,
      @RequestParam(required = false) String contractRef,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate suspendOn,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String requestKey,
      RedirectAttributes flash) {
    // Back to the account on an error; on to the new suspension's page when it was proposed.
    String[] target = {"/accounts/" + id + "#suspension"};
    FormSubmission.attempt(
        flash,
        target[0],
        () -> {
          Suspension s =
              suspensions.propose(
                  new NewSuspension(id, contractRef, suspendOn, reason), requestKey);
          target[0] = "/suspensions/" + s.id();
          return "Suspension proposed for "
              + s.suspendOn()
              + ": the sales owner is told, and the manager decides.";
        });
    return "redirect:" + target[0];
  }

  @PostMapping("/suspensions/{id}/approval")
  String decide(
      @PathVariable long id,
      @RequestParam boolean approve,
      @RequestParam(defaultValue = "false") boolean cascadeToEndCustomers,
      @RequestParam(required = false) String note,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/suspensions/" + id,
        () -> {
          Suspension s = suspensions.decide(id, approve, cascadeToEndCustomers, note);
          return approve
              ? "Suspension approved: notice on "
                  + s.noticeOn()
                  + ", suspension on "
                  + s.suspendOn()
                  + "."
              : "Suspension rejected.";
        });
  }

  @PostMapping("/suspensions/{id}/cancel")
  String cancel(@PathVariable long id, @RequestParam String reason, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/suspensions/" + id,
        () -> {
          suspensions.cancel(id, reason);
          return "Suspension called off.";
        });
  }

  @PostMapping("/suspensions/{id}/reinstate")
  String reinstate(@PathVariable long id, @RequestParam String reason, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/suspensions/" + id,
        () -> {
          suspensions.reinstate(id, reason);
          return "Service reinstated: the provisioning system is told, and the customer.";
        });
  }

  @PostMapping("/suspensions/deliveries/{id}/replay")
  String replay(
      @PathVariable long id,
      @RequestParam(defaultValue = "/suspensions") String back,
      RedirectAttributes flash) {
    // Only back to a suspensions page: the parameter is no open redirect.
    String to = back.matches("/suspensions(/\\d+)?") ? back : "/suspensions";
    return FormSubmission.attempt(
        flash,
        to,
        () -> {
          WebhookDelivery d = suspensions.replay(id);
          return "Delivery #"
              + d.id()
              + " queued again (same delivery id "
              + d.idempotencyKey()
              + ").";
        });
  }

  @GetMapping({"/suspensions/export.csv", "/suspensions/export.xlsx"})
  void export(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    List<Suspension> all = new ArrayList<>(suspensions.recent(100_000));
    try (var out =
        dev.recoup.shared.TableExport.open(
            request,
            response,
            "suspensions",
            "Suspension",
            "Account",
            "External ID",
            "Scope",
            "Cascaded from",
            "Status",
            "Origin",
            "Requested by",
            "Requested at",
            "Decided by",
            "Notice on",
            "Suspension date",
            "Suspended at",
            "Ended at",
            "Why it ended",
            "Reason",
            "Evidence")) {
      for (Suspension s : all) {
        out.row(
            s.id(),
            s.accountName(),
            s.accountExternalId(),
            s.scope(),
            s.parentId(),
            s.status(),
            s.origin(),
            s.requestedBy(),
            s.requestedAt(),
            s.decidedBy(),
            s.noticeOn(),
            s.suspendOn(),
            s.suspendedAt(),
            s.endedAt(),
            s.endReason(),
            s.reason(),
            s.evidence());
      }
    }
  }
}
