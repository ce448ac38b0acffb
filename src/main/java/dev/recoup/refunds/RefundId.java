package dev.recoup.refunds;

public record RefundId(long value) {}
