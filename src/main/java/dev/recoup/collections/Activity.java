package dev.recoup.collections;

import dev.recoup.accounts.AccountId;
import java.time.Instant;
import java.time.LocalDate;

/** One thing done on an account, as it appears on the account's timeline. */
public record Activity(
    long id,
    AccountId accountId,
    ActivityKind kind,
    CallOutcome outcome,
    Long contactId,
    String subject,
    String notes,
    String nextAction,
    LocalDate nextActionOn,
    Long outboxMessageId,
    String actor,
    Instant occurredAt) {}
