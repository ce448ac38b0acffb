package dev.recoup.disputes;

/** Where a case stands against its SLA, as a queue filter. */
public enum CaseSla {
  /** Past its due date (still open, or resolved late). */
  BREACHED,
  /** Open and due today. */
  DUE_TODAY,
  /** Not breached. */
  ON_TRACK
}
