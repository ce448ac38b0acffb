package dev.recoup.dunning;

/**
 * How a step reaches the customer or the team: an e-mail, a letter (a PDF sent by e-mail and
 * downloadable for post), a call task in the owner's worklist, or a chat alert to the owner.
 */
public enum StepChannel {
  EMAIL("E-mail"),
  LETTER("Letter (PDF)"),
  CALL_TASK("Call task"),
  CHAT("Chat alert to the owner");

  private final String label;

  StepChannel(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether the step writes to the customer (and so counts against the contact rules). */
  public boolean reachesCustomer() {
    return this == EMAIL || this == LETTER;
  }
}
