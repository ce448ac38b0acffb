package dev.recoup.ledger;

/**
 * Why cash application suggests a match, and how sure it is (0-100): what the remittance names
 * weighs most, amounts agreeing with it next, amounts alone least. A basis found among several
 * equally good candidates (two invoices of the same amount, several combinations) loses {@link
 * #AMBIGUITY_PENALTY}.
 */
public enum MatchBasis {
  /** The invoices named in the remittance; their open amounts sum to the payment. */
  NAMED_EXACT(95),
  /** One of the invoices named in the remittance; its open amount equals the payment. */
  NAMED_ONE_EXACT(85),
  /** Some of the invoices named in the remittance sum to the payment. */
  NAMED_SUBSET(85),
  /** The invoices named in the remittance; the payment is more, the rest stays unapplied cash. */
  NAMED_OVER(80),
  /** The invoices named in the remittance; the payment is less (short), oldest first, rest open. */
  NAMED_SHORT(70),
  /** The open invoices of a PO named in the remittance sum to the payment. */
  PO_EXACT(85),
  /** One open invoice of a PO named in the remittance equals the payment. */
  PO_ONE_EXACT(80),
  /** The open invoices of a PO named in the remittance; the payment is more. */
  PO_OVER(60),
  /** The open invoices of a PO named in the remittance; the payment is less, oldest first. */
  PO_SHORT(45),
  /** One open invoice of the account whose open amount equals the payment. */
  AMOUNT_EXACT(70),
  /** Two to four open invoices of the account that sum exactly to the payment. */
  COMBINATION(55);

  /** What a basis loses when several candidates fit equally well. */
  public static final int AMBIGUITY_PENALTY = 30;

  private final int confidence;

  MatchBasis(int confidence) {
    this.confidence = confidence;
  }

  /** The confidence of a match found on this basis alone. */
  public int confidence() {
    return confidence;
  }

  /** Whether the remittance text is the evidence. */
  public boolean fromRemittance() {
    return name().startsWith("NAMED") || name().startsWith("PO");
  }

  /** {@code case <column> when 'NAMED_EXACT' then 95 ... end}: the confidences in SQL. */
  static String sqlConfidence(String column) {
    StringBuilder sql = new StringBuilder("(case ").append(column);
    for (MatchBasis b : values()) {
      sql.append(" when '").append(b.name()).append("' then ").append(b.confidence);
    }
    return sql.append(" else 0 end)").toString();
  }
}
