package dev.recoup.dunning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A dunning strategy: which accounts it applies to (segment, channel, risk class, entity; null
 * matches any, the most specific strategy wins) and its steps in the order of their days.
 */
public record DunningStrategy(
    long id,
    String name,
    String segment,
    String channel,
    String riskRating,
    String entityCode,
    boolean active,
    List<DunningStep> steps,
    String updatedBy,
    Instant updatedAt) {

  /** How many criteria the strategy names: the more, the more specific. */
  public int specificity() {
    int n = 0;
    for (String c : new String[] {segment, channel, riskRating, entityCode}) {
      if (c != null) {
        n++;
      }
    }
    return n;
  }

  /** Whom it applies to, in words: "channel PARTNER, entity UK" or "every account". */
  public String appliesTo() {
    List<String> parts = new ArrayList<>();
    if (segment != null) {
      parts.add("segment " + segment);
    }
    if (channel != null) {
      parts.add("channel " + channel);
    }
    if (riskRating != null) {
      parts.add("risk " + riskRating);
    }
    if (entityCode != null) {
      parts.add("entity " + entityCode);
    }
    return parts.isEmpty() ? "every account" : String.join(", ", parts);
  }

  /** Whether the strategy's criteria match an account's. */
  public boolean matches(String segment, String channel, String riskRating, String entityCode) {
    return (this.segment == null || this.segment.equals(segment))
        && (this.channel == null || this.channel.equals(channel))
        && (this.riskRating == null || this.riskRating.equals(riskRating))
        && (this.entityCode == null || this.entityCode.equals(entityCode));
  }
}
