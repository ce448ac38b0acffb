package dev.recoup.disputes;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.InvoiceId;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.Map;

/** A dispute was raised: these invoice amounts are not collectible until it is resolved. */
public record DisputeOpened(
    DisputeId dispute,
    AccountId account,
    String reason,
    Money amount,
    Map<InvoiceId, Money> invoices,
    String owner,
    LocalDate slaDueOn) {}
