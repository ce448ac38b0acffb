package dev.recoup.dunning.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.dunning.Approvals;
import dev.recoup.dunning.Dunning;
import dev.recoup.dunning.DunningRun;
import dev.recoup.dunning.DunningStrategy;
import dev.recoup.dunning.Preview;
import dev.recoup.dunning.RunAccount;
import dev.recoup.dunning.Strategies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
    name = "Dunning",
    description =
        "Strategies, the daily run (preview, run, history) and the approvals queue of legal demand"
            + " letters")
class DunningApiController {

  private final Dunning dunning;
  private final Strategies strategies;
  private final Approvals approvals;
  private final Clock clock;

  DunningApiController(Dunning dunning, Strategies strategies, Approvals approvals, Clock clock) {
    this.dunning = dunning;
    this.strategies = strategies;
    this.approvals = approvals;
    this.clock = clock;
  }

  @GetMapping("/api/v1/dunning/strategies")
  @Operation(summary = "Dunning strategies with their steps, most specific first")
  List<DunningStrategy> strategies() {
    return strategies.all();
  }

  @GetMapping("/api/v1/dunning/preview")
  @Operation(
      summary = "What the run of a date would send to whom",
      description =
          "Computed exactly as the run, persisted nowhere: totals per step and the accounts (at"
              + " most limit, largest past due first). Default date: today.")
  Preview preview(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
      @RequestParam(defaultValue = "500") int limit) {
    return dunning.preview(date == null ? LocalDate.now(clock) : date, limit);
  }

  @GetMapping("/api/v1/dunning/runs")
  @Operation(summary = "The latest runs, newest business date first")
  List<DunningRun> runs(@RequestParam(defaultValue = "30") int limit) {
    return dunning.runs(limit);
  }

  @GetMapping("/api/v1/dunning/runs/{id}")
  @Operation(summary = "A run with what it decided for each account")
  RunReport run(
      @PathVariable long id,
      @RequestParam(required = false) String outcome,
      @RequestParam(defaultValue = "1000") int limit) {
    DunningRun run =
        dunning
            .findRun(id)
            .orElseThrow(() -> new dev.recoup.shared.NoSuchRecord("No dunning run " + id));
    return new RunReport(run, dunning.accountsOf(id, outcome, limit));
  }

  record RunReport(DunningRun run, List<RunAccount> accounts) {}

  record RunRequest(@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {}

  @PostMapping("/api/v1/dunning/runs")
  @Operation(
      summary = "Run a business date over the portfolio (a lead, the manager or a system)",
      description =
          "Plans the date once and dispatches every account. A date that already ran is returned"
              + " with alreadyRan=true and nothing is sent again; an interrupted run resumes."
              + " Default date: today; a future date is refused (422).")
  DunningRun run(@RequestBody(required = false) RunRequest request) {
    if (!dunning.mayRun()) {
      throw new AccessDeniedException("A lead, the manager or a system runs dunning");
    }
    LocalDate date =
        request == null || request.date() == null ? LocalDate.now(clock) : request.date();
    return dunning.run(date);
  }

  @GetMapping("/api/v1/dunning/approvals")
  @Operation(summary = "The approvals queue: PENDING (default) or DECIDED")
  List<Approvals.Approval> approvals(
      @RequestParam(defaultValue = "PENDING") String status,
      @RequestParam(defaultValue = "100") int limit) {
    return switch (status.strip().toUpperCase(java.util.Locale.ROOT)) {
      case "PENDING" -> approvals.pending(limit);
      case "DECIDED" -> approvals.decided(limit);
      default -> throw new IllegalArgumentException("status: PENDING or DECIDED");
    };
  }

  @GetMapping("/api/v1/dunning/approvals/{id}")
  @Operation(summary = "One approval")
  Approvals.Approval approval(@PathVariable long id) {
    return approvals.find(id).orElseThrow(() -> new Approvals.NoSuchApproval(id));
  }

  record Approve(String letterText) {}

  @PostMapping("/api/v1/dunning/approvals/{id}/approve")
  @Operation(
      summary = "Approve a pending demand letter, optionally with an edited text",
      description =
          "The approver needs the required role and cannot be the requester (403). The letter is"
              + " e-mailed to the customer with its PDF and the statement.")
  Approvals.Approval approve(@PathVariable long id, @RequestBody(required = false) Approve body) {
    return approvals.approve(id, body == null ? null : body.letterText());
  }

  record Reject(@NotBlank String reason) {}

  @PostMapping("/api/v1/dunning/approvals/{id}/reject")
  @Operation(summary = "Reject a pending approval with the reason")
  Approvals.Approval reject(@PathVariable long id, @Valid @RequestBody Reject body) {
    return approvals.reject(id, body.reason());
  }

  record DemandRequest(@NotBlank String note) {}

  @PostMapping("/api/v1/dunning/accounts/{id}/demand-letter")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Ask for a legal demand letter on an account",
      description =
          "For its past-due collectible items not paused and not yet demanded; it waits for a"
              + " lead's approval, and the requester cannot approve it.")
  Approvals.Approval requestDemandLetter(
      @PathVariable long id, @Valid @RequestBody DemandRequest body) {
    return approvals.requestDemandLetter(new AccountId(id), body.note());
  }

  @GetMapping("/api/v1/dunning/accounts/{id}/history")
  @Operation(summary = "An account's dunning history: each step issued for each item")
  List<Dunning.HistoryEntry> history(@PathVariable long id) {
    return dunning.historyOf(new AccountId(id), 500);
  }
}
