package dev.recoup.dunning;

/** What a dunning step does, in escalating order of gravity. */
public enum StepAction {
  REMINDER("Reminder"),
  NOTICE("Past-due notice"),
  FINAL_NOTICE("Final notice"),
  DEMAND_LETTER("Legal demand letter"),
  SUSPENSION("Service suspension"),
  AGENCY_OR_WRITE_OFF("Agency placement or write-off proposal");

  private final String label;

  StepAction(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
