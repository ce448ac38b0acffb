package dev.recoup.ledger;

public record InvoiceId(long value) {}
