package dev.recoup.disputes;

import java.math.BigDecimal;

/**
 * How the owner resolves a dispute: the outcome, the credit for a partial resolution, the number of
 * the corrected invoice for a rebill, the root cause (always) and the external ticket where it is
 * fixed (optional).
 */
public record ResolutionRequest(
    Resolution outcome,
    BigDecimal creditAmount,
    String rebillInvoice,
    String rootCause,
    String ticketUrl) {}
