package dev.recoup.disputes;

/**
 * A customer's request as it arrives, from the Account 360 form or the API: the type as typed
 * (checked by {@link CustomerCases#open}), the contact who asked, a subject and a description.
 */
public record CaseIntake(String type, Long contactId, String subject, String description) {}
