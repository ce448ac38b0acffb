package dev.recoup.disputes.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.recoup.accounts.AccountId;
import dev.recoup.audit.AuditEvent;
import dev.recoup.disputes.CaseId;
import dev.recoup.disputes.CaseInputInvalid;
import dev.recoup.disputes.CaseIntake;
import dev.recoup.disputes.CaseNotFound;
import dev.recoup.disputes.CaseQuery;
import dev.recoup.disputes.CaseQueue;
import dev.recoup.disputes.CaseReply;
import dev.recoup.disputes.CaseScope;
import dev.recoup.disputes.CaseSla;
import dev.recoup.disputes.CaseStatus;
import dev.recoup.disputes.CaseType;
import dev.recoup.disputes.CustomerCase;
import dev.recoup.disputes.CustomerCases;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
    name = "Cases",
    description =
        "Customer requests (invoice copies, tax forms, address changes, refunds, payment questions,"
            + " portal access) with SLA, owner, status and templated replies")
class CasesApiController {

  private final CustomerCases cases;

  CasesApiController(CustomerCases cases) {
    this.cases = cases;
  }

  /** A case as API clients see it: ids as numbers, the SLA state as of the entity's today. */
  record CaseJson(
      long id,
      String reference,
      long accountId,
      String accountName,
      String accountExternalId,
      CaseType type,
      long contactId,
      String contactName,
      String contactEmail,
      String subject,
      String description,
      CaseStatus status,
      String assignee,
      String assigneeName,
      String openedBy,
      Instant openedAt,
      LocalDate openedOn,
      LocalDate dueOn,
      boolean breached,
      boolean dueToday,
      long ageDays,
      LocalDate waitingSince,
      String resolvedBy,
      Instant resolvedAt,
      LocalDate resolvedOn,
      String resolution) {

    static CaseJson of(CustomerCase c) {
      return new CaseJson(
          c.id().value(),
          c.reference(),
          c.accountId().value(),
          c.accountName(),
          c.accountExternalId(),
          c.type(),
          c.contactId(),
          c.contactName(),
          c.contactEmail(),
          c.subject(),
          c.description(),
          c.status(),
          c.assignee(),
          c.assigneeName(),
          c.openedBy(),
          c.openedAt(),
          c.openedOn(),
          c.dueOn(),
          c.breached(),
          c.dueToday(),
          c.ageDays(),
          c.waitingSince(),
          c.resolvedBy(),
          c.resolvedAt(),
          c.resolvedOn(),
          c.resolution());
    }
  }

  record ReplyJson(
      long id,
      CaseType template,
      String language,
      long outboxMessageId,
      String sentTo,
      String subject,
      String attachment,
      String sentBy,
      Instant sentAt,
      String delivery) {

    static ReplyJson of(CaseReply r) {
      return new ReplyJson(
          r.id(),
          r.template(),
          r.language(),
          r.outboxMessageId(),
          r.sentTo(),
          r.subject(),
          r.attachment(),
          r.sentBy(),
          r.sentAt(),
          r.delivery());
    }
  }

  record HistoryJson(Instant at, String actor, String action, String reason) {
    static HistoryJson of(AuditEvent e) {
      return new HistoryJson(e.occurredAt(), e.actor(), e.action(), e.reason());
    }
  }

  record CaseDetailJson(
      @JsonProperty("case") CaseJson customerCase,
      List<ReplyJson> replies,
      List<HistoryJson> history) {}

  record CasePageJson(
      List<CaseJson> items,
      long total,
      int page,
      int size,
      Map<CaseType, Long> countsByType,
      long active,
      long waiting,
      long breached,
      long dueToday) {}

  record StatusRequest(String status, String note) {}

  record AssigneeRequest(String username, String reason) {}

  record ReplyRequest(String template) {}

  /** Field problems, in the shape of every other 422 of the API. */
  record FieldProblem(String field, String message) {}

  record Problem(int status, String error, List<FieldProblem> errors) {}

  @PostMapping("/api/v1/accounts/{id}/cases")
  @Operation(
      summary = "Open a case on an account",
      description =
          "Routed by the type's rule and due after its SLA in business days. The Idempotency-Key"
              + " header makes a retried call return the case it created (200) instead of opening"
              + " another; the same key with a different request is refused (422).")
  ResponseEntity<CaseJson> open(
      @PathVariable long id,
      @RequestHeader("Idempotency-Key") String idempotencyKey,
      @RequestBody CaseIntake intake) {
    CustomerCases.Opened opened = cases.open(new AccountId(id), intake, idempotencyKey);
    return ResponseEntity.status(opened.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(CaseJson.of(opened.customerCase()));
  }

  @GetMapping("/api/v1/cases")
  @Operation(
      summary = "A case queue",
      description =
          "scope MINE, TEAM or ALL (default: all you may see); type; status ACTIVE (default),"
              + " OPEN, WAITING_ON_CUSTOMER, RESOLVED or ANY; sla BREACHED, DUE_TODAY or ON_TRACK;"
              + " sort due, age, opened, account, type, status or assignee; dir asc or desc.")
  CasePageJson queue(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String sla,
      @RequestParam(required = false) Long accountId,
      @RequestParam(defaultValue = "due") String sort,
      @RequestParam(defaultValue = "asc") String dir,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    CaseQueue q =
        cases.queue(
            new CaseQuery(
                parse("scope", CaseScope.class, scope),
                parse("type", CaseType.class, type),
                parse("status", CaseQuery.Showing.class, status),
                parse("sla", CaseSla.class, sla),
                accountId == null ? null : new AccountId(accountId),
                sort,
                dir,
                page,
                size));
    return new CasePageJson(
        q.rows().stream().map(CaseJson::of).toList(),
        q.total(),
        q.query().page(),
        q.query().size(),
        q.countsByType(),
        q.active(),
        q.waiting(),
        q.breached(),
        q.dueToday());
  }

  @GetMapping("/api/v1/cases/{id}")
  @Operation(summary = "A case with its replies and its history (newest first)")
  CaseDetailJson one(@PathVariable long id) {
    CaseId caseId = new CaseId(id);
    return new CaseDetailJson(
        CaseJson.of(cases.find(caseId)),
        cases.replies(caseId).stream().map(ReplyJson::of).toList(),
        cases.history(caseId).stream().map(HistoryJson::of).toList());
  }

  @PostMapping("/api/v1/cases/{id}/status")
  @Operation(
      summary = "Move a case to OPEN, WAITING_ON_CUSTOMER or RESOLVED",
      description =
          "RESOLVED needs the resolution as note; reopening a resolved case needs the reason."
              + " Waiting on the customer pauses the SLA.")
  CaseJson status(@PathVariable long id, @RequestBody StatusRequest request) {
    return CaseJson.of(
        cases.changeStatus(
            new CaseId(id), parse("status", CaseStatus.class, request.status()), request.note()));
  }

  @PostMapping("/api/v1/cases/{id}/assignee")
  @Operation(summary = "Give the case to someone else (a collector, lead, manager or resolver)")
  CaseJson reassign(@PathVariable long id, @RequestBody AssigneeRequest request) {
    return CaseJson.of(cases.reassign(new CaseId(id), request.username(), request.reason()));
  }

  @PostMapping("/api/v1/cases/{id}/replies")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Send the templated reply to the case's contact through the outbox",
      description =
          "template is a case type (default: the case's own); the invoice-copy reply attaches the"
              + " statement of account. Once per case and template: asking again returns the reply"
              + " already sent.")
  ReplyJson reply(@PathVariable long id, @RequestBody(required = false) ReplyRequest request) {
    CaseType template =
        request == null ? null : parse("template", CaseType.class, request.template());
    return ReplyJson.of(cases.reply(new CaseId(id), template));
  }

  @ExceptionHandler(CaseInputInvalid.class)
  ResponseEntity<Problem> invalid(CaseInputInvalid e) {
    return ResponseEntity.unprocessableContent()
        .body(
            new Problem(
                422,
                "Invalid input",
                e.errors().entrySet().stream()
                    .map(x -> new FieldProblem(x.getKey(), x.getValue()))
                    .toList()));
  }

  @ExceptionHandler(CaseNotFound.class)
  ResponseEntity<Map<String, Object>> notFound(CaseNotFound e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Map.of("status", 404, "error", e.getMessage()));
  }

  /** An enum from a parameter, null when absent, or a field error naming the choices. */
  static <E extends Enum<E>> E parse(String field, Class<E> type, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String normalized = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.name().equals(normalized))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    field
                        + ": one of "
                        + Arrays.stream(type.getEnumConstants())
                            .map(Enum::name)
                            .collect(Collectors.joining(", "))));
  }
}
