package dev.recoup.notifications.web;

import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutboxMessage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/outbox")
@Tag(name = "Outbox", description = "E-mails waiting, sent, held or dead-lettered")
class OutboxApiController {

  private final Outbox outbox;

  OutboxApiController(Outbox outbox) {
    this.outbox = outbox;
  }

  @GetMapping
  @Operation(
      summary =
          "The most recent e-mails, newest first, optionally of one status"
              + " (PENDING, SENDING, SENT, DEAD, HELD)")
  List<OutboxMessage> messages(
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "100") int limit) {
    return outbox.recent(status, limit);
  }

  @PostMapping("/{id}/retry")
  @Operation(summary = "Send a dead-lettered or held e-mail again (needs an SMTP server)")
  OutboxMessage retry(@PathVariable long id) {
    outbox.retry(id);
    return outbox.find(id).orElseThrow(() -> new Outbox.NoSuchMessage(id));
  }

  @ExceptionHandler(Outbox.NoSuchMessage.class)
  ResponseEntity<Map<String, Object>> notFound(Outbox.NoSuchMessage e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Map.of("status", 404, "error", e.getMessage()));
  }
}
