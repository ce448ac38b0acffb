package dev.recoup.disputes;

import dev.recoup.access.UserId;
import dev.recoup.accounts.AccountId;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A customer case as it stands on {@code today} (the business date of the account's entity): who
 * asked for what, who has it, when it is due and whether its SLA is breached. The SLA is paused
 * while the case waits on the customer; a resolved case was breached when it was resolved late.
 */
public record CustomerCase(
    CaseId id,
    AccountId accountId,
    String accountName,
    String accountExternalId,
    UserId accountOwnerId,
    CaseType type,
    long contactId,
    String contactName,
    String contactEmail,
    String subject,
    String description,
    CaseStatus status,
    UserId assigneeId,
    String assignee,
    String assigneeName,
    String openedBy,
    Instant openedAt,
    LocalDate openedOn,
    LocalDate dueOn,
    LocalDate waitingSince,
    String resolvedBy,
    Instant resolvedAt,
    LocalDate resolvedOn,
    String resolution,
    LocalDate today,
    boolean breached,
    boolean dueToday,
    long ageDays) {

  public String reference() {
    return id.reference();
  }

  public boolean isAssignedTo(UserId user) {
    return assigneeId != null && assigneeId.equals(user);
  }
}
