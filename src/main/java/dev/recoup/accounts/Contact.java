package dev.recoup.accounts;

/** A person at the customer: AP, billing, escalation or executive contact. */
public record Contact(
    long id,
    AccountId accountId,
    String name,
    String role,
    String email,
    String phone,
    String timeZone,
    String preferredChannel) {}
