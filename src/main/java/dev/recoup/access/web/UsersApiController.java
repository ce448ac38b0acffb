package dev.recoup.access.web;

import dev.recoup.access.Access;
import dev.recoup.access.NewUser;
import dev.recoup.access.User;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "People and systems, their roles, and API tokens")
class UsersApiController {

  private final Access access;

  UsersApiController(Access access) {
    this.access = access;
  }

  @GetMapping
  @Operation(summary = "Users and their roles (admin, manager)")
  List<User> users() {
    return access.users();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a user (admin)")
  User create(@Valid @RequestBody NewUser user) {
    return access.createUser(user);
  }

  record TokenRequest(@NotBlank String name) {}

  @PostMapping("/{username}/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Issue an API token for a user (admin); the token is shown only in this answer")
  Map<String, String> issueToken(
      @PathVariable String username, @Valid @RequestBody TokenRequest request) {
    return Map.of("username", username, "token", access.issueToken(username, request.name()));
  }
}
