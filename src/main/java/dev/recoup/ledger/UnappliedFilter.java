package dev.recoup.ledger;

import java.util.Locale;
import java.util.Set;

/**
 * What the unapplied-cash worklist shows: whose accounts ({@code mine}, {@code team} or {@code
 * all}), a search in account name, payment reference and remittance text, a currency, a region, a
 * minimum age in days, only payments with a suggestion of at least {@code minConfidence}, a source
 * system, the sort (age, amount, account, owner, confidence) and direction, and the page. Blank
 * values mean "any"; out-of-range ones are corrected or refused with a field error.
 */
public record UnappliedFilter(
    String scope,
    String q,
    String currency,
    String region,
    Integer minAgeDays,
    Integer minConfidence,
    String source,
    String sort,
    String dir,
    Integer page,
    Integer size) {

  static final Set<String> SCOPES = Set.of("mine", "team", "all");
  static final Set<String> SORTS = Set.of("age", "amount", "account", "owner", "confidence");
  static final int MAX_SIZE = 500;

  public UnappliedFilter {
    scope = blank(scope) ? null : scope.strip().toLowerCase(Locale.ROOT);
    if (scope != null && !SCOPES.contains(scope)) {
      throw new IllegalArgumentException("scope: mine, team or all");
    }
    q = blank(q) ? null : q.strip();
    if (q != null && q.length() > 200) {
      throw new IllegalArgumentException("q: at most 200 characters");
    }
    currency = blank(currency) ? null : currency.strip().toUpperCase(Locale.ROOT);
    if (currency != null && !currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency: a three-letter code");
    }
    region = blank(region) ? null : region.strip().toUpperCase(Locale.ROOT);
    if (minAgeDays != null && minAgeDays < 0) {
      throw new IllegalArgumentException("minAgeDays: must not be negative");
    }
    if (minConfidence != null && (minConfidence < 0 || minConfidence > 100)) {
      throw new IllegalArgumentException("minConfidence: between 0 and 100");
    }
    source = blank(source) ? null : source.strip();
    sort = sort == null || !SORTS.contains(sort) ? "age" : sort;
    dir = "asc".equalsIgnoreCase(dir) ? "asc" : "desc";
    page = page == null || page < 0 ? 0 : page;
    size = size == null || size < 1 ? 25 : Math.min(size, MAX_SIZE);
  }

  /** Everyone's unapplied cash, oldest first. */
  public static UnappliedFilter all() {
    return new UnappliedFilter("all", null, null, null, null, null, null, "age", "desc", 0, 25);
  }

  /** Every payment of one source system (an import, a benchmark), whoever owns the account. */
  public static UnappliedFilter ofSource(String sourceSystem) {
    return new UnappliedFilter(
        "all", null, null, null, null, null, sourceSystem, "age", "desc", 0, 25);
  }

  public UnappliedFilter withScope(String s) {
    return new UnappliedFilter(
        s, q, currency, region, minAgeDays, minConfidence, source, sort, dir, page, size);
  }

  public UnappliedFilter withPage(int p) {
    return new UnappliedFilter(
        scope, q, currency, region, minAgeDays, minConfidence, source, sort, dir, p, size);
  }

  /** In words, for a run's record: "team, EUR, older than 30 days". */
  public String describe() {
    StringBuilder s = new StringBuilder(scope == null ? "default scope" : scope);
    if (q != null) {
      s.append(", matching \"").append(q).append('"');
    }
    if (currency != null) {
      s.append(", ").append(currency);
    }
    if (region != null) {
      s.append(", ").append(region);
    }
    if (minAgeDays != null && minAgeDays > 0) {
      s.append(", older than ").append(minAgeDays).append(" days");
    }
    if (source != null) {
      s.append(", source ").append(source);
    }
    return s.length() > 300 ? s.substring(0, 300) : s.toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
