package dev.recoup.accounts;

public enum AccountStatus {
  ACTIVE,
  CREDIT_HOLD,
  SUSPENDED,
  IN_LEGAL,
  BANKRUPT,
  WRITTEN_OFF
}
