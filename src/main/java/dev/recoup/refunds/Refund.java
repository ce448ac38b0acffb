package dev.recoup.refunds;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A refund of (part of) a credit balance and every step it went through: who requested it and why,
 * who approved or rejected it, who checked the bank details and how, when it was paid with which
 * bank reference, and when it was exported for the ERP. {@code cycleTimeDays} is requested → paid
 * in days (one decimal), once paid.
 */
public record Refund(
    RefundId id,
    AccountId accountId,
    String accountName,
    String accountExternalId,
    CreditSourceRef source,
    String document,
    LocalDate documentDate,
    Money amount,
    String reason,
    RefundStatus status,
    String requestedBy,
    Instant requestedAt,
    String decidedBy,
    Instant decidedAt,
    String decisionReason,
    String verifiedBy,
    Instant verifiedAt,
    VerificationMethod verificationMethod,
    String bankAccountLast4,
    String verificationNote,
    String paidBy,
    Instant paidAt,
    LocalDate paidOn,
    String paymentReference,
    String cancelledBy,
    Instant cancelledAt,
    String cancelReason,
    Long exportId,
    Instant exportedAt,
    BigDecimal cycleTimeDays) {

  /** Whole days since it was requested, as of {@code now}. */
  public long ageInDays(Instant now) {
    return Duration.between(requestedAt, now).toDays();
  }

  public boolean pending() {
    return status.pending();
  }
}
