package dev.recoup.disputes;

import java.util.List;
import java.util.Map;

/**
 * One page of a case queue, with how many cases of each type the same filters find (for the type
 * tabs) and where the scope stands: active, waiting on the customer, breached and due today.
 */
public record CaseQueue(
    CaseQuery query,
    List<CustomerCase> rows,
    long total,
    Map<CaseType, Long> countsByType,
    long active,
    long waiting,
    long breached,
    long dueToday) {

  public int pages() {
    return (int) Math.max(1, (total + query.size() - 1) / query.size());
  }
}
