/**
 * Promises to pay and payment plans. A promise (amount, date, invoices) is judged kept, partially
 * kept or broken from the payments applied by its date plus a tolerance, each business day; a plan
 * is checked against the entity's or segment's policy, routed to the approver the policy requires,
 * split into instalments to the cent, and tracked from payments. Publishes {@code PromiseBroken}
 * and {@code PaymentPlanBroken}; items under an open promise or an active plan are paused for
 * dunning.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"shared", "access", "audit", "accounts", "ledger", "notifications"})
package dev.recoup.promises;
