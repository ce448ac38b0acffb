package dev.recoup.refunds.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Ledger;
import dev.recoup.refunds.BankCheck;
import dev.recoup.refunds.CreditBalanceFilter;
import dev.recoup.refunds.CreditBalances;
import dev.recoup.refunds.CreditOutreach;
import dev.recoup.refunds.CreditSourceRef;
import dev.recoup.refunds.NewRefund;
import dev.recoup.refunds.Refund;
import dev.recoup.refunds.RefundId;
import dev.recoup.refunds.Refunds;
import dev.recoup.refunds.VerificationMethod;
import dev.recoup.shared.FormSubmission;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
 * The refunds page (the aged credit-balance worklist, refunds awaiting approval with their
 * evidence, in verification, paid with cycle time, ERP exports), one refund with its history and
 * actions, and the forms of the Account 360 credit-balance section.
 */
@Controller
class RefundsController {

  private final Refunds refunds;
  private final CreditBalances balances;
  private final CreditOutreach outreach;
  private final Ledger ledger;
  private final AuditTrail audit;
  private final Clock clock;

  RefundsController(
      Refunds refunds,
      CreditBalances balances,
      CreditOutreach outreach,
      Ledger ledger,
      AuditTrail audit,
      Clock clock) {
    this.refunds = refunds;
    this.balances = balances;
    this.outreach = outreach;
    this.ledger = ledger;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping("/refunds")
  String page(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String minAmount,
      @RequestParam(required = false) String minAgeDays,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    CreditBalanceFilter filter;
    try {
      filter = filter(scope, minAmount, minAgeDays, region, kind, sort, dir, page, 25);
    } catch (IllegalArgumentException e) {
      model.addAttribute("error", e.getMessage());
      filter = CreditBalanceFilter.all().withScope(null);
    }
    var credit = balances.page(filter);
    var queues = refunds.queues();
    List<AccountId> evidenceOf = new ArrayList<>();
    queues.awaitingApproval().forEach(r -> evidenceOf.add(r.accountId()));
    model.addAttribute("credit", credit);
    model.addAttribute("f", credit.filter());
    model.addAttribute("queues", queues);
    model.addAttribute("openItems", refunds.openItemsOf(evidenceOf));
    model.addAttribute("rc", balances.reportingCurrency());
    model.addAttribute("now", Instant.now(clock));
    model.addAttribute("mayPay", refunds.mayPay());
    model.addAttribute(
        "mayDecide",
        queues.awaitingApproval().stream()
            .collect(Collectors.toMap(r -> r.id().value(), refunds::mayDecide)));
    return "refunds/refunds";
  }

  @GetMapping({"/refunds/credit-balances.csv", "/refunds/credit-balances.xlsx"})
  void creditBalancesCsv(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String minAmount,
      @RequestParam(required = false) String minAgeDays,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      jakarta.servlet.http.HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    CreditBalanceFilter filter =
        filter(scope, minAmount, minAgeDays, region, kind, sort, dir, 0, 50);
    CreditBalanceCsv.write(balances, filter, request, response);
  }

  @GetMapping("/refunds/{id}")
  String refund(@PathVariable long id, Model model) {
    Refund r = refunds.find(id);
    model.addAttribute("r", r);
    model.addAttribute("now", Instant.now(clock));
    model.addAttribute("history", audit.historyOf("refund", id, 50));
    model.addAttribute("openInvoices", ledger.invoices(r.accountId(), true, 25));
    model.addAttribute(
        "openItems", refunds.openItemsOf(List.of(r.accountId())).get(r.accountId().value()));
    model.addAttribute("credits", balances.ofAccount(r.accountId()));
    model.addAttribute("sourceOpen", sourceOpen(r));
    model.addAttribute("outreach", outreach.history(r.accountId(), 10));
    model.addAttribute("mayDecide", refunds.mayDecide(r));
    model.addAttribute("mayVerify", refunds.mayVerify(r));
    model.addAttribute("mayPay", refunds.mayPay());
    model.addAttribute("mayCancel", refunds.mayCancel(r));
    model.addAttribute("methods", VerificationMethod.values());
    model.addAttribute("today", LocalDate.now(clock));
    return "refunds/refund";
  }

  @PostMapping("/accounts/{id}/refunds")
  String request(
      @PathVariable long id,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String amount,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String requestKey,
      RedirectAttributes flash) {
    String back = "/accounts/" + id + "#refunds";
    try {
      CreditSourceRef ref = CreditSourceRef.parse(source);
      Refund r =
          refunds.request(
              new NewRefund(new AccountId(id), ref, refunds.amountIn(ref, amount), reason),
              requestKey == null || requestKey.isBlank() ? null : "page:" + requestKey);
      flash.addFlashAttribute(
          "done",
          "Refund of "
              + r.amount()
              + " requested; it now waits for approval by a lead or manager.");
      return "redirect:/refunds/" + r.id().value();
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:" + back;
    }
  }

  @PostMapping("/accounts/{id}/credit-outreach")
  String outreach(
      @PathVariable long id,
      @RequestParam(required = false) Long contactId,
      @RequestParam(required = false) String requestKey,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/accounts/" + id + "#refunds",
        () -> {
          var o = outreach.send(new AccountId(id), contactId, requestKey);
          return "Credit-balance e-mail to " + o.toAddress() + " queued in the outbox.";
        });
  }

  @PostMapping("/refunds/{id}/approve")
  String approve(
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String back,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        back(back, id),
        () -> {
          refunds.approve(new RefundId(id), reason);
          return "Refund " + id + " approved; the bank details are verified next.";
        });
  }

  @PostMapping("/refunds/{id}/reject")
  String reject(
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String back,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        back(back, id),
        () -> {
          refunds.reject(new RefundId(id), reason);
          return "Refund " + id + " rejected.";
        });
  }

  @PostMapping("/refunds/{id}/verify")
  String verify(
      @PathVariable long id,
      @RequestParam(required = false) String method,
      @RequestParam(required = false) String bankAccountLast4,
      @RequestParam(required = false) String note,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/refunds/" + id,
        () -> {
          refunds.verify(new RefundId(id), new BankCheck(method(method), bankAccountLast4, note));
          return "Bank details verified; the refund can be paid.";
        });
  }

  @PostMapping("/refunds/{id}/pay")
  String pay(
      @PathVariable long id,
      @RequestParam(required = false) String reference,
      @RequestParam(required = false) String paidOn,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/refunds/" + id,
        () -> {
          Refund r = refunds.markPaid(new RefundId(id), reference, date("paidOn", paidOn));
          return "Refund paid and posted: the credit balance is lower by " + r.amount() + ".";
        });
  }

  @PostMapping("/refunds/{id}/cancel")
  String cancel(
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/refunds/" + id,
        () -> {
          refunds.cancel(new RefundId(id), reason);
          return "Refund cancelled.";
        });
  }

  /** Exports the paid refunds not yet exported (and marks them exported): the ERP file. */
  @PostMapping("/refunds/export.csv")
  void export(HttpServletResponse response) throws IOException {
    Refunds.Export export = refunds.export();
    csv(
        response,
        export.batch() == null
            ? "refunds-nothing-to-export.csv"
            : "refunds-export-" + export.batch().id() + ".csv",
        export.csv());
  }

  @GetMapping("/refunds/exports/{id}.csv")
  void exportAgain(@PathVariable long id, HttpServletResponse response) throws IOException {
    csv(response, "refunds-export-" + id + ".csv", refunds.exportBatch(id).csv());
  }

  @ExceptionHandler(Refunds.NoSuchRefund.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String notFound() {
    return "error/404";
  }

  private static void csv(HttpServletResponse response, String filename, String csv)
      throws IOException {
    PrintWriter w = dev.recoup.shared.CsvDownload.open(response, filename);
    w.write(csv);
    w.flush();
  }

  private Map<String, Object> sourceOpen(Refund r) {
    try {
      return Map.of("available", refunds.available(r.source()));
    } catch (IllegalArgumentException e) {
      return Map.of();
    }
  }

  /** Back to the refunds page when the action came from its queue, else to the refund. */
  private static String back(String back, long id) {
    return "list".equals(back) ? "/refunds#awaiting-approval" : "/refunds/" + id;
  }

  static CreditBalanceFilter filter(
      String scope,
      String minAmount,
      String minAgeDays,
      String region,
      String kind,
      String sort,
      String dir,
      int page,
      int size) {
    return new CreditBalanceFilter(
        scope,
        decimal("minAmount", minAmount),
        integer("minAgeDays", minAgeDays),
        region,
        kind,
        sort,
        dir,
        page,
        size);
  }

  private static BigDecimal decimal(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": not a number: " + text);
    }
  }

  private static Integer integer(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": not a whole number: " + text);
    }
  }

  private static VerificationMethod method(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return VerificationMethod.valueOf(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("method: unknown verification method " + text);
    }
  }

  private static LocalDate date(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": not a date (YYYY-MM-DD): " + text);
    }
  }
}
