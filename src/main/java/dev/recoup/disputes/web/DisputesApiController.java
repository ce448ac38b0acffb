package dev.recoup.disputes.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.disputes.Dispute;
import dev.recoup.disputes.DisputeId;
import dev.recoup.disputes.DisputePage;
import dev.recoup.disputes.DisputeQuery;
import dev.recoup.disputes.DisputeReason;
import dev.recoup.disputes.DisputeStatus;
import dev.recoup.disputes.DisputeTeam;
import dev.recoup.disputes.Disputes;
import dev.recoup.disputes.NewDispute;
import dev.recoup.disputes.Resolution;
import dev.recoup.disputes.ResolutionRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Disputes over the API: raise one on an account's invoices (idempotent by Idempotency-Key or
 * client reference), list and read them, move them through their statuses, reassign and resolve
 * them, and read or change the reason codes' routing.
 */
@RestController
@Tag(name = "Disputes", description = "Contested invoice amounts: routing, SLA, resolution")
class DisputesApiController {

  private final Disputes disputes;

  DisputesApiController(Disputes disputes) {
    this.disputes = disputes;
  }

  @PostMapping("/api/v1/accounts/{id}/disputes")
  @Operation(
      summary = "Raise a dispute on one or more invoices of the account",
      description =
          "Each invoice is disputed for the amount given, or all that is still collectible on it."
              + " The dispute is routed by its reason code; its amounts leave the collectible past"
              + " due. 201 when raised; the same Idempotency-Key (or clientReference) again"
              + " answers 200 with the dispute raised the first time.")
  ResponseEntity<Dispute> raise(
      @PathVariable long id,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Valid @RequestBody NewDispute request) {
    Disputes.Raised raised = disputes.raise(new AccountId(id), request, idempotencyKey);
    return ResponseEntity.status(raised.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(raised.dispute());
  }

  record Page(List<Dispute> items, long total, int page, int size) {}

  @GetMapping("/api/v1/disputes")
  @Operation(
      summary = "Disputes the caller may see, newest first by default",
      description =
          "scope: mine, team or all; status: open (every open status, the default), all, or one"
              + " status; reason; team; breached=true for those past their SLA; accountId; sort:"
              + " opened, due, amount, account, status or age; dir: asc or desc. A resolver gets"
              + " only the disputes routed to it.")
  Page list(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String team,
      @RequestParam(defaultValue = "false") boolean breached,
      @RequestParam(required = false) Long accountId,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    DisputePage p =
        disputes.find(
            new DisputeQuery(
                scope, status, reason, team, breached, accountId, sort, dir, page, size));
    return new Page(p.rows(), p.total(), p.query().page(), p.query().size());
  }

  @GetMapping("/api/v1/disputes/{id}")
  @Operation(summary = "One dispute with its invoices and, once resolved, its outcome")
  Dispute get(@PathVariable long id) {
    return disputes.get(new DisputeId(id));
  }

  record StatusChange(@NotNull(message = "choose a status") DisputeStatus status, String note) {}

  @PostMapping("/api/v1/disputes/{id}/status")
  @Operation(
      summary = "Move an open dispute to open, in review or waiting on the customer",
      description = "Its owner or a lead, manager or admin. Resolve it through /resolution.")
  Dispute status(@PathVariable long id, @Valid @RequestBody StatusChange change) {
    return disputes.changeStatus(new DisputeId(id), change.status(), change.note());
  }

  record Reassignment(String username, String reason) {}

  @PostMapping("/api/v1/disputes/{id}/owner")
  @Operation(summary = "Hand an open dispute to someone else (its owner, a lead or above)")
  Dispute reassign(@PathVariable long id, @RequestBody Reassignment r) {
    return disputes.reassign(new DisputeId(id), r.username(), r.reason());
  }

  record ResolutionBody(
      Resolution outcome,
      BigDecimal creditAmount,
      String rebillInvoice,
      String rootCause,
      String ticketUrl) {}

  @PostMapping("/api/v1/disputes/{id}/resolution")
  @Operation(
      summary = "Resolve an open dispute",
      description =
          "outcome CREDIT_MEMO credits the whole disputed amount with a credit memo applied to the"
              + " invoices; PARTIAL credits creditAmount and the rest is collectible again; REBILL"
              + " credits in full and records rebillInvoice; REJECTED credits nothing. rootCause is"
              + " required, ticketUrl (the external ticket where it is fixed) optional.")
  Dispute resolve(@PathVariable long id, @RequestBody ResolutionBody body) {
    return disputes.resolve(
        new DisputeId(id),
        new ResolutionRequest(
            body.outcome(),
            body.creditAmount(),
            body.rebillInvoice(),
            body.rootCause(),
            body.ticketUrl()));
  }

  @GetMapping("/api/v1/disputes/reasons")
  @Operation(summary = "The reason codes with their SLA and routing")
  List<DisputeReason> reasons() {
    return disputes.reasons();
  }

  record ReasonChange(
      @NotNull(message = "days") Integer slaDays,
      @NotNull(message = "BILLING, SALES, SUPPORT or COLLECTIONS") DisputeTeam team,
      String owner) {}

  @PutMapping("/api/v1/disputes/reasons/{code}")
  @Operation(summary = "Change a reason code's SLA and routing (manager or admin)")
  DisputeReason changeReason(@PathVariable String code, @Valid @RequestBody ReasonChange change) {
    return disputes.changeReason(code, change.slaDays(), change.team(), change.owner());
  }
}
