package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;

/** The disputed part of an invoice changed: what is collectible on the account changed with it. */
public record DisputedAmountChanged(AccountId account, InvoiceId invoice, Money disputed) {}
