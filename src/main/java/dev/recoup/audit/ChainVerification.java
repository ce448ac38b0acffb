package dev.recoup.audit;

/**
 * The outcome of recomputing the audit hash chain: how many rows were checked and, when the chain
 * is broken, the first row whose stored hash or link does not match.
 */
public record ChainVerification(
    boolean valid, long rowsChecked, Long firstBrokenId, String headHash) {}
