package dev.recoup.refunds;

import dev.recoup.accounts.AccountId;
import java.time.Instant;

/**
 * A credit-balance e-mail sent to the customer (through the outbox): to whom, the balance it
 * stated, who sent it and when, and the outbox message's status (HELD, PENDING, SENT, DEAD...).
 */
public record Outreach(
    long id,
    AccountId accountId,
    Long contactId,
    String toAddress,
    long outboxMessageId,
    String balance,
    String sentBy,
    Instant sentAt,
    String messageStatus) {}
