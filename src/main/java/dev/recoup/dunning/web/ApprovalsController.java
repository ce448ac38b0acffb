package dev.recoup.dunning.web;

import dev.recoup.dunning.Approvals;
import dev.recoup.shared.FormSubmission;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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
 * The approvals queue (demand letters waiting for a lead), an approval with the account's evidence
 * and the letter's editable text, and the letter as a PDF.
 */
@Controller
class ApprovalsController {

  private final Approvals approvals;

  ApprovalsController(Approvals approvals) {
    this.approvals = approvals;
  }

  @GetMapping("/approvals")
  String queue(Model model) {
    List<Approvals.Approval> pending = approvals.pending(500);
    model.addAttribute("pending", pending);
    model.addAttribute(
        "mayDecide",
        pending.stream().collect(Collectors.toMap(Approvals.Approval::id, approvals::mayDecide)));
    model.addAttribute("decided", approvals.decided(100));
    return "dunning/approvals";
  }

  @GetMapping({"/approvals/export.csv", "/approvals/export.xlsx"})
  void export(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    List<Approvals.Approval> all = new ArrayList<>(approvals.pending(10_000));
    all.addAll(approvals.decided(10_000));
    try (var out =
        dev.recoup.shared.TableExport.open(
            request,
            response,
            "approvals",
            "Approval",
            "Account id",
            "Account",
            "Action",
            "Needs",
            "Status",
            "Items",
            "Total",
            "Requested by",
            "Requested at",
            "Decided by",
            "Decided at",
            "Decision note")) {
      for (Approvals.Approval a : all) {
        out.row(
            a.id(),
            a.accountId().value(),
            a.accountName(),
            a.action().label(),
            a.requiredRole(),
            a.status(),
            a.items(),
            a.total(),
            a.requestedBy(),
            a.requestedAt(),
            a.decidedBy(),
            a.decidedAt(),
            a.decisionNote());
      }
    }
  }

  @GetMapping("/approvals/{id}")
  String approval(@PathVariable long id, Model model) {
    Approvals.Approval a = approvals.find(id).orElseThrow(() -> new Approvals.NoSuchApproval(id));
    model.addAttribute("approval", a);
    model.addAttribute("evidence", approvals.evidence(id));
    model.addAttribute("mayDecide", approvals.mayDecide(a));
    return "dunning/approval";
  }

  @GetMapping("/approvals/{id}/letter.pdf")
  ResponseEntity<byte[]> letter(@PathVariable long id) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header("Content-Disposition", "inline; filename=demand-letter-" + id + ".pdf")
        .body(approvals.letterPdf(id));
  }

  @PostMapping("/approvals/{id}/approve")
  String approve(
      @PathVariable long id,
      @RequestParam(required = false) String letterText,
      @RequestParam(required = false) String standardText,
      RedirectAttributes flash) {
    // The editor shows the standard text; only a changed text is kept as the approver's own.
    String edited =
        letterText != null
                && standardText != null
                && normalise(letterText).equals(normalise(standardText))
            ? null
            : letterText;
    return FormSubmission.attempt(
        flash,
        "/approvals/" + id,
        () -> {
          approvals.approve(id, edited);
          return edited == null
              ? "Approved: the demand letter is on its way to the customer."
              : "Approved with your text: the demand letter is on its way to the customer.";
        });
  }

  @PostMapping("/approvals/{id}/reject")
  String reject(
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/approvals/" + id,
        () -> {
          approvals.reject(id, reason);
          return "Rejected: nothing is sent for this step.";
        });
  }

  private static String normalise(String s) {
    return s.replace("\r\n", "\n").strip();
  }
}
