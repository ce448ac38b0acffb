package dev.recoup.intake;

/**
 * How the ERP's open items and Recoup's ledger disagree about one invoice: the ERP has it open and
 * Recoup has no such invoice; Recoup has it open and the ERP's file does not list it; both have it
 * with another open amount (or currency); both have it with another status (open against closed).
 */
public enum DifferenceKind {
  MISSING_IN_RECOUP,
  MISSING_IN_ERP,
  DIFFERENT_OPEN_AMOUNT,
  DIFFERENT_STATUS;

  /** Accepts the enum name or its slug ({@code missing-in-erp}), any case; blank is none. */
  public static DifferenceKind parseOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String wanted = text.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (DifferenceKind k : values()) {
      if (k.name().equals(wanted)) {
        return k;
      }
    }
    throw new IllegalArgumentException("kind: unknown kind of difference '" + text + "'");
  }

  /** How the kind is written in URLs and CSV files: {@code missing-in-erp}. */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
