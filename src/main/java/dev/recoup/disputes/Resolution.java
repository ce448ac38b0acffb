package dev.recoup.disputes;

/**
 * How a dispute ends. A credit memo credits the whole disputed amount; partial credits part of it
 * and the rest is collectible again; a rebill credits in full because a corrected invoice replaces
 * it; rejected credits nothing and the whole amount is collectible again.
 */
public enum Resolution {
  CREDIT_MEMO,
  PARTIAL,
  REBILL,
  REJECTED;

  /** The status a dispute resolved this way ends in. */
  public DisputeStatus finalStatus() {
    return this == REJECTED ? DisputeStatus.REJECTED : DisputeStatus.RESOLVED;
  }
}
