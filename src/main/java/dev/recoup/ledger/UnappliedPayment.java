package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * A payment with unapplied cash on the worklist: how old it is, whose account, what is left and
 * (for the rows of a page) its best suggestions.
 */
public record UnappliedPayment(
    PaymentId id,
    String sourceSystem,
    String externalId,
    String reference,
    String remittanceText,
    String method,
    LocalDate valueDate,
    long ageDays,
    Money amount,
    Money unapplied,
    Money unappliedReporting,
    AccountId accountId,
    String accountName,
    String accountExternalId,
    String region,
    Long ownerId,
    String ownerName,
    Integer bestConfidence,
    List<CashSuggestion> suggestions) {

  UnappliedPayment withSuggestions(List<CashSuggestion> s) {
    Integer best = s.isEmpty() ? bestConfidence : Integer.valueOf(s.get(0).confidence());
    return new UnappliedPayment(
        id,
        sourceSystem,
        externalId,
        reference,
        remittanceText,
        method,
        valueDate,
        ageDays,
        amount,
        unapplied,
        unappliedReporting,
        accountId,
        accountName,
        accountExternalId,
        region,
        ownerId,
        ownerName,
        s.isEmpty() ? null : best,
        List.copyOf(s));
  }
}
