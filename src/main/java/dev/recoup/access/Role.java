package dev.recoup.access;

/** What a person or system does in the team; decides which pages and actions it gets. */
public enum Role {
  /** Works a portfolio of accounts; changes only its own accounts. */
  COLLECTOR,
  /**
   * Runs queues and a team of collectors; approves demand letters and plans; changes any account.
   */
  LEAD,
  /** Owns credit policy, suspensions, allowance and objectives; changes any account. */
  MANAGER,
  /** Administers users and tokens. */
  ADMIN,
  /** Finance or internal audit: reads everything, changes nothing. */
  AUDITOR,
  /** A system calling the API with a token (ERP, provisioning, CRM). */
  SYSTEM,
  /**
   * Someone outside collections (billing, sales, support) who works the disputes and cases routed
   * to them, and sees nothing else.
   */
  RESOLVER;

  public String authority() {
    return "ROLE_" + name();
  }

  /** Roles that may change any account, not only their own portfolio. */
  public boolean changesAnyAccount() {
    return this == LEAD || this == MANAGER || this == ADMIN || this == SYSTEM;
  }
}
