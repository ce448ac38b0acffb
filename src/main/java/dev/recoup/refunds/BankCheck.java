package dev.recoup.refunds;

/**
 * The bank-details check recorded before a refund is paid: how the details were confirmed, the last
 * four digits of the account they were confirmed for, and a note (whom was called, when).
 */
public record BankCheck(VerificationMethod method, String bankAccountLast4, String note) {}
