package dev.recoup.web;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.audit.AuditTrail;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.Ledger;
import dev.recoup.shared.TableExport;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The accounts list (search, filters, sort, paging, CSV and Excel export) and Account 360. */
@Controller
class AccountsController {

  private final AccountList list;
  private final AccountView view;
  private final Access access;
  private final Aging aging;
  private final AuditTrail audit;
  private final String reportingCurrency;
  private final JsonText json;
  private final Accounts accounts;
  private final Ledger ledger;

  private final dev.recoup.promises.Commitments commitments;
  private final dev.recoup.disputes.CustomerCases customerCases;
  private final dev.recoup.refunds.Refunds refunds;
  private final dev.recoup.suspension.Suspensions suspensions;
  private final dev.recoup.disputes.Disputes disputes;

  AccountsController(
      AccountList list,
      AccountView view,
      Access access,
      Aging aging,
      AuditTrail audit,
      JsonText json,
      Accounts accounts,
      Ledger ledger,
      dev.recoup.promises.Commitments commitments,
      dev.recoup.disputes.CustomerCases customerCases,
      dev.recoup.refunds.Refunds refunds,
      dev.recoup.disputes.Disputes disputes,
      dev.recoup.suspension.Suspensions suspensions,
      @org.springframework.beans.factory.annotation.Value("${recoup.reporting-currency:USD}")
          String reportingCurrency) {
    this.commitments = commitments;
    this.customerCases = customerCases;
    this.refunds = refunds;
    this.disputes = disputes;
    this.suspensions = suspensions;
    this.reportingCurrency = reportingCurrency;
    this.json = json;
    this.accounts = accounts;
    this.ledger = ledger;
    this.list = list;
    this.view = view;
    this.access = access;
    this.aging = aging;
    this.audit = audit;
  }

  @GetMapping("/accounts")
  String accounts(
      AccountFilter filter,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size,
      Model model) {
    Actor me = access.currentActor().orElseThrow();
    // A collector opens its own portfolio by default; "all" shows the whole team's.
    AccountFilter effective =
        filter.owner() == null && me.role() == Role.COLLECTOR
            ? filter.withOwner(me.username())
            : filter;
    model.addAttribute("page", list.find(effective.toQuery(ownerId(effective), page, size)));
    model.addAttribute("owners", owners());
    model.addAttribute("usersById", userNames());
    model.addAttribute("buckets", aging.buckets().labels());
    model.addAttribute("rc", reportingCurrency);
    model.addAttribute("balancesAsOf", aging.balancesAsOf().orElse(null));
    model.addAttribute("params", effective.allOwners() ? effective.withOwner("all") : effective);
    return "web/accounts";
  }

  /** A lead's bulk reassignment: every account the filter finds goes to one owner (audited). */
  @org.springframework.web.bind.annotation.PostMapping("/accounts/reassign")
  String reassign(
      AccountFilter filter,
      @RequestParam String toUsername,
      @RequestParam(required = false) String reason,
      org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
    List<AccountId> ids = new java.util.ArrayList<>();
    list.forEach(filter.toQuery(ownerId(filter), 0, 1), r -> ids.add(new AccountId(r.id())));
    String back =
        org.springframework.web.util.UriComponentsBuilder.fromPath("/accounts")
            .queryParam("q", filter.q())
            .queryParam("region", filter.region())
            .queryParam("channel", filter.channel())
            .queryParam("owner", toUsername)
            .queryParam("status", filter.status())
            .queryParam("bucket", filter.bucket())
            .build()
            .toUriString();
    return dev.recoup.shared.FormSubmission.attempt(
        flash,
        back,
        () ->
            accounts.reassign(ids, toUsername, reason)
                + " accounts now belong to "
                + toUsername
                + ".");
  }

  /** The accounts list as CSV or Excel, with the list's filters and order. */
  @GetMapping({"/accounts/export.csv", "/accounts/export.xlsx"})
  void export(
      AccountFilter filter,
      jakarta.servlet.http.HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    AccountList.Query query = filter.toQuery(ownerId(filter), 0, 1);
    Map<Long, String> names = userNames();
    try (TableExport out =
        TableExport.open(
            request,
            response,
            "accounts",
            "Account ID",
            "External ID",
            "Name",
            "Channel",
            "Segment",
            "Region",
            "Status",
            "Owner",
            "Currency",
            "Open",
            "Past due",
            "Open (reporting)",
            "Past due (reporting)",
            "Reporting currency",
            "Max days past due",
            "Open items")) {
      list.forEach(
          query,
          r ->
              out.row(
                  r.id(),
                  r.externalId(),
                  r.name(),
                  r.channel(),
                  r.segment(),
                  r.region(),
                  r.status(),
                  r.ownerId() == null ? "" : names.get(r.ownerId()),
                  r.currency(),
                  r.open(),
                  r.pastDue(),
                  r.openReporting(),
                  r.pastDueReporting(),
                  r.openReporting().currencyCode(),
                  r.maxDaysPastDue(),
                  r.openItems()));
    }
  }

  /** The open invoices of one account as CSV or Excel: what a collector sends a customer's AP. */
  @GetMapping({"/accounts/{id}/open-invoices.csv", "/accounts/{id}/open-invoices.xlsx"})
  void exportOpenInvoices(
      @PathVariable long id,
      jakarta.servlet.http.HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    AccountId accountId = new AccountId(id);
    var account = accounts.find(accountId).orElseThrow(() -> new Accounts.NoSuchAccount(accountId));
    LocalDate asOf = aging.today();
    try (TableExport out =
        TableExport.open(
            request,
            response,
            "open-invoices-" + account.externalId(),
            "Invoice",
            "Issued",
            "Due",
            "Days past due",
            "PO",
            "Currency",
            "Amount",
            "Open",
            "Status")) {
      for (var i : ledger.invoices(accountId, true, 100_000)) {
        out.row(
            i.number(),
            i.issueDate(),
            i.dueDate(),
            Math.max(0, i.daysPastDue(asOf)),
            i.poNumber(),
            i.amount().currencyCode(),
            i.amount(),
            i.open(),
            i.status());
      }
    }
  }

  @GetMapping("/accounts/{id}")
  String account(@PathVariable long id, Model model) {
    AccountView.Account360 v = view.of(new AccountId(id));
    model.addAttribute("v", v);
    model.addAttribute("requestKey", java.util.UUID.randomUUID().toString());
    model.addAttribute(
        "trendChart",
        json.of(
            Map.of(
                "labels", v.trend().stream().map(t -> t.month().toString()).toList(),
                "values", v.trend().stream().map(t -> t.averageDaysBeyondTerms()).toList(),
                "counts", v.trend().stream().map(t -> t.invoicesPaid()).toList())));
    model.addAttribute("history", audit.historyOf("account", id, 20));
    model.addAttribute("usersById", userNames());
    model.addAttribute("owners", owners());
    model.addAttribute(
        "weekdays",
        List.of(
            java.time.DayOfWeek.MONDAY,
            java.time.DayOfWeek.TUESDAY,
            java.time.DayOfWeek.WEDNESDAY,
            java.time.DayOfWeek.THURSDAY,
            java.time.DayOfWeek.FRIDAY));
    // Module sections: each adds what its fragment on the page reads.
    model.addAttribute("commitments", commitments.of(new AccountId(id)));
    model.addAttribute("accountCases", customerCases.onAccount(new AccountId(id)));
    model.addAttribute("caseTypes", dev.recoup.disputes.CaseType.values());
    model.addAttribute("refundsCredit", refunds.ofAccount(new AccountId(id)));
    model.addAttribute("accountDisputes", disputes.onAccount(new AccountId(id)));
    model.addAttribute("disputeReasons", disputes.reasons());
    model.addAttribute("mayRaiseDispute", disputes.mayRaiseOn(new AccountId(id)));
    model.addAttribute("suspensionSection", suspensions.ofAccount(new AccountId(id)));
    // /module sections
    return "web/account";
  }

  private Long ownerId(AccountFilter filter) {
    if (filter.allOwners()) {
      return null;
    }
    return access.user(filter.owner()).map(u -> u.id().value()).orElse(-1L);
  }

  private List<User> owners() {
    return access.users().stream()
        .filter(u -> u.role() == Role.COLLECTOR || u.role() == Role.LEAD)
        .sorted(Comparator.comparing(User::username))
        .toList();
  }

  private Map<Long, String> userNames() {
    Map<Long, String> m = new LinkedHashMap<>();
    access.users().forEach(u -> m.put(u.id().value(), u.displayName()));
    return m;
  }
}
