package dev.recoup.disputes;

import java.time.Instant;

/**
 * A templated reply sent to the case's contact through the outbox, with where the e-mail stands
 * ({@code delivery}: the outbox status, such as PENDING, SENT or HELD).
 */
public record CaseReply(
    long id,
    CaseId caseId,
    CaseType template,
    String language,
    long outboxMessageId,
    String sentTo,
    String subject,
    String attachment,
    String sentBy,
    Instant sentAt,
    String delivery) {}
