package dev.recoup.collections;

import dev.recoup.accounts.AccountId;
import java.time.Instant;

/** An account handed up to the lead or the manager, with why; open until resolved. */
public record Escalation(
    long id,
    AccountId accountId,
    String accountName,
    String raisedBy,
    Instant raisedAt,
    String toRole,
    String reason,
    String status,
    String resolvedBy,
    Instant resolvedAt,
    String resolution) {}
