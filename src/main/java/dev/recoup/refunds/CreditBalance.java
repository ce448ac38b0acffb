package dev.recoup.refunds;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One credit on the aged credit-balance worklist: a payment's unapplied cash or a credit memo's
 * open part, how old it is (days since the value or issue date), in its currency and in the
 * reporting currency (null without a rate), what pending refunds already reserve of it, and whose
 * account it is.
 */
public record CreditBalance(
    CreditSourceRef source,
    String document,
    LocalDate dated,
    long ageDays,
    Money amount,
    Money open,
    Money openReporting,
    Money reserved,
    AccountId accountId,
    String accountName,
    String accountExternalId,
    String region,
    Long ownerId,
    String ownerName,
    Instant lastOutreachAt) {

  /** What can still be refunded: open less what pending refunds reserve. */
  public Money available() {
    return open.minus(reserved);
  }
}
