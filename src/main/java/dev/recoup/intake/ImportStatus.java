package dev.recoup.intake;

/**
 * Where an import run is: queued, reading and merging, done (some rows may be rejected), failed.
 */
public enum ImportStatus {
  QUEUED,
  RUNNING,
  DONE,
  FAILED
}
