package dev.recoup.dunning;

import dev.recoup.accounts.AccountId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a run covers: the whole portfolio (what the daily run does), or a few accounts (a test's
 * small portfolio). A run is keyed by its business date and its scope's key.
 */
public record RunScope(Set<AccountId> accounts) {

  private static final RunScope PORTFOLIO = new RunScope(null);

  public RunScope {
    accounts = accounts == null ? null : Set.copyOf(accounts);
  }

  public static RunScope portfolio() {
    return PORTFOLIO;
  }

  public static RunScope of(java.util.Collection<AccountId> accounts) {
    if (accounts == null || accounts.isEmpty()) {
      throw new IllegalArgumentException("accounts: a scoped run names at least one account");
    }
    return new RunScope(Set.copyOf(accounts));
  }

  public boolean isPortfolio() {
    return accounts == null;
  }

  /** "portfolio", or "accounts:" and the sorted ids (digested when long). */
  public String key() {
    if (accounts == null) {
      return "portfolio";
    }
    String ids =
        new TreeSet<>(accounts.stream().map(AccountId::value).toList())
            .stream().map(String::valueOf).collect(Collectors.joining(","));
    String key = "accounts:" + ids;
    if (key.length() <= 200) {
      return key;
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(ids.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return "accounts#" + accounts.size() + ":" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Long[] ids() {
    return accounts == null ? null : accounts.stream().map(AccountId::value).toArray(Long[]::new);
  }

  List<Long> idList() {
    return accounts == null ? List.of() : accounts.stream().map(AccountId::value).toList();
  }
}
