package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;

/** Part of a payment was applied to an invoice: promises, plans and suspensions react to it. */
public record PaymentApplied(
    AccountId account, InvoiceId invoice, PaymentId payment, Money amount, LocalDate appliedOn) {}
