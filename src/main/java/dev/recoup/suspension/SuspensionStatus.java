package dev.recoup.suspension;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a suspension stands. PROPOSED → APPROVED (a manager, not the requester) → NOTICE_SENT (the
 * customer is told N days before) → SUSPENDED (the provisioning system is called) → REINSTATED;
 * REJECTED by the manager, or CANCELLED before the suspension date.
 */
public enum SuspensionStatus {
  PROPOSED,
  APPROVED,
  NOTICE_SENT,
  SUSPENDED,
  REINSTATED,
  CANCELLED,
  REJECTED;

  /** The states that count for I4: at most one of them per account and scope. */
  public static final Set<SuspensionStatus> OPEN =
      EnumSet.of(PROPOSED, APPROVED, NOTICE_SENT, SUSPENDED);

  public boolean isOpen() {
    return OPEN.contains(this);
  }

  /** Approved and waiting for its notice or its date. */
  public boolean isScheduled() {
    return this == APPROVED || this == NOTICE_SENT;
  }

  /** For people: "notice sent". */
  public String label() {
    return name().toLowerCase().replace('_', ' ');
  }
}
