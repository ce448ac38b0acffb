package dev.recoup.collections;

/** How a call went. */
public enum CallOutcome {
  REACHED,
  VOICEMAIL,
  NO_ANSWER,
  WRONG_NUMBER,
  REFUSED
}
