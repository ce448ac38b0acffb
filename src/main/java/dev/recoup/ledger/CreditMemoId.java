package dev.recoup.ledger;

public record CreditMemoId(long value) {}
