package dev.recoup.audit;

import java.time.Instant;

/** One row of the audit trail: who did what to which record, when, before and after, and why. */
public record AuditEvent(
    long id,
    Instant occurredAt,
    String actor,
    String action,
    String subjectType,
    String subjectId,
    String before,
    String after,
    String reason,
    String prevHash,
    String hash) {}
