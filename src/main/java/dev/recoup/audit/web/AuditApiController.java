package dev.recoup.audit.web;

import dev.recoup.audit.AuditEvent;
import dev.recoup.audit.AuditTrail;
import dev.recoup.audit.ChainVerification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "The append-only, hash-chained audit trail")
class AuditApiController {

  private final AuditTrail trail;

  AuditApiController(AuditTrail trail) {
    this.trail = trail;
  }

  @GetMapping("/verify")
  @Operation(summary = "Recompute the hash chain over every audit row")
  ChainVerification verify() {
    return trail.verify();
  }

  @GetMapping
  @Operation(summary = "Audit events of one record, or the most recent ones, newest first")
  List<AuditEvent> events(
      @RequestParam(required = false) String subjectType,
      @RequestParam(required = false) String subjectId,
      @RequestParam(required = false) String actor,
      @RequestParam(defaultValue = "100") int limit) {
    int capped = Math.max(1, Math.min(limit, 1000));
    if (subjectType != null && subjectId != null) {
      return trail.historyOf(subjectType, subjectId, capped);
    }
    return trail.recent(actor, capped);
  }
}
