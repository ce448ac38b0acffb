package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;

/** Part of a credit memo was applied to an invoice (a dispute resolved with a credit, say). */
public record CreditApplied(
    AccountId account, InvoiceId invoice, CreditMemoId creditMemo, Money amount) {}
