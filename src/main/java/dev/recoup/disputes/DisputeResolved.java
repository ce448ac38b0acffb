package dev.recoup.disputes;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.shared.Money;
import java.util.List;

/**
 * A dispute was resolved: {@code credited} went to the customer (zero when rejected), and what was
 * disputed but not credited is collectible again.
 */
public record DisputeResolved(
    DisputeId dispute,
    AccountId account,
    Resolution resolution,
    Money disputed,
    Money credited,
    List<InvoiceId> invoices) {}
