package dev.recoup.disputes;

/** Raised for an id that names no case. */
public class CaseNotFound extends RuntimeException {
  public CaseNotFound(CaseId id) {
    super("No case " + id.reference());
  }
}
