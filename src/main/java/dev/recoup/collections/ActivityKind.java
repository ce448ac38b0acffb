package dev.recoup.collections;

/** What was done on an account. */
public enum ActivityKind {
  CALL,
  NOTE,
  MEETING,
  EMAIL,
  ESCALATION
}
