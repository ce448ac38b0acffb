package dev.recoup.disputes;

/**
 * Where a reason code sends its disputes. Billing, sales and support sit outside collections;
 * COLLECTIONS routes to the account's own collector.
 */
public enum DisputeTeam {
  BILLING,
  SALES,
  SUPPORT,
  COLLECTIONS
}
