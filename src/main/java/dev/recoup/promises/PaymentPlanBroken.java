package dev.recoup.promises;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;

/**
 * An instalment of an active plan was not paid by its date plus the tolerance: the plan is over,
 * the whole balance is due again and dunning resumes.
 */
public record PaymentPlanBroken(
    long planId, AccountId account, int instalment, Money missed, LocalDate dueOn) {}
