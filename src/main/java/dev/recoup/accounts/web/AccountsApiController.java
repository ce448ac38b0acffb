package dev.recoup.accounts.web;

import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountChange;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.accounts.NewContact;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "Accounts")
class AccountsApiController {

  private final Accounts accounts;

  AccountsApiController(Accounts accounts) {
    this.accounts = accounts;
  }

  @PatchMapping("/{id}")
  @Operation(
      summary = "Change the team-maintained fields of an account",
      description =
          "Collectors change only their own accounts; reassigning the owner needs a lead, manager"
              + " or admin. The optional X-Reason header is kept in the audit trail.")
  Account change(
      @PathVariable long id,
      @Valid @RequestBody AccountChange change,
      @RequestHeader(value = "X-Reason", required = false) String reason) {
    return accounts.change(new AccountId(id), change, reason);
  }

  @PostMapping("/{id}/contacts")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add a contact to an account")
  Contact addContact(@PathVariable long id, @Valid @RequestBody NewContact contact) {
    return accounts.addContact(new AccountId(id), contact);
  }
}
