/**
 * Ledger: invoices, credit memos, payments and the applications that settle them, dated FX rates,
 * per-account balances and aging. Invariants I1-I3 (quality.md) hold by construction: open amounts
 * are bounded by check constraints and an application joins only documents of its own currency.
 * Portfolio-wide figures (aging, balances) are set-based SQL.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"shared", "accounts", "audit", "access"})
package dev.recoup.ledger;
