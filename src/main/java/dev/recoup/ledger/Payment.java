package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.List;

/** A receipt and how it was applied; {@code unapplied} is unapplied cash. */
public record Payment(
    PaymentId id,
    String externalId,
    AccountId accountId,
    LocalDate valueDate,
    Money amount,
    Money unapplied,
    String method,
    String reference,
    String remittanceText,
    List<Application> applications) {}
