package dev.recoup.promises.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.promises.NewPlan;
import dev.recoup.promises.NewPromise;
import dev.recoup.promises.PaymentPlan;
import dev.recoup.promises.PaymentPlans;
import dev.recoup.promises.PlanAgreements;
import dev.recoup.promises.PlanStatus;
import dev.recoup.promises.Promise;
import dev.recoup.promises.Promises;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
    name = "Promises and payment plans",
    description =
        "Promises to pay judged from payments; payment plans checked against policy, approved by"
            + " the approver the policy requires, tracked instalment by instalment")
class CommitmentsApiController {

  private final Promises promises;
  private final PaymentPlans plans;
  private final PlanAgreements agreements;
  private final Clock clock;

  CommitmentsApiController(
      Promises promises, PaymentPlans plans, PlanAgreements agreements, Clock clock) {
    this.promises = promises;
    this.plans = plans;
    this.agreements = agreements;
    this.clock = clock;
  }

  @GetMapping("/api/v1/accounts/{id}/promises")
  @Operation(summary = "The account's promises to pay, newest first")
  List<Promise> promisesOf(@PathVariable long id) {
    return promises.forAccount(new AccountId(id));
  }

  @PostMapping("/api/v1/accounts/{id}/promises")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Record a promise to pay",
      description =
          "Without invoiceIds it covers the account's items in its currency. The Idempotency-Key"
              + " header makes a retry return the same promise; reusing it for another promise is"
              + " refused (422).")
  Promise promise(
      @PathVariable long id,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @Valid @RequestBody NewPromise promise) {
    return promises.make(new AccountId(id), promise, key);
  }

  record Reason(@NotBlank String reason) {}

  @PostMapping("/api/v1/promises/{id}/cancel")
  @Operation(summary = "Withdraw an open promise, with the reason")
  Promise cancelPromise(@PathVariable long id, @Valid @RequestBody Reason reason) {
    return promises.cancel(id, reason.reason());
  }

  @GetMapping("/api/v1/promises/kept-rates")
  @Operation(
      summary = "Promise-kept rate per collector",
      description = "Over promises that came due in [from, to] (default: the last 90 days).")
  List<Promises.KeptRate> keptRates(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    LocalDate end = to == null ? LocalDate.now(clock) : to;
    return promises.keptRateByCollector(from == null ? end.minusDays(90) : from, end);
  }

  @PostMapping("/api/v1/accounts/{id}/payment-plans/assessment")
  @Operation(
      summary = "Check a plan against the policy without proposing it",
      description = "Says which approver it needs and why, and shows the schedule.")
  PaymentPlans.Assessment assess(@PathVariable long id, @Valid @RequestBody NewPlan plan) {
    return plans.assess(new AccountId(id), plan);
  }

  @PostMapping("/api/v1/accounts/{id}/payment-plans")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Propose a payment plan",
      description =
          "Within the caller's own authority the plan is active at once; otherwise it waits for"
              + " the approver the policy requires. Idempotency-Key as for promises.")
  PaymentPlan propose(
      @PathVariable long id,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @Valid @RequestBody NewPlan plan) {
    return plans.propose(new AccountId(id), plan, key);
  }

  @GetMapping("/api/v1/accounts/{id}/payment-plans")
  @Operation(summary = "The account's payment plans, newest first")
  List<PaymentPlan> plansOf(@PathVariable long id) {
    return plans.forAccount(new AccountId(id));
  }

  @GetMapping("/api/v1/payment-plans")
  @Operation(summary = "Payment plans in a status (PROPOSED is the approval queue)")
  List<PaymentPlan> plans(
      @RequestParam(defaultValue = "PROPOSED") PlanStatus status,
      @RequestParam(defaultValue = "100") int limit) {
    return plans.withStatus(status, Math.min(Math.max(limit, 1), 1000));
  }

  @GetMapping("/api/v1/payment-plans/{id}")
  @Operation(summary = "A payment plan with its schedule")
  PaymentPlan plan(@PathVariable long id) {
    return plans.find(id).orElseThrow(() -> new PaymentPlans.NoSuchPlan(id));
  }

  record Decision(@NotNull Boolean approve, String note) {}

  @PostMapping("/api/v1/payment-plans/{id}/approval")
  @Operation(
      summary = "Approve or reject a proposed plan",
      description =
          "Needs the authority the policy requires; who proposed the plan cannot approve it (403).")
  PaymentPlan decide(@PathVariable long id, @Valid @RequestBody Decision decision) {
    return plans.decide(id, decision.approve(), decision.note());
  }

  @PostMapping("/api/v1/payment-plans/{id}/agreement")
  @Operation(summary = "Send the plan agreement PDF to the customer (once)")
  java.util.Map<String, Long> send(@PathVariable long id) {
    return java.util.Map.of("outboxMessageId", agreements.send(id));
  }

  @GetMapping(value = "/api/v1/payment-plans/{id}/agreement.pdf")
  @Operation(summary = "The plan agreement as a PDF")
  ResponseEntity<byte[]> agreement(@PathVariable long id) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header("Content-Disposition", "inline; filename=payment-plan-" + id + ".pdf")
        .body(agreements.pdf(id));
  }
}
