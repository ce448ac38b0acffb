package dev.recoup.ledger;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.List;

/** A credit against an account; {@code open} is the part neither applied nor refunded. */
public record CreditMemo(
    CreditMemoId id,
    String number,
    AccountId accountId,
    LocalDate issueDate,
    Money amount,
    Money open,
    String reason,
    List<Application> applications) {}
