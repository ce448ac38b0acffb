package dev.recoup.accounts;

public record AccountId(long value) {}
