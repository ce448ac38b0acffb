package dev.recoup.accounts;

public record EntityId(long value) {}
