package dev.recoup.refunds;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * What the credit-balance worklist shows: whose accounts ({@code mine}, {@code team} or {@code
 * all}), a minimum amount in the reporting currency, a minimum age in days, a region, a kind
 * (PAYMENT or CREDIT_MEMO), the sort (age, amount, account, owner, region) and direction, and the
 * page. Blank values mean "any"; out-of-range ones are corrected, never trusted.
 */
public record CreditBalanceFilter(
    String scope,
    BigDecimal minAmount,
    Integer minAgeDays,
    String region,
    String kind,
    String sort,
    String dir,
    Integer page,
    Integer size) {

  static final Set<String> SCOPES = Set.of("mine", "team", "all");
  static final Set<String> SORTS = Set.of("age", "amount", "account", "owner", "region");
  static final int MAX_SIZE = 500;

  public CreditBalanceFilter {
    scope = scope == null || scope.isBlank() ? null : scope.strip().toLowerCase(Locale.ROOT);
    if (scope != null && !SCOPES.contains(scope)) {
      throw new IllegalArgumentException("scope: mine, team or all");
    }
    if (minAmount != null && minAmount.signum() < 0) {
      throw new IllegalArgumentException("minAmount: must not be negative");
    }
    if (minAgeDays != null && minAgeDays < 0) {
      throw new IllegalArgumentException("minAgeDays: must not be negative");
    }
    region = region == null || region.isBlank() ? null : region.strip().toUpperCase(Locale.ROOT);
    kind = kind == null || kind.isBlank() ? null : kind.strip().toUpperCase(Locale.ROOT);
    if (kind != null) {
      try {
        CreditSourceRef.Kind.valueOf(kind);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("kind: PAYMENT or CREDIT_MEMO");
      }
    }
    sort = sort == null || !SORTS.contains(sort) ? "age" : sort;
    dir = "asc".equalsIgnoreCase(dir) ? "asc" : "desc";
    page = page == null || page < 0 ? 0 : page;
    size = size == null || size < 1 ? 50 : Math.min(size, MAX_SIZE);
  }

  /** Everything, oldest first. */
  public static CreditBalanceFilter all() {
    return new CreditBalanceFilter("all", null, null, null, null, "age", "desc", 0, 50);
  }

  public CreditBalanceFilter withScope(String s) {
    return new CreditBalanceFilter(s, minAmount, minAgeDays, region, kind, sort, dir, page, size);
  }

  public CreditBalanceFilter withPage(int p) {
    return new CreditBalanceFilter(scope, minAmount, minAgeDays, region, kind, sort, dir, p, size);
  }

  public CreditBalanceFilter sortedBy(String s, String d) {
    return new CreditBalanceFilter(scope, minAmount, minAgeDays, region, kind, s, d, 0, size);
  }
}
