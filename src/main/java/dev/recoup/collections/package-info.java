/**
 * Collections: the collector's day. Ranks each collector's accounts into a worklist that says why
 * (past due, lateness, payment habit, the customer's next AP payment run, risk, time since the last
 * touch, follow-ups due); records what collectors do (calls, notes, meetings, e-mails through the
 * outbox, escalations); moves work to a backup during an absence; and gives the lead a team board.
 * Listens to {@code PortfolioLoaded} (re-ranks everything); refreshes an account's worklist row
 * when an activity is logged on it or a payment is applied; turns a broken promise or payment plan
 * into a follow-up due today (and, for a plan, a notice to the customer).
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
      "demo"
    })
package dev.recoup.collections;
