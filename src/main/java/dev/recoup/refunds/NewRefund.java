package dev.recoup.refunds;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;

/** A refund to request: out of which credit, how much (in the credit's currency), and why. */
public record NewRefund(AccountId account, CreditSourceRef source, Money amount, String reason) {}
