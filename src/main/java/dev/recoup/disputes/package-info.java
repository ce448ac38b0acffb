/**
 * Disputes and customer cases: a contested invoice amount with a reason code, routed by reason to
 * an owner who may sit outside collections (billing, sales, support), tracked against an SLA and
 * resolved with a credit memo (through the ledger), a rebill, a rejection or in part; and the
 * customer's requests (invoice copies, tax forms, address changes, refund requests, payment
 * questions) with SLA, owner, status and templated replies. The disputed part of an invoice is set
 * in the ledger, so it leaves the collectible past due and pauses dunning for that item.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"shared", "access", "audit", "accounts", "ledger", "notifications"})
package dev.recoup.disputes;
