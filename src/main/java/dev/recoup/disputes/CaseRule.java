package dev.recoup.disputes;

/**
 * The routing and SLA of one case type: due {@code slaBusinessDays} business days after it is
 * opened (in the calendar of the account's entity), assigned to {@code defaultOwner} or, when that
 * is null or not an active user, to the account's owner.
 */
public record CaseRule(CaseType type, int slaBusinessDays, String defaultOwner) {}
