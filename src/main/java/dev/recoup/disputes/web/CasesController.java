package dev.recoup.disputes.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.disputes.CaseId;
import dev.recoup.disputes.CaseInputInvalid;
import dev.recoup.disputes.CaseIntake;
import dev.recoup.disputes.CaseNotFound;
import dev.recoup.disputes.CaseQuery;
import dev.recoup.disputes.CaseReply;
import dev.recoup.disputes.CaseScope;
import dev.recoup.disputes.CaseSla;
import dev.recoup.disputes.CaseStatus;
import dev.recoup.disputes.CaseType;
import dev.recoup.disputes.CustomerCase;
import dev.recoup.disputes.CustomerCases;
import dev.recoup.shared.FormSubmission;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The case pages: the queues (by type, mine/team/all, SLA, sortable, CSV), a case with its history
 * and actions, and the "New case" form of Account 360.
 */
@Controller
class CasesController {

  private final CustomerCases cases;

  CasesController(CustomerCases cases) {
    this.cases = cases;
  }

  /** The queue's filters as they came in, for links and the form; empty strings when absent. */
  record Params(String scope, String type, String status, String sla, String sort, String dir) {}

  @GetMapping("/cases")
  String queue(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String sla,
      @RequestParam(defaultValue = "due") String sort,
      @RequestParam(defaultValue = "asc") String dir,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    CaseQuery query = query(scope, type, status, sla, sort, dir, page, 50);
    model.addAttribute("queue", cases.queue(query));
    model.addAttribute(
        "params",
        new Params(
            query.scope().name(),
            query.type() == null ? "" : query.type().name(),
            query.showing().name(),
            query.sla() == null ? "" : query.sla().name(),
            query.sort(),
            query.dir()));
    model.addAttribute("types", CaseType.values());
    model.addAttribute("rules", cases.rules());
    model.addAttribute("workload", cases.workloadOfCurrentUser());
    return "disputes/cases";
  }

  @GetMapping({"/cases/export.csv", "/cases/export.xlsx"})
  void export(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String sla,
      @RequestParam(defaultValue = "due") String sort,
      @RequestParam(defaultValue = "asc") String dir,
      jakarta.servlet.http.HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    CaseQuery query = query(scope, type, status, sla, sort, dir, 0, 1);
    try (var out =
        dev.recoup.shared.TableExport.open(
            request,
            response,
            "cases",
            "Case",
            "Type",
            "Status",
            "Account ID",
            "Account external ID",
            "Account",
            "Contact",
            "Contact e-mail",
            "Subject",
            "Assignee",
            "Opened by",
            "Opened on",
            "Due on",
            "SLA breached",
            "Age (days)",
            "Resolved on",
            "Resolution")) {
      cases.forEach(
          query,
          c ->
              out.row(
                  c.reference(),
                  c.type(),
                  c.status(),
                  c.accountId().value(),
                  c.accountExternalId(),
                  c.accountName(),
                  c.contactName(),
                  c.contactEmail(),
                  c.subject(),
                  c.assignee() == null ? "" : c.assignee(),
                  c.openedBy(),
                  c.openedOn(),
                  c.dueOn(),
                  c.breached() ? "yes" : "no",
                  c.ageDays(),
                  c.resolvedOn(),
                  c.resolution()));
    }
  }

  @GetMapping("/cases/{id}")
  String one(@PathVariable long id, Model model) {
    CaseId caseId = new CaseId(id);
    CustomerCase c = cases.find(caseId);
    var replies = cases.replies(caseId);
    model.addAttribute("c", c);
    model.addAttribute("replies", replies);
    model.addAttribute("history", cases.history(caseId));
    model.addAttribute("mayWork", cases.mayWork(c));
    model.addAttribute("types", CaseType.values());
    model.addAttribute(
        "sentTemplates", replies.stream().map(CaseReply::template).collect(Collectors.toSet()));
    model.addAttribute("assignable", cases.assignableUsers());
    model.addAttribute(
        "rule", cases.rules().stream().filter(r -> r.type() == c.type()).findFirst().orElse(null));
    return "disputes/case";
  }

  @PostMapping("/cases/{id}/status")
  String status(
      @PathVariable long id,
      @RequestParam CaseStatus status,
      @RequestParam(required = false) String note,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/cases/" + id,
        () -> {
          CustomerCase c = cases.changeStatus(new CaseId(id), status, note);
          return switch (c.status()) {
            case RESOLVED -> "Resolved.";
            case WAITING_ON_CUSTOMER -> "Waiting on the customer: the SLA is paused.";
            case OPEN -> "Open again, due " + c.dueOn() + ".";
          };
        });
  }

  @PostMapping("/cases/{id}/assignee")
  String reassign(
      @PathVariable long id,
      @RequestParam String username,
      @RequestParam(required = false) String reason,
      RedirectAttributes flash) {
    CustomerCase[] after = new CustomerCase[1];
    String back =
        FormSubmission.attempt(
            flash,
            "/cases/" + id,
            () -> {
              after[0] = cases.reassign(new CaseId(id), username, reason);
              return "Now with " + after[0].assigneeName() + ".";
            });
    // Whoever gave away a case it may no longer see goes back to its queue.
    return after[0] != null && !cases.maySee(after[0]) ? "redirect:/cases" : back;
  }

  @PostMapping("/cases/{id}/replies")
  String reply(@PathVariable long id, @RequestParam CaseType template, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/cases/" + id,
        () -> {
          CaseReply r = cases.reply(new CaseId(id), template);
          return "Reply \"" + r.subject() + "\" queued in the outbox for " + r.sentTo() + ".";
        });
  }

  /** The "New case" form of Account 360: back to the account, with field errors when refused. */
  @PostMapping("/accounts/{id}/cases")
  String open(
      @PathVariable long id,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) Long contactId,
      @RequestParam(required = false) String subject,
      @RequestParam(required = false) String description,
      @RequestParam(required = false) String requestKey,
      RedirectAttributes flash) {
    String back = "redirect:/accounts/" + id + "#cases";
    try {
      CustomerCase c =
          cases
              .open(
                  new AccountId(id),
                  new CaseIntake(type, contactId, subject, description),
                  requestKey == null ? null : "form:" + requestKey)
              .customerCase();
      flash.addFlashAttribute(
          "done",
          "Case "
              + c.reference()
              + " opened"
              + (c.assigneeName() == null ? "" : " for " + c.assigneeName())
              + ", due "
              + c.dueOn()
              + ".");
    } catch (CaseInputInvalid e) {
      flash.addFlashAttribute("error", "The case was not opened: " + e.getMessage());
      flash.addFlashAttribute("caseErrors", e.errors());
      Map<String, Object> form = new LinkedHashMap<>();
      form.put("type", type);
      form.put("contactId", contactId);
      form.put("subject", subject);
      form.put("description", description);
      flash.addFlashAttribute("caseForm", form);
    }
    return back;
  }

  @ExceptionHandler(CaseNotFound.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String notFound() {
    return "error/404";
  }

  /** The page's query; a filter it cannot read is ignored, no scope is the person's default. */
  private CaseQuery query(
      String scope,
      String type,
      String status,
      String sla,
      String sort,
      String dir,
      int page,
      int size) {
    CaseScope s = lenient(CaseScope.class, scope);
    return new CaseQuery(
        s == null ? cases.defaultScope() : s,
        lenient(CaseType.class, type),
        lenient(CaseQuery.Showing.class, status),
        lenient(CaseSla.class, sla),
        null,
        sort,
        dir,
        page,
        size);
  }

  private static <E extends Enum<E>> E lenient(Class<E> type, String value) {
    try {
      return CasesApiController.parse("filter", type, value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
