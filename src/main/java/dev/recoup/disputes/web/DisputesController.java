package dev.recoup.disputes.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.disputes.Dispute;
import dev.recoup.disputes.DisputeId;
import dev.recoup.disputes.DisputeQuery;
import dev.recoup.disputes.DisputeStatus;
import dev.recoup.disputes.DisputeTeam;
import dev.recoup.disputes.Disputes;
import dev.recoup.disputes.NewDispute;
import dev.recoup.disputes.Resolution;
import dev.recoup.disputes.ResolutionRequest;
import dev.recoup.shared.FormSubmission;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dispute queue (filters, sort, paging, CSV export), one dispute with its invoices, history and
 * actions, and the "raise a dispute" form of Account 360.
 */
@Controller
class DisputesController {

  private final Disputes disputes;
  private final AuditTrail audit;

  DisputesController(Disputes disputes, AuditTrail audit) {
    this.disputes = disputes;
    this.audit = audit;
  }

  /** The queue's filters as they came in, echoed into links and the export. */
  record Params(
      String scope,
      String status,
      String reason,
      String team,
      boolean breached,
      String sort,
      String dir) {}

  @GetMapping("/disputes")
  String queue(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String team,
      @RequestParam(defaultValue = "false") boolean breached,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    var result =
        disputes.find(
            new DisputeQuery(scope, status, reason, team, breached, null, sort, dir, page, 50));
    DisputeQuery q = result.query();
    model.addAttribute("page", result);
    model.addAttribute(
        "params",
        new Params(
            q.scope(), q.status(), q.reason(), q.team(), q.breachedOnly(), q.sort(), q.dir()));
    model.addAttribute("reasons", disputes.reasons());
    model.addAttribute("teams", DisputeTeam.values());
    model.addAttribute("statuses", DisputeStatus.values());
    model.addAttribute("today", disputes.today());
    model.addAttribute("rc", disputes.reportingCurrency());
    return "disputes/queue";
  }

  @GetMapping({"/disputes/export.csv", "/disputes/export.xlsx"})
  void export(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String team,
      @RequestParam(defaultValue = "false") boolean breached,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      jakarta.servlet.http.HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    DisputeQuery q =
        new DisputeQuery(scope, status, reason, team, breached, null, sort, dir, 0, 50);
    LocalDate today = disputes.today();
    try (var out =
        dev.recoup.shared.TableExport.open(
            request,
            response,
            "disputes",
            "Dispute",
            "Account ID",
            "Account",
            "Region",
            "Reason",
            "Status",
            "Team",
            "Owner",
            "Invoices",
            "Currency",
            "Amount",
            "Amount (reporting)",
            "Reporting currency",
            "Opened",
            "SLA due",
            "SLA breached",
            "Age (days)",
            "Resolution",
            "Credited",
            "Credit memo",
            "Rebill invoice",
            "Resolved on",
            "Root cause",
            "Ticket")) {
      disputes.forEach(
          q,
          d -> {
            var o = d.outcome();
            out.row(
                d.id().value(),
                d.accountId().value(),
                d.accountName(),
                d.accountRegion(),
                d.reasonLabel(),
                d.status(),
                d.team(),
                d.ownerUsername(),
                d.invoiceNumbers(),
                d.amount().currencyCode(),
                d.amount(),
                d.amountReporting(),
                d.amountReporting() == null ? "" : d.amountReporting().currencyCode(),
                d.openedOn(),
                d.slaDueOn(),
                d.isBreached(today) ? "yes" : "no",
                d.ageInDays(today),
                o == null ? "" : o.resolution(),
                o == null ? null : o.credited(),
                o == null ? "" : o.creditMemoNumber(),
                o == null ? "" : o.rebillInvoice(),
                o == null ? null : o.resolvedOn(),
                o == null ? "" : o.rootCause(),
                o == null ? "" : o.ticketUrl());
          });
    }
  }

  @GetMapping("/disputes/{id}")
  String detail(@PathVariable long id, Model model) {
    Dispute d = disputes.get(new DisputeId(id));
    model.addAttribute("d", d);
    model.addAttribute("today", disputes.today());
    model.addAttribute("mayWork", disputes.mayWork(d));
    model.addAttribute(
        "history",
        audit.historyOf("dispute", id, 50).stream().map(DisputesController::row).toList());
    model.addAttribute("workers", disputes.workers());
    model.addAttribute(
        "nextStatuses",
        Arrays.stream(DisputeStatus.values()).filter(DisputeStatus::isOpen).toList());
    model.addAttribute("outcomes", Resolution.values());
    return "disputes/detail";
  }

  @PostMapping("/disputes/{id}/status")
  String status(
      @PathVariable long id,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String note,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/disputes/" + id,
        () -> {
          Dispute d = disputes.changeStatus(new DisputeId(id), parseStatus(status), note);
          return "Dispute #" + id + " is " + label(d.status().name()) + ".";
        });
  }

  @PostMapping("/disputes/{id}/reassign")
  String reassign(
      @PathVariable long id,
      @RequestParam(required = false) String toUsername,
      @RequestParam(required = false) String reason,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/disputes/" + id,
        () -> {
          Dispute d = disputes.reassign(new DisputeId(id), toUsername, reason);
          return "Dispute #" + id + " now belongs to " + d.ownerName() + ".";
        });
  }

  @PostMapping("/disputes/{id}/resolution")
  String resolve(
      @PathVariable long id,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String creditAmount,
      @RequestParam(required = false) String rebillInvoice,
      @RequestParam(required = false) String rootCause,
      @RequestParam(required = false) String ticketUrl,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/disputes/" + id,
        () -> {
          Dispute d =
              disputes.resolve(
                  new DisputeId(id),
                  new ResolutionRequest(
                      parseOutcome(outcome),
                      amount(creditAmount, "creditAmount"),
                      rebillInvoice,
                      rootCause,
                      ticketUrl));
          return "Dispute #"
              + id
              + " "
              + label(d.status().name())
              + (d.outcome().credited().isPositive()
                  ? ": " + d.outcome().credited() + " credited."
                  : ": nothing credited.");
        });
  }

  /**
   * Account 360's form: the invoices ticked ({@code invoice}), each with an optional amount ({@code
   * amount-<invoice id>}, blank = all that is collectible on it).
   */
  @PostMapping("/accounts/{id}/disputes")
  String raise(
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String notes,
      @RequestParam(required = false) String requestKey,
      @RequestParam MultiValueMap<String, String> form,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/accounts/" + id + "#disputes",
        () -> {
          List<NewDispute.Item> items = new ArrayList<>();
          for (String invoice : form.getOrDefault("invoice", List.of())) {
            long invoiceId;
            try {
              invoiceId = Long.parseLong(invoice.trim());
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("invoices: cannot read '" + invoice + "'");
            }
            items.add(
                new NewDispute.Item(
                    invoiceId, amount(form.getFirst("amount-" + invoiceId), "amount")));
          }
          var raised =
              disputes.raise(
                  new AccountId(id),
                  new NewDispute(reason, notes, items, null),
                  requestKey == null || requestKey.isBlank() ? null : "form:" + requestKey);
          Dispute d = raised.dispute();
          return "Dispute #"
              + d.id().value()
              + " raised for "
              + d.amount()
              + " and routed to "
              + (d.ownerName() == null ? "nobody yet" : d.ownerName())
              + " ("
              + d.team().name().toLowerCase(Locale.ROOT)
              + "), due "
              + d.slaDueOn()
              + ".";
        });
  }

  /** One line of a dispute's history, its change said in words. */
  record HistoryRow(
      java.time.Instant occurredAt, String actor, String action, String change, String reason) {}

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  static HistoryRow row(dev.recoup.audit.AuditEvent e) {
    tools.jackson.databind.JsonNode before = tree(e.before());
    tools.jackson.databind.JsonNode after = tree(e.after());
    String change =
        switch (e.action()) {
          case "dispute.status-changed" ->
              label(text(before, "status")) + " → " + label(text(after, "status"));
          case "dispute.reassigned" -> text(before, "owner") + " → " + text(after, "owner");
          case "dispute.opened" ->
              money(after.path("amount"))
                  + " on "
                  + String.join(", ", after.path("invoices").propertyNames())
                  + " · "
                  + text(after, "owner")
                  + ", due "
                  + text(after, "slaDueOn");
          case "dispute.resolved" ->
              label(text(after, "resolution"))
                  + " · "
                  + money(after.path("credited"))
                  + " credited"
                  + (after.has("creditMemo") ? " (" + text(after, "creditMemo") + ")" : "")
                  + (after.has("rebillInvoice")
                      ? ", rebilled as " + text(after, "rebillInvoice")
                      : "");
          default -> e.after();
        };
    return new HistoryRow(e.occurredAt(), e.actor(), e.action(), change, e.reason());
  }

  private static tools.jackson.databind.JsonNode tree(String json) {
    return json == null ? JSON.createObjectNode() : JSON.readTree(json);
  }

  private static String text(tools.jackson.databind.JsonNode n, String field) {
    return n.path(field).isMissingNode() || n.path(field).isNull() ? "—" : n.path(field).asString();
  }

  private static String money(tools.jackson.databind.JsonNode m) {
    return m.path("amount").asString("") + " " + m.path("currency").asString("");
  }

  static BigDecimal amount(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim().replace(",", "").replace(" ", "");
    try {
      return new BigDecimal(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": '" + text.trim() + "' is not an amount");
    }
  }

  private static DisputeStatus parseStatus(String s) {
    try {
      return s == null || s.isBlank() ? null : DisputeStatus.valueOf(s.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("status: no status '" + s + "'");
    }
  }

  private static Resolution parseOutcome(String s) {
    try {
      return s == null || s.isBlank() ? null : Resolution.valueOf(s.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("outcome: no outcome '" + s + "'");
    }
  }

  private static String label(String status) {
    return status.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
