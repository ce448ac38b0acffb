package dev.recoup.dunning;

import dev.recoup.access.Role;

/**
 * One step of a strategy: {@code daysFromDue} days after the due date (negative: before it), on a
 * channel, doing an action, worded by a template (per language, English as the fallback), approved
 * by {@code approvalRole} when not null.
 */
public record DunningStep(
    long id,
    long strategyId,
    int daysFromDue,
    StepChannel channel,
    StepAction action,
    String template,
    Role approvalRole) {

  public boolean needsApproval() {
    return approvalRole != null;
  }

  /** "+15", "-7", "0": the step's day as people say it. */
  public String day() {
    return daysFromDue > 0 ? "+" + daysFromDue : String.valueOf(daysFromDue);
  }
}
