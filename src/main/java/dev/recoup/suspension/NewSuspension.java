package dev.recoup.suspension;

import java.time.LocalDate;

/**
 * A proposal: the account, the contract when only one is to be suspended (null: the whole account),
 * the planned suspension date (null: the earliest, after the notice period) and why.
 */
public record NewSuspension(
    Long accountId, String contractRef, LocalDate suspendOn, String reason) {}
