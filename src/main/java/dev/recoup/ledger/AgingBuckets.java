package dev.recoup.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The aging buckets, from {@code recoup.aging.bucket-limits} (default 30,60,90,120): "Current" (not
 * yet due), then one bucket per limit ("1-30", "31-60", ...), then the open-ended rest ("120+").
 */
@Component
public class AgingBuckets {

  private final int[] limits;
  private final List<String> labels;

  AgingBuckets(@Value("${recoup.aging.bucket-limits:30,60,90,120}") String limits) {
    this.limits =
        Arrays.stream(limits.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    for (int i = 0; i < this.limits.length; i++) {
      if (this.limits[i] <= 0 || (i > 0 && this.limits[i] <= this.limits[i - 1])) {
        throw new IllegalArgumentException(
            "recoup.aging.bucket-limits must be rising and positive");
      }
    }
    List<String> l = new ArrayList<>();
    l.add("Current");
    int from = 1;
    for (int limit : this.limits) {
      l.add(from + "-" + limit);
      from = limit + 1;
    }
    l.add((from - 1) + "+");
    this.labels = List.copyOf(l);
  }

  public List<String> labels() {
    return labels;
  }

  public int count() {
    return labels.size();
  }

  /** The first bucket whose items are all more than {@code days} past due (for "% over 90"). */
  public int firstBucketBeyond(int days) {
    for (int i = 0; i < limits.length; i++) {
      if (limits[i] >= days) {
        return i + 2;
      }
    }
    return limits.length + 1;
  }

  /** The bucket of an item {@code daysPastDue} days past due (0 = current). */
  public int bucketOf(long daysPastDue) {
    if (daysPastDue <= 0) {
      return 0;
    }
    for (int i = 0; i < limits.length; i++) {
      if (daysPastDue <= limits[i]) {
        return i + 1;
      }
    }
    return limits.length + 1;
  }

  /** The same rule as {@link #bucketOf} as a SQL expression over a days-past-due expression. */
  String sqlBucketOf(String daysPastDue) {
    StringBuilder sb = new StringBuilder("case when ").append(daysPastDue).append(" <= 0 then 0");
    for (int i = 0; i < limits.length; i++) {
      sb.append(" when ")
          .append(daysPastDue)
          .append(" <= ")
          .append(limits[i])
          .append(" then ")
          .append(i + 1);
    }
    return sb.append(" else ").append(limits.length + 1).append(" end").toString();
  }
}
