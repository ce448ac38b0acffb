package dev.recoup.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.support.RecoupTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit trail is append-only in the database itself, and its hash chain exposes tampering. */
@RecoupTest
class AuditTrailIntegrationTests {

  @Autowired AuditTrail audit;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  @Test
  void databaseRefusesToUpdateDeleteOrTruncateTheTrail() {
    assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'mallory'").update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("delete from audit_event").update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("truncate audit_event").update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("append-only");
  }

  @Test
  void recordingNeedsTheCallersTransaction() {
    assertThatThrownBy(() -> audit.record("test.event", "test", 1, null, null, null))
        .isInstanceOf(IllegalTransactionStateException.class);
  }

  @Test
  void eachRecordExtendsTheChainAndVerifies() {
    AuditEvent e =
        tx.execute(
            s ->
                audit.recordAs(
                    "tester", "test.event", "test", 1, Map.of("a", 1), Map.of("a", 2), "why"));
    assertThat(e.prevHash()).hasSize(64);
    ChainVerification v = audit.verify();
    assertThat(v.valid()).isTrue();
    assertThat(v.headHash()).isEqualTo(e.hash());
  }

  @Test
  void aForgedRowBreaksTheChainAtThatRow() {
    // Inside a transaction that is rolled back, so the forgery never reaches other tests.
    tx.executeWithoutResult(
        s -> {
          long forged =
              jdbc.sql(
                      """
                      insert into audit_event (occurred_at, actor, action, subject_type, subject_id,
                        prev_hash, hash)
                      values (now(), 'mallory', 'account.changed', 'account', '1', ?, ?) returning id""")
                  .params(audit.verify().headHash(), "f".repeat(64))
                  .query(Long.class)
                  .single();
          ChainVerification v = audit.verify();
          assertThat(v.valid()).isFalse();
          assertThat(v.firstBrokenId()).isEqualTo(forged);
          s.setRollbackOnly();
        });
    assertThat(audit.verify().valid()).isTrue();
  }
}
