package dev.recoup.demo;

/** Portfolio sizes of quality.md: demo for a first run, S for CI smoke, M the reference tier. */
public enum Tier {
  DEMO(2_000),
  S(10_000),
  M(100_000);

  final int accounts;

  Tier(int accounts) {
    this.accounts = accounts;
  }

  public int accounts() {
    return accounts;
  }

  public static Tier parse(String s) {
    return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
