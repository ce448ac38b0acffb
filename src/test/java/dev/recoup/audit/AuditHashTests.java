package dev.recoup.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditHashTests {

  static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");

  String hash(String prev, String actor, String before, String after, String reason) {
    return AuditTrail.hash(
        prev, AT, actor, "account.changed", "account", "7", before, after, reason);
  }

  @Test
  void anyChangedFieldChangesTheHash() {
    String h = hash(AuditTrail.GENESIS, "carlos", "{\"a\":1}", "{\"a\":2}", "why");
    assertThat(h)
        .hasSize(64)
        .isEqualTo(hash(AuditTrail.GENESIS, "carlos", "{\"a\":1}", "{\"a\":2}", "why"));
    assertThat(hash(AuditTrail.GENESIS, "carla", "{\"a\":1}", "{\"a\":2}", "why")).isNotEqualTo(h);
    assertThat(hash(AuditTrail.GENESIS, "carlos", "{\"a\":1}", "{\"a\":3}", "why")).isNotEqualTo(h);
    assertThat(hash("1".repeat(64), "carlos", "{\"a\":1}", "{\"a\":2}", "why")).isNotEqualTo(h);
  }

  @Test
  void fieldBoundariesAndNullsCannotBeShuffled() {
    assertThat(hash(AuditTrail.GENESIS, "ab", "c", null, null))
        .isNotEqualTo(hash(AuditTrail.GENESIS, "a", "bc", null, null));
    assertThat(hash(AuditTrail.GENESIS, "a", null, "", null))
        .isNotEqualTo(hash(AuditTrail.GENESIS, "a", "", null, null));
  }
}
