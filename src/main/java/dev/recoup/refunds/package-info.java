/**
 * Refunds: credit balances (unapplied cash and open credit memos) as an aged worklist, outreach to
 * the customer from templates, and a refund's path from request through approval by someone other
 * than the requester and a recorded bank-details check to payment, posted through the ledger and
 * exported for the ERP; cycle time tracked.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"shared", "access", "audit", "accounts", "ledger", "notifications"})
package dev.recoup.refunds;
