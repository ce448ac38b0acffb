package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import java.time.LocalDate;
import java.util.List;

/**
 * Cash was applied to many invoices at once (a cash-application run): the accounts whose open items
 * changed, for whoever re-ranks or re-checks accounts in bulk rather than one {@link
 * PaymentApplied} at a time.
 */
public record PaymentsApplied(List<AccountId> accounts, int applications, LocalDate appliedOn) {}
