package dev.recoup.collections.web;

import dev.recoup.access.Role;
import dev.recoup.accounts.AccountId;
import dev.recoup.collections.Activities;
import dev.recoup.collections.ActivityKind;
import dev.recoup.collections.CallOutcome;
import dev.recoup.collections.CollectionEmails;
import dev.recoup.collections.Escalations;
import dev.recoup.collections.NewActivity;
import dev.recoup.shared.FormSubmission;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The working-an-account forms of Account 360: log, e-mail, escalate. Each posts back to it. */
@Controller
class ActivityController {

  private final Activities activities;
  private final CollectionEmails emails;
  private final Escalations escalations;

  ActivityController(Activities activities, CollectionEmails emails, Escalations escalations) {
    this.activities = activities;
    this.emails = emails;
    this.escalations = escalations;
  }

  @PostMapping("/accounts/{id}/activities")
  String log(
      @PathVariable long id,
      @RequestParam ActivityKind kind,
      @RequestParam(required = false) CallOutcome outcome,
      @RequestParam(required = false) Long contactId,
      @RequestParam(required = false) String notes,
      @RequestParam(required = false) String nextAction,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate nextActionOn,
      RedirectAttributes flash) {
    return done(
        id,
        flash,
        "Logged.",
        () ->
            activities.log(
                new AccountId(id),
                new NewActivity(kind, outcome, contactId, notes, nextAction, nextActionOn)));
  }

  @PostMapping("/accounts/{id}/emails")
  String email(
      @PathVariable long id,
      @RequestParam String template,
      @RequestParam long contactId,
      @RequestParam(defaultValue = "false") boolean attachStatement,
      @RequestParam String requestKey,
      RedirectAttributes flash) {
    return done(
        id,
        flash,
        "E-mail queued in the outbox.",
        () -> emails.send(new AccountId(id), template, contactId, attachStatement, requestKey));
  }

  @PostMapping("/accounts/{id}/escalations")
  String escalate(
      @PathVariable long id,
      @RequestParam Role toRole,
      @RequestParam String reason,
      RedirectAttributes flash) {
    return done(
        id, flash, "Escalated.", () -> escalations.escalate(new AccountId(id), toRole, reason));
  }

  private static String done(long id, RedirectAttributes flash, String message, Runnable action) {
    return FormSubmission.attempt(
        flash,
        "/accounts/" + id,
        () -> {
          action.run();
          return message;
        });
  }
}
