package dev.recoup.collections.web;

import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.collections.Activities;
import dev.recoup.collections.Activity;
import dev.recoup.collections.CollectionEmails;
import dev.recoup.collections.Escalation;
import dev.recoup.collections.Escalations;
import dev.recoup.collections.NewActivity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts/{id}")
@Tag(
    name = "Activities",
    description = "Calls, notes, meetings, e-mails and escalations on an account")
class ActivitiesApiController {

  private final Activities activities;
  private final CollectionEmails emails;
  private final Escalations escalations;

  ActivitiesApiController(Activities activities, CollectionEmails emails, Escalations escalations) {
    this.activities = activities;
    this.emails = emails;
    this.escalations = escalations;
  }

  @GetMapping("/activities")
  @Operation(summary = "The account's timeline, newest first")
  List<Activity> timeline(@PathVariable long id, @RequestParam(defaultValue = "100") int limit) {
    return activities.timeline(new AccountId(id), Math.min(Math.max(limit, 1), 1000));
  }

  @PostMapping("/activities")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Log a call (with outcome), note or meeting; a next action date snoozes the account")
  Activity log(@PathVariable long id, @Valid @RequestBody NewActivity activity) {
    return activities.log(new AccountId(id), activity);
  }

  record EmailRequest(
      @NotBlank String template, @NotNull Long contactId, boolean attachStatement) {}

  @PostMapping("/emails")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Send a templated collection e-mail through the outbox",
      description = "The Idempotency-Key header makes a retried call send nothing twice.")
  Activity email(
      @PathVariable long id,
      @RequestHeader("Idempotency-Key") String idempotencyKey,
      @Valid @RequestBody EmailRequest request) {
    return emails.send(
        new AccountId(id),
        request.template(),
        request.contactId(),
        request.attachStatement(),
        idempotencyKey);
  }

  record EscalationRequest(@NotNull Role toRole, @NotBlank String reason) {}

  @PostMapping("/escalations")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Escalate the account to the lead or the manager")
  Escalation escalate(@PathVariable long id, @Valid @RequestBody EscalationRequest request) {
    return escalations.escalate(new AccountId(id), request.toRole(), request.reason());
  }
}
