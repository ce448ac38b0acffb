package dev.recoup.refunds;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;

/** A refund left the bank and was posted in the ledger: the credit balance is lower by it. */
public record RefundPaid(
    RefundId refund, AccountId account, Money amount, LocalDate paidOn, String reference) {}
