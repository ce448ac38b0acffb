package dev.recoup.dunning;

import dev.recoup.accounts.AccountId;
import java.time.Instant;

/** What a run decided for one account with due steps, and when its part was dispatched. */
public record RunAccount(
    long runId,
    AccountId accountId,
    String accountName,
    String owner,
    String outcome,
    String reason,
    int items,
    StepAction topAction,
    Instant dispatchedAt,
    String dispatchError) {}
