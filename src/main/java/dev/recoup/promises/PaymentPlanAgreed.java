package dev.recoup.promises;

import dev.recoup.accounts.AccountId;

/**
 * A payment plan became active (approved, or within its proposer's authority): its items are paused
 * for dunning, and a suspension for non-payment is lifted.
 */
public record PaymentPlanAgreed(long planId, AccountId account) {}
