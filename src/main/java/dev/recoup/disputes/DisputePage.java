package dev.recoup.disputes;

import java.util.List;

/** One page of a dispute list, with the query that made it and how many match in all. */
public record DisputePage(List<Dispute> rows, long total, DisputeQuery query, String scope) {

  public long pages() {
    return Math.max(1, (total + query.size() - 1) / query.size());
  }
}
