/**
 * Service suspension for non-payment: proposed, approved by a manager (not the requester), a notice
 * to the customer N days before, then a signed webhook to the provisioning system at the suspension
 * date (retried with backoff, alerted on failure), and automatic reinstatement when the past-due
 * balance is cleared or a payment plan is agreed. Per account or per subscription/contract; a
 * partner's suspension cascades to its end customers only with explicit approval. Listens to {@code
 * PaymentApplied} and {@code PaymentPlanAgreed} (relief) and to the dunning engine's {@code
 * SuspensionStepReached} (a proposal); tells the provisioning system and the team's chat through
 * the signed webhooks of notifications.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {
      "shared",
      "access",
      "audit",
      "accounts",
      "ledger",
      "notifications",
      "promises",
      "dunning"
    })
package dev.recoup.suspension;
