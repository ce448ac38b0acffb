package dev.recoup.disputes;

import java.util.Set;

/**
 * What a dispute list shows: whose (mine, team, all), which status ("open" for every open status,
 * "all", or one status), reason, team, only those past their SLA, sort and page. Unknown values
 * fall back to the defaults, so a hand-edited URL never fails.
 */
public record DisputeQuery(
    String scope,
    String status,
    String reason,
    String team,
    boolean breachedOnly,
    Long accountId,
    String sort,
    String dir,
    int page,
    int size) {

  static final Set<String> SCOPES = Set.of("mine", "team", "all");
  static final Set<String> SORTS = Set.of("opened", "due", "amount", "account", "status", "age");

  public DisputeQuery {
    scope = scope == null || !SCOPES.contains(scope) ? null : scope;
    status = normalStatus(status);
    reason = blank(reason) ? null : reason.trim().toUpperCase(java.util.Locale.ROOT);
    team = normalTeam(team);
    sort =
        sort == null || !SORTS.contains(sort) ? ("open".equals(status) ? "due" : "opened") : sort;
    dir =
        "asc".equalsIgnoreCase(dir)
            ? "asc"
            : "desc".equalsIgnoreCase(dir)
                ? "desc"
                : (sort.equals("due") || sort.equals("account") ? "asc" : "desc");
    page = Math.max(page, 0);
    size = size <= 0 ? 50 : Math.min(size, 500);
  }

  /** Everything, for an export or an API page: the same filters, no paging. */
  public static DisputeQuery of(String scope, String status) {
    return new DisputeQuery(scope, status, null, null, false, null, null, null, 0, 50);
  }

  public DisputeQuery withScope(String s) {
    return new DisputeQuery(
        s, status, reason, team, breachedOnly, accountId, sort, dir, page, size);
  }

  /** The status a given one names, if it names one (null for "open" and "all"). */
  DisputeStatus statusFilter() {
    return "open".equals(status) || "all".equals(status) ? null : DisputeStatus.valueOf(status);
  }

  private static String normalStatus(String s) {
    if (blank(s)) {
      return "open";
    }
    String v = s.trim();
    if (v.equalsIgnoreCase("open") || v.equalsIgnoreCase("all")) {
      return v.toLowerCase(java.util.Locale.ROOT);
    }
    try {
      return DisputeStatus.valueOf(v.toUpperCase(java.util.Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      return "open";
    }
  }

  private static String normalTeam(String t) {
    if (blank(t)) {
      return null;
    }
    try {
      return DisputeTeam.valueOf(t.trim().toUpperCase(java.util.Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
