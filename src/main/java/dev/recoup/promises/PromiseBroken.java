package dev.recoup.promises;

import dev.recoup.accounts.AccountId;
import dev.recoup.shared.Money;
import java.time.LocalDate;

/**
 * A promise came due and was not kept in full: nothing paid ({@code BROKEN}) or only part ({@code
 * PARTIALLY_KEPT}). Collections raises the account in the worklist; dunning resumes its items.
 */
public record PromiseBroken(
    long promiseId,
    AccountId account,
    Money promised,
    Money paid,
    LocalDate promisedOn,
    PromiseStatus status) {}
