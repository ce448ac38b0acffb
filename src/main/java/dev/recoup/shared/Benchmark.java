package dev.recoup.shared;

import java.util.List;

/**
 * A performance benchmark a module contributes to {@code java -jar recoup.jar bench}: it measures
 * its own operation beside the raw SQL that does the same work, on the data already loaded.
 */
public interface Benchmark {

  /** Short name used by {@code bench --only}. */
  String name();

  List<Measurement> measure();
}
