package dev.recoup.ledger.web;

import dev.recoup.ledger.CashApplication;
import dev.recoup.ledger.CashSuggestion;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.UnappliedCash;
import dev.recoup.ledger.UnappliedFilter;
import dev.recoup.ledger.UnappliedPage;
import dev.recoup.shared.CsvDownload;
import dev.recoup.shared.FormSubmission;
import dev.recoup.shared.SpreadsheetText;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The cash page (unapplied cash as an aged worklist with each payment's best suggestions to accept,
 * edit or reject, totals per currency, a CSV export, recent auto-apply runs and the run form for
 * leads), and one payment's page (all its suggestions, a match by hand, what was applied and
 * rejected). Credit balances and refunds stay on the refunds page, which this one links to.
 */
@Controller
class CashController {

  private final CashApplication cash;
  private final UnappliedCash unapplied;
  private final Clock clock;

  CashController(CashApplication cash, UnappliedCash unapplied, Clock clock) {
    this.cash = cash;
    this.unapplied = unapplied;
    this.clock = clock;
  }

  @GetMapping("/cash")
  String page(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String minAgeDays,
      @RequestParam(required = false) String minConfidence,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    UnappliedFilter filter;
    try {
      filter = filter(scope, q, currency, region, minAgeDays, minConfidence, sort, dir, page);
    } catch (IllegalArgumentException e) {
      model.addAttribute("error", e.getMessage());
      filter = UnappliedFilter.all().withScope(null);
    }
    UnappliedPage list = unapplied.page(filter, 2);
    model.addAttribute("list", list);
    model.addAttribute("f", list.filter());
    model.addAttribute("query", query(list.filter(), list.filter().page()));
    model.addAttribute("rc", unapplied.reportingCurrency());
    model.addAttribute("runs", cash.recentRuns(5));
    model.addAttribute("mayAutoApply", cash.mayAutoApply());
    model.addAttribute("threshold", cash.defaultThreshold());
    model.addAttribute("minThreshold", CashApplication.MIN_THRESHOLD);
    return "ledger/cash";
  }

  @GetMapping("/cash/unapplied.csv")
  void csv(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String minAgeDays,
      @RequestParam(required = false) String minConfidence,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      HttpServletResponse response)
      throws IOException {
    UnappliedFilter filter =
        filter(scope, q, currency, region, minAgeDays, minConfidence, sort, dir, 0);
    String rc = unapplied.reportingCurrency();
    PrintWriter w = CsvDownload.open(response, "unapplied-cash.csv");
    try (CSVPrinter csv =
        CSVFormat.DEFAULT
            .builder()
            .setHeader(
                "Payment ID",
                "Source system",
                "External ID",
                "Reference",
                "Value date",
                "Age (days)",
                "Method",
                "Account external ID",
                "Account",
                "Region",
                "Owner",
                "Currency",
                "Amount",
                "Unapplied",
                "Unapplied (" + rc + ")",
                "Best suggestion (confidence)",
                "Remittance")
            .get()
            .print(w)) {
      unapplied.forEach(
          filter,
          p -> {
            try {
              csv.printRecord(
                  p.id().value(),
                  SpreadsheetText.safe(p.sourceSystem()),
                  SpreadsheetText.safe(p.externalId()),
                  SpreadsheetText.safe(p.reference()),
                  p.valueDate(),
                  p.ageDays(),
                  p.method(),
                  SpreadsheetText.safe(p.accountExternalId()),
                  SpreadsheetText.safe(p.accountName()),
                  p.region(),
                  SpreadsheetText.safe(p.ownerName()),
                  p.unapplied().currencyCode(),
                  p.amount().plain(),
                  p.unapplied().plain(),
                  p.unappliedReporting() == null ? "" : p.unappliedReporting().plain(),
                  p.bestConfidence() == null ? "" : p.bestConfidence(),
                  SpreadsheetText.safe(p.remittanceText()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    w.flush();
  }

  @GetMapping("/cash/payments/{id}")
  String payment(@PathVariable long id, @RequestParam(required = false) String edit, Model model) {
    CashApplication.PaymentMatching m = cash.matching(new PaymentId(id));
    model.addAttribute("m", m);
    model.addAttribute("p", m.payment());
    model.addAttribute(
        "ageDays",
        java.time.temporal.ChronoUnit.DAYS.between(m.payment().valueDate(), LocalDate.now(clock)));
    model.addAttribute("requestKey", UUID.randomUUID().toString());
    // The manual form starts from the suggestion being edited, or empty.
    CashSuggestion editing =
        edit == null
            ? null
            : m.suggestions().stream().filter(s -> s.key().equals(edit)).findFirst().orElse(null);
    Map<Long, String> prefill = new HashMap<>();
    if (editing != null) {
      editing.lines().forEach(l -> prefill.put(l.invoice().value(), l.amount().plain()));
    }
    model.addAttribute("editing", editing);
    model.addAttribute("prefill", prefill);
    return "ledger/cash-payment";
  }

  @PostMapping("/cash/payments/{id}/accept")
  String accept(
      @PathVariable long id,
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String back,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        back(back, id),
        () -> {
          CashApplication.Applied a = cash.accept(new PaymentId(id), key);
          return confirmation(a);
        });
  }

  @PostMapping("/cash/payments/{id}/reject")
  String reject(
      @PathVariable long id,
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String back,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        back(back, id),
        () -> {
          cash.reject(new PaymentId(id), key, reason);
          return "Suggestion rejected; it will not be suggested again for this payment.";
        });
  }

  /** A match by hand or an edited suggestion: {@code amount-<invoiceId>} fields, blank = none. */
  @PostMapping("/cash/payments/{id}/apply")
  String apply(
      @PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/cash/payments/" + id,
        () -> {
          List<CashApplication.ManualLine> lines = new ArrayList<>();
          for (var e : form.entrySet()) {
            if (!e.getKey().startsWith("amount-")
                || e.getValue() == null
                || e.getValue().isBlank()) {
              continue;
            }
            long invoice;
            try {
              invoice = Long.parseLong(e.getKey().substring("amount-".length()));
            } catch (NumberFormatException ex) {
              continue;
            }
            lines.add(
                new CashApplication.ManualLine(
                    new InvoiceId(invoice), decimal(e.getKey(), e.getValue())));
          }
          String requestKey = form.get("requestKey");
          CashApplication.Applied a =
              cash.apply(
                  new PaymentId(id),
                  lines,
                  form.get("fromKey"),
                  requestKey == null || requestKey.isBlank() ? null : "page:" + requestKey);
          return confirmation(a);
        });
  }

  @PostMapping("/cash/suggest")
  String suggest(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String minAgeDays,
      RedirectAttributes flash) {
    UnappliedFilter f;
    try {
      f = filter(scope, q, currency, region, minAgeDays, null, null, null, 0);
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/cash";
    }
    return FormSubmission.attempt(
        flash,
        "/cash" + query(f, 0),
        () -> "Suggestions recomputed for " + cash.suggest(f) + " payments.");
  }

  @PostMapping("/cash/auto-apply")
  String autoApply(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String minAgeDays,
      @RequestParam(required = false) String threshold,
      RedirectAttributes flash) {
    UnappliedFilter f;
    try {
      f = filter(scope, q, currency, region, minAgeDays, null, null, null, 0);
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/cash";
    }
    return FormSubmission.attempt(
        flash,
        "/cash" + query(f, 0) + "#runs",
        () -> {
          Integer t =
              threshold == null || threshold.isBlank() ? null : integer("threshold", threshold);
          var run = cash.autoApply(f, t);
          return "Auto-apply run #"
              + run.id()
              + " at confidence "
              + run.threshold()
              + " or more: "
              + run.appliedPayments()
              + " of "
              + run.payments()
              + " payments applied ("
              + run.applications()
              + (run.applications() == 1 ? " application)" : " applications)")
              + (run.skipped() > 0
                  ? ", " + run.skipped() + " changed meanwhile and left to you"
                  : "")
              + ".";
        });
  }

  private static String confirmation(CashApplication.Applied a) {
    if (a.already()) {
      return "Already applied: "
          + String.join(", ", a.lines().stream().map(l -> l.number() + " " + l.amount()).toList())
          + ". Nothing was applied twice.";
    }
    return "Applied "
        + a.total()
        + ": "
        + String.join(", ", a.lines().stream().map(l -> l.number() + " " + l.amount()).toList())
        + (a.unappliedAfter().isPositive()
            ? ". " + a.unappliedAfter() + " stays unapplied cash."
            : ". The payment is fully applied.");
  }

  /** Back to the list (its filter in {@code back}, a /cash path) or to the payment's page. */
  private static String back(String back, long id) {
    if (back != null
        && (back.equals("/cash") || back.startsWith("/cash?"))
        && !back.contains("//")) {
      return back;
    }
    return "/cash/payments/" + id;
  }

  static UnappliedFilter filter(
      String scope,
      String q,
      String currency,
      String region,
      String minAgeDays,
      String minConfidence,
      String sort,
      String dir,
      int page) {
    return new UnappliedFilter(
        scope,
        q,
        currency,
        region,
        integer("minAgeDays", minAgeDays),
        integer("minConfidence", minConfidence),
        null,
        sort,
        dir,
        page,
        25);
  }

  /** The list's query string for links and redirects (starting with "?"). */
  static String query(UnappliedFilter f, int page) {
    return UriComponentsBuilder.fromPath("")
        .queryParamIfPresent("scope", java.util.Optional.ofNullable(f.scope()))
        .queryParamIfPresent("q", java.util.Optional.ofNullable(f.q()))
        .queryParamIfPresent("currency", java.util.Optional.ofNullable(f.currency()))
        .queryParamIfPresent("region", java.util.Optional.ofNullable(f.region()))
        .queryParamIfPresent("minAgeDays", java.util.Optional.ofNullable(f.minAgeDays()))
        .queryParamIfPresent("minConfidence", java.util.Optional.ofNullable(f.minConfidence()))
        .queryParam("sort", f.sort())
        .queryParam("dir", f.dir())
        .queryParam("page", page)
        .encode()
        .build()
        .toUriString();
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

  private static BigDecimal decimal(String field, String text) {
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": not an amount: " + text);
    }
  }
}
