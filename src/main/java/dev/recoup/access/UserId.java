package dev.recoup.access;

public record UserId(long value) {}
