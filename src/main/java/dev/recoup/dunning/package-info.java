/**
 * Dunning: strategies (ordered steps relative to the due date, by segment, channel, risk class and
 * entity) turn overdue open items into one consolidated message per customer per business day,
 * under contact rules (caps, cool-down, quiet hours, do-not-contact, legal hold). Items under
 * dispute, promise or payment plan are paused. Steps that need approval (legal demand letters) wait
 * in the approvals queue; a suspension step is referred to the suspension module by {@link
 * dev.recoup.dunning.SuspensionStepReached}. A run is keyed by its business date: it never sends
 * the same step for the same item twice, also after a crash.
 *
 * <p>Depends on collections for the team's side of a step: a call task lands in the owner's
 * worklist, and a person's last touch (call, e-mail, meeting) starts the cool-down.
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
      "collections"
    })
package dev.recoup.dunning;
