package dev.recoup.accounts;

/**
 * DIRECT: billed and used by the same customer. PARTNER: a reseller billed for its end customers.
 */
public enum Channel {
  DIRECT,
  PARTNER
}
