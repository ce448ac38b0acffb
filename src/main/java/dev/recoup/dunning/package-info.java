/**
 * Dunning: strategies (ordered steps relative to the due date, by segment, channel, risk class and
 * entity) turn overdue open items into one consolidated message per customer per business day,
 * under contact rules (caps, cool-down, quiet hours, do-not-contact, legal hold). Items under
 * dispute, promise or payment plan are paused. Steps that need approval (legal demand letters,
 * suspension proposals) wait in the approvals queue. A run is keyed by its business date: it never
 * sends the same step for the same item twice, also after a crash.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {
      "shared",
      "access",
      "audit",
      "accounts",
      "ledger",
      "notifications",
      "promises"
    })
package dev.recoup.dunning;
