package dev.recoup.intake.web;

import java.util.List;
import org.springframework.http.ResponseEntity;

/**
 * Field errors of the intake API in the shape web.ApiErrors gives every API (422, one entry per
 * field), for the field names it does not split off: canonical fields have underscores ({@code
 * account_external_id}) and the idempotency header a dash.
 */
final class IntakeApiErrors {

  private IntakeApiErrors() {}

  record FieldProblem(String field, String message) {}

  record Problem(int status, String error, List<FieldProblem> errors) {}

  static ResponseEntity<Problem> of(IllegalArgumentException e) {
    String msg = e.getMessage() == null ? "invalid" : e.getMessage();
    int colon = msg.indexOf(": ");
    FieldProblem p =
        colon > 0 && msg.substring(0, colon).matches("[A-Za-z][A-Za-z0-9_.-]*")
            ? new FieldProblem(msg.substring(0, colon), msg.substring(colon + 2))
            : new FieldProblem(null, msg);
    return ResponseEntity.unprocessableContent()
        .body(new Problem(422, "Invalid input", List.of(p)));
  }
}
