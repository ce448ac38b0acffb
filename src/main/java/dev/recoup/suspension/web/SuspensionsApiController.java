package dev.recoup.suspension.web;

import dev.recoup.notifications.WebhookDelivery;
import dev.recoup.suspension.NewSuspension;
import dev.recoup.suspension.Suspension;
import dev.recoup.suspension.SuspensionStatus;
import dev.recoup.suspension.Suspensions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
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
    name = "Service suspension",
    description =
        "Suspension of a customer's service for non-payment: proposed, approved by a manager who"
            + " did not propose it, a notice to the customer, a signed webhook to the provisioning"
            + " system at the date, automatic reinstatement when the past due is cleared or a plan"
            + " is agreed. Webhooks carry X-Recoup-Timestamp (Unix seconds) and X-Recoup-Signature"
            + " = sha256=hex(HMAC-SHA256(secret, timestamp + '.' + body)); X-Recoup-Delivery is"
            + " the same on every retry.")
class SuspensionsApiController {

  private final Suspensions suspensions;

  SuspensionsApiController(Suspensions suspensions) {
    this.suspensions = suspensions;
  }

  @GetMapping("/api/v1/suspensions")
  @Operation(
      summary = "Suspensions, by suspension date",
      description =
          "Without status: the open ones (proposed, approved, notice sent, suspended). A status"
              + " such as PROPOSED gives the manager's queue.")
  List<Suspension> list(
      @RequestParam(required = false) SuspensionStatus status,
      @RequestParam(defaultValue = "200") int limit) {
    Set<SuspensionStatus> statuses =
        status == null ? EnumSet.copyOf(SuspensionStatus.OPEN) : EnumSet.of(status);
    return suspensions.withStatus(statuses, Math.min(Math.max(limit, 1), 1000));
  }

  @PostMapping("/api/v1/suspensions")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Propose a suspension",
      description =
          "For the whole account, or one contract (contractRef). suspendOn defaults to the earliest"
              + " date after the notice period. Refused (422) when nothing is past due, a payment"
              + " plan is active, the account is on legal hold or cannot get the notice, or a"
              + " suspension is open. The Idempotency-Key header makes a retry return the same"
              + " suspension.")
  Suspension propose(
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody NewSuspension proposal) {
    return suspensions.propose(proposal, key);
  }

  @GetMapping("/api/v1/suspensions/{id}")
  @Operation(summary = "A suspension")
  Suspension get(@PathVariable long id) {
    return suspensions.find(id);
  }

  @GetMapping("/api/v1/suspensions/{id}/deliveries")
  @Operation(
      summary = "The suspension's webhooks with every attempt",
      description = "Provisioning calls and chat messages, with the receiver's answers.")
  List<Suspensions.Delivery> deliveries(@PathVariable long id) {
    suspensions.find(id);
    return suspensions.deliveries(id);
  }

  record Decision(@NotNull Boolean approve, Boolean cascadeToEndCustomers, String note) {}

  @PostMapping("/api/v1/suspensions/{id}/approval")
  @Operation(
      summary = "Approve or reject a proposed suspension",
      description =
          "Only a manager, and not the one who proposed it (403). cascadeToEndCustomers suspends a"
              + " partner's end customers with it. A rejection needs a note.")
  Suspension decide(@PathVariable long id, @Valid @RequestBody Decision decision) {
    return suspensions.decide(
        id,
        decision.approve(),
        Boolean.TRUE.equals(decision.cascadeToEndCustomers()),
        decision.note());
  }

  record Reason(@NotBlank String reason) {}

  @PostMapping("/api/v1/suspensions/{id}/cancel")
  @Operation(summary = "Call a suspension off before its date, with the reason")
  Suspension cancel(@PathVariable long id, @Valid @RequestBody Reason reason) {
    return suspensions.cancel(id, reason.reason());
  }

  @PostMapping("/api/v1/suspensions/{id}/reinstate")
  @Operation(
      summary = "Reinstate a suspended service by hand (a manager)",
      description = "Payments that clear the past due, and agreed plans, reinstate automatically.")
  Suspension reinstate(@PathVariable long id, @Valid @RequestBody Reason reason) {
    return suspensions.reinstate(id, reason.reason());
  }

  @GetMapping("/api/v1/suspensions/deliveries")
  @Operation(
      summary = "Failed deliveries of suspensions (dead or held), newest first",
      description = "What a lead or the manager replays once the receiver is back.")
  List<WebhookDelivery> failedDeliveries(@RequestParam(defaultValue = "100") int limit) {
    return suspensions.failedDeliveries(Math.min(Math.max(limit, 1), 1000));
  }

  @PostMapping("/api/v1/suspensions/deliveries/{id}/replay")
  @Operation(
      summary = "Replay a dead or held delivery",
      description = "Sent again with the same delivery id. A lead, the manager or an admin.")
  WebhookDelivery replay(@PathVariable long id) {
    return suspensions.replay(id);
  }
}
