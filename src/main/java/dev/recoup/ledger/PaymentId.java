package dev.recoup.ledger;

public record PaymentId(long value) {}
