package dev.recoup.disputes;

/** Identifies a dispute. */
public record DisputeId(long value) {}
