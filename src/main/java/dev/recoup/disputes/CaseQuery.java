package dev.recoup.disputes;

import dev.recoup.accounts.AccountId;
import java.util.Locale;
import java.util.Set;

/**
 * What a case queue shows: a scope (mine, team, all), optionally one type, which statuses, where
 * the cases stand against their SLA, one account; sorted and paged.
 *
 * @param sort one of due, age, opened, account, type, status, assignee (else due)
 * @param dir asc or desc (else asc)
 */
public record CaseQuery(
    CaseScope scope,
    CaseType type,
    Showing showing,
    CaseSla sla,
    AccountId account,
    String sort,
    String dir,
    int page,
    int size) {

  /** Which statuses: ACTIVE is open or waiting on the customer (not resolved). */
  public enum Showing {
    ACTIVE,
    OPEN,
    WAITING_ON_CUSTOMER,
    RESOLVED,
    ANY
  }

  static final Set<String> SORTS =
      Set.of("due", "age", "opened", "account", "type", "status", "assignee");
  static final int MAX_SIZE = 500;

  public CaseQuery {
    scope = scope == null ? CaseScope.ALL : scope;
    showing = showing == null ? Showing.ACTIVE : showing;
    sort = sort == null || !SORTS.contains(sort.toLowerCase(Locale.ROOT)) ? "due" : sort;
    dir = "desc".equalsIgnoreCase(dir) ? "desc" : "asc";
    page = Math.max(0, page);
    size = size < 1 ? 50 : Math.min(size, MAX_SIZE);
  }

  /** Every case of one account the viewer may see, newest first. */
  public static CaseQuery ofAccount(AccountId account) {
    return new CaseQuery(
        CaseScope.ALL, null, Showing.ANY, null, account, "opened", "desc", 0, MAX_SIZE);
  }

  public CaseQuery withType(CaseType t) {
    return new CaseQuery(scope, t, showing, sla, account, sort, dir, page, size);
  }
}
