package dev.recoup.disputes;

/** The identifier of a customer case; people read it as {@code CASE-000123}. */
public record CaseId(long value) {

  /** How the case is named on pages, in e-mail subjects and in the customer's replies. */
  public String reference() {
    return String.format("CASE-%06d", value);
  }

  @Override
  public String toString() {
    return reference();
  }
}
