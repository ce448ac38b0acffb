package dev.recoup.ledger;

import java.time.Instant;

/**
 * One auto-apply run: who started it, on which payments ({@code scope} in words), at which
 * confidence, and what it did. {@code qualified} payments had one best suggestion at or above the
 * threshold; {@code skipped} ones changed between suggestion and posting and are left to people.
 */
public record CashRun(
    long id,
    String startedBy,
    Instant startedAt,
    Instant finishedAt,
    String status,
    int threshold,
    String scope,
    int payments,
    int qualified,
    int appliedPayments,
    int applications,
    int skipped,
    String failure) {}
