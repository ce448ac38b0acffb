package dev.recoup.refunds.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.refunds.BankCheck;
import dev.recoup.refunds.CreditBalance;
import dev.recoup.refunds.CreditBalancePage;
import dev.recoup.refunds.CreditBalances;
import dev.recoup.refunds.CreditOutreach;
import dev.recoup.refunds.CreditSourceRef;
import dev.recoup.refunds.NewRefund;
import dev.recoup.refunds.Outreach;
import dev.recoup.refunds.Refund;
import dev.recoup.refunds.RefundId;
import dev.recoup.refunds.RefundStatus;
import dev.recoup.refunds.Refunds;
import dev.recoup.refunds.VerificationMethod;
import dev.recoup.shared.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
@RequestMapping("/api/v1")
@Tag(
    name = "Refunds",
    description =
        "Credit balances (unapplied cash, open credit memos) and refunds: request, approval by"
            + " someone other than the requester, bank-details verification, payment, ERP export")
class RefundsApiController {

  private final Refunds refunds;
  private final CreditBalances balances;
  private final CreditOutreach outreach;

  RefundsApiController(Refunds refunds, CreditBalances balances, CreditOutreach outreach) {
    this.refunds = refunds;
    this.balances = balances;
    this.outreach = outreach;
  }

  /** One credit on the worklist; {@code available} is open less pending refunds. */
  record CreditBalanceJson(
      CreditSourceRef.Kind kind,
      long sourceId,
      String document,
      LocalDate dated,
      long ageDays,
      Money amount,
      Money open,
      Money reserved,
      Money available,
      Money openReporting,
      long accountId,
      String accountName,
      String accountExternalId,
      String region,
      String owner,
      Instant lastOutreachAt) {

    static CreditBalanceJson of(CreditBalance c) {
      return new CreditBalanceJson(
          c.source().kind(),
          c.source().id(),
          c.document(),
          c.dated(),
          c.ageDays(),
          c.amount(),
          c.open(),
          c.reserved(),
          c.available(),
          c.openReporting(),
          c.accountId().value(),
          c.accountName(),
          c.accountExternalId(),
          c.region(),
          c.ownerName(),
          c.lastOutreachAt());
    }
  }

  record CreditBalancesJson(
      long total,
      Money totalReporting,
      long withoutRate,
      int page,
      int size,
      List<CreditBalancePage.AgeBand> bands,
      List<CreditBalanceJson> rows) {}

  @GetMapping("/credit-balances")
  @Operation(
      summary = "The aged credit-balance worklist",
      description =
          "Unapplied cash and open credit memos with their age (days since the value or issue"
              + " date) and amount in the reporting currency. scope: mine, team or all; minAmount"
              + " in the reporting currency; sort: age, amount, account, owner, region.")
  CreditBalancesJson creditBalances(
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) BigDecimal minAmount,
      @RequestParam(required = false) Integer minAgeDays,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "100") int size) {
    CreditBalancePage p =
        balances.page(
            new dev.recoup.refunds.CreditBalanceFilter(
                scope, minAmount, minAgeDays, region, kind, sort, dir, page, size));
    return new CreditBalancesJson(
        p.total(),
        p.totalReporting(),
        p.withoutRate(),
        p.filter().page(),
        p.filter().size(),
        p.bands(),
        p.rows().stream().map(CreditBalanceJson::of).toList());
  }

  @GetMapping("/refunds")
  @Operation(summary = "Refunds, newest first; filter by status and account")
  List<Refund> list(
      @RequestParam(required = false) RefundStatus status,
      @RequestParam(required = false) Long accountId,
      @RequestParam(defaultValue = "100") int limit) {
    return refunds.list(status, accountId == null ? null : new AccountId(accountId), limit);
  }

  @GetMapping("/refunds/{id}")
  @Operation(summary = "One refund with every step it went through")
  Refund get(@PathVariable long id) {
    return refunds.find(id);
  }

  record RefundRequest(
      @NotNull CreditSourceRef source,
      @NotNull Money amount,
      @NotBlank @Size(max = 500) String reason) {}

  @PostMapping("/accounts/{id}/refunds")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Request a refund out of a payment's unapplied cash or an open credit memo",
      description =
          "source: {\"kind\":\"PAYMENT\",\"id\":123} or {\"kind\":\"CREDIT_MEMO\",\"id\":45}; the"
              + " amount, in the credit's currency, at most what is available. The same"
              + " Idempotency-Key with the same body returns the same refund; with another body"
              + " it is refused (422).")
  Refund request(
      @PathVariable long id,
      @RequestHeader("Idempotency-Key") String idempotencyKey,
      @Valid @RequestBody RefundRequest request) {
    return refunds.request(
        new NewRefund(new AccountId(id), request.source(), request.amount(), request.reason()),
        idempotencyKey);
  }

  enum Decision {
    APPROVE,
    REJECT
  }

  record ApprovalRequest(@NotNull Decision decision, @Size(max = 500) String reason) {}

  @PostMapping("/refunds/{id}/approval")
  @Operation(
      summary = "Approve or reject a requested refund",
      description =
          "A lead, manager or admin who did not request it (segregation of duties); a rejection"
              + " says why. The amount is checked again against what is still available.")
  Refund approval(@PathVariable long id, @Valid @RequestBody ApprovalRequest request) {
    return request.decision() == Decision.APPROVE
        ? refunds.approve(new RefundId(id), request.reason())
        : refunds.reject(new RefundId(id), request.reason());
  }

  record VerificationRequest(
      @NotNull VerificationMethod method,
      @NotBlank String bankAccountLast4,
      @Size(max = 500) String note) {}

  @PostMapping("/refunds/{id}/verification")
  @Operation(
      summary = "Record the bank-details check of an approved refund",
      description =
          "By a person who may work the account and did not request the refund: how the details"
              + " were confirmed (CALL_BACK to the number on file, SIGNED_BANK_LETTER, AP_PORTAL,"
              + " ERP_RECORD) and the last four digits of the bank account.")
  Refund verification(@PathVariable long id, @Valid @RequestBody VerificationRequest request) {
    return refunds.verify(
        new RefundId(id),
        new BankCheck(request.method(), request.bankAccountLast4(), request.note()));
  }

  record PaymentRequest(@NotBlank @Size(max = 100) String reference, LocalDate paidOn) {}

  @PostMapping("/refunds/{id}/payment")
  @Operation(
      summary = "Mark a verified refund paid and post it in the ledger",
      description =
          "The bank transfer's reference (unique) and the date it was paid (default today). The"
              + " credit balance drops by exactly the refund.")
  Refund payment(@PathVariable long id, @Valid @RequestBody PaymentRequest request) {
    return refunds.markPaid(new RefundId(id), request.reference(), request.paidOn());
  }

  record CancellationRequest(@NotBlank @Size(max = 500) String reason) {}

  @PostMapping("/refunds/{id}/cancellation")
  @Operation(summary = "Cancel a refund not yet paid, saying why")
  Refund cancellation(@PathVariable long id, @Valid @RequestBody CancellationRequest request) {
    return refunds.cancel(new RefundId(id), request.reason());
  }

  record OutreachRequest(Long contactId) {}

  @PostMapping("/accounts/{id}/credit-outreach")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "E-mail the customer about its credit balance: refund it or apply it?",
      description =
          "To contactId, or the account's AP (else billing) contact, through the outbox. The"
              + " Idempotency-Key makes a retried call send nothing twice.")
  Outreach creditOutreach(
      @PathVariable long id,
      @RequestHeader("Idempotency-Key") String idempotencyKey,
      @RequestBody(required = false) OutreachRequest request) {
    return outreach.send(
        new AccountId(id), request == null ? null : request.contactId(), idempotencyKey);
  }

  @PostMapping("/refund-exports")
  @Operation(
      summary = "Export the paid refunds not yet exported, as CSV for the ERP",
      description =
          "Marks them exported: each paid refund is in exactly one export. The X-Refund-Export-Id"
              + " header names the batch (absent when nothing was waiting).")
  ResponseEntity<String> export() {
    Refunds.Export export = refunds.export();
    var response = ResponseEntity.ok().contentType(new MediaType("text", "csv"));
    if (export.batch() != null) {
      response = response.header("X-Refund-Export-Id", String.valueOf(export.batch().id()));
    }
    return response.body(export.csv());
  }

  @GetMapping("/refund-exports/{id}")
  @Operation(summary = "An earlier export of paid refunds, again")
  ResponseEntity<String> exportAgain(@PathVariable long id) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv"))
        .body(refunds.exportBatch(id).csv());
  }

  @ExceptionHandler(Refunds.NoSuchRefund.class)
  ResponseEntity<Map<String, Object>> notFound(Refunds.NoSuchRefund e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Map.of("status", 404, "error", e.getMessage()));
  }
}
