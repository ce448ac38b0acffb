package dev.recoup.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * API errors as JSON a client can act on: 422 with one entry per field for bad input, 404 for an
 * unknown record. Messages of the form "field: reason" from the domain are split into field and
 * reason. Nothing internal (stack traces, SQL) is ever returned.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ApiErrors {

  /**
   * A field name before "field: reason": a form field, a canonical import field ({@code
   * account_external_id}), a nested path ({@code lines.0}) or a header ({@code Idempotency-Key}).
   */
  private static final String FIELD = "[A-Za-z][A-Za-z0-9_.-]*";

  record FieldProblem(String field, String message) {}

  record Problem(int status, String error, List<FieldProblem> errors) {}

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<Problem> invalid(MethodArgumentNotValidException e) {
    List<FieldProblem> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> new FieldProblem(f.getField(), message(f)))
            .toList();
    return ResponseEntity.unprocessableContent().body(new Problem(422, "Invalid input", errors));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Problem> illegal(IllegalArgumentException e) {
    String msg = e.getMessage() == null ? "invalid" : e.getMessage();
    int colon = msg.indexOf(": ");
    FieldProblem p =
        colon > 0 && msg.substring(0, colon).matches(FIELD)
            ? new FieldProblem(msg.substring(0, colon), msg.substring(colon + 2))
            : new FieldProblem(null, msg);
    return ResponseEntity.unprocessableContent()
        .body(new Problem(422, "Invalid input", List.of(p)));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Problem> mismatch(MethodArgumentTypeMismatchException e) {
    return ResponseEntity.badRequest()
        .body(
            new Problem(
                400,
                "Bad request",
                List.of(new FieldProblem(e.getName(), "cannot read '" + e.getValue() + "'"))));
  }

  @ExceptionHandler(dev.recoup.shared.NoSuchRecord.class)
  ResponseEntity<Map<String, Object>> notFound(dev.recoup.shared.NoSuchRecord e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Map.of("status", 404, "error", e.getMessage()));
  }

  private static String message(FieldError f) {
    return f.getDefaultMessage() == null ? "invalid" : f.getDefaultMessage();
  }
}
