package dev.recoup.accounts.web;

import dev.recoup.accounts.AccountChange;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.AccountStatus;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.NewContact;
import dev.recoup.shared.FormSubmission;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The forms on Account 360 that maintain the customer record; they post back to the page. */
@Controller
class AccountFormController {

  private final Accounts accounts;
  private final Validator validator;

  AccountFormController(Accounts accounts, Validator validator) {
    this.accounts = accounts;
    this.validator = validator;
  }

  @PostMapping("/accounts/{id}/record")
  String change(
      @PathVariable long id,
      @RequestParam(defaultValue = "false") boolean doNotContact,
      @RequestParam(defaultValue = "false") boolean legalHold,
      @RequestParam(required = false) String language,
      @RequestParam(required = false) java.util.List<String> paymentRunDays,
      @RequestParam(required = false) String notes,
      @RequestParam(required = false) AccountStatus status,
      @RequestParam(required = false) String ownerUsername,
      @RequestParam(required = false) String reason,
      RedirectAttributes flash) {
    AccountChange change =
        new AccountChange(
            doNotContact,
            legalHold,
            language,
            paymentRunDays == null ? "" : String.join(",", paymentRunDays),
            notes,
            status,
            ownerUsername,
            null);
    return apply(id, change, flash, () -> accounts.change(new AccountId(id), change, reason));
  }

  @PostMapping("/accounts/{id}/contacts")
  String addContact(
      @PathVariable long id,
      @RequestParam String name,
      @RequestParam String role,
      @RequestParam(required = false) String email,
      @RequestParam(required = false) String phone,
      RedirectAttributes flash) {
    NewContact contact =
        new NewContact(name, role, blankToNull(email), blankToNull(phone), null, null);
    return apply(id, contact, flash, () -> accounts.addContact(new AccountId(id), contact));
  }

  private String apply(long id, Object input, RedirectAttributes flash, Runnable action) {
    return FormSubmission.attempt(
        flash,
        "/accounts/" + id,
        () -> {
          Set<ConstraintViolation<Object>> violations = validator.validate(input);
          if (!violations.isEmpty()) {
            throw new IllegalArgumentException(
                violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .collect(Collectors.joining("; ")));
          }
          action.run();
          return "Saved.";
        });
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
