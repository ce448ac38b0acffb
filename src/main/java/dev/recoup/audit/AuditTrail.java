package dev.recoup.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail. Rows are chained: each row's hash covers the previous row's hash and its own
 * content, so changing or removing any row breaks every hash after it.
 */
@Service
public class AuditTrail {

  static final String GENESIS = "0".repeat(64);

  /** Serialises appends so that the chain has a single, gap-free order. */
  private static final long CHAIN_LOCK = 0x5245434f5550L; // "RECOUP"

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  AuditTrail(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Records one state change in the caller's transaction (there must be one: a change and its audit
   * row commit together). {@code before} and {@code after} are serialised to JSON; either may be
   * null (creation, deletion).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public AuditEvent record(
      String action,
      String subjectType,
      Object subjectId,
      Object before,
      Object after,
      String reason) {
    return recordAs(currentActor(), action, subjectType, subjectId, before, after, reason);
  }

  /** As {@link #record}, for work done by the system itself (startup, scheduled jobs, commands). */
  @Transactional(propagation = Propagation.MANDATORY)
  public AuditEvent recordAs(
      String actor,
      String action,
      String subjectType,
      Object subjectId,
      Object before,
      Object after,
      String reason) {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleRow();
    String prev =
        jdbc.sql("select hash from audit_event order by id desc limit 1")
            .query(String.class)
            .optional()
            .orElse(GENESIS);
    Instant at = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    String id = subjectId == null ? null : String.valueOf(subjectId);
    String beforeJson = toJson(before);
    String afterJson = toJson(after);
    String hash = hash(prev, at, actor, action, subjectType, id, beforeJson, afterJson, reason);
    long rowId =
        jdbc.sql(
                """
                insert into audit_event (occurred_at, actor, action, subject_type, subject_id,
                  before_state, after_state, reason, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                actor,
                action,
                subjectType,
                id,
                beforeJson,
                afterJson,
                reason,
                prev,
                hash)
            .query(Long.class)
            .single();
    return new AuditEvent(
        rowId, at, actor, action, subjectType, id, beforeJson, afterJson, reason, prev, hash);
  }

  /** Recomputes the whole chain, streaming it in order. */
  @Transactional(readOnly = true)
  public ChainVerification verify() {
    AtomicReference<String> expectedPrev = new AtomicReference<>(GENESIS);
    AtomicLong rows = new AtomicLong();
    AtomicReference<Long> broken = new AtomicReference<>();
    jdbc.sql(
            """
            select id, occurred_at, actor, action, subject_type, subject_id, before_state,
                   after_state, reason, prev_hash, hash
            from audit_event order by id""")
        .query(
            rs -> {
              if (broken.get() != null) {
                return;
              }
              rows.incrementAndGet();
              Instant at = rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
              String prev = rs.getString("prev_hash");
              String recomputed =
                  hash(
                      prev,
                      at,
                      rs.getString("actor"),
                      rs.getString("action"),
                      rs.getString("subject_type"),
                      rs.getString("subject_id"),
                      rs.getString("before_state"),
                      rs.getString("after_state"),
                      rs.getString("reason"));
              if (!prev.equals(expectedPrev.get()) || !recomputed.equals(rs.getString("hash"))) {
                broken.set(rs.getLong("id"));
                return;
              }
              expectedPrev.set(recomputed);
            });
    return new ChainVerification(
        broken.get() == null, rows.get(), broken.get(), expectedPrev.get());
  }

  /** The most recent events about one record, newest first. */
  public List<AuditEvent> historyOf(String subjectType, Object subjectId, int limit) {
    return jdbc.sql(
            """
            select * from audit_event where subject_type = ? and subject_id = ?
            order by id desc limit ?""")
        .params(subjectType, String.valueOf(subjectId), limit)
        .query(AuditTrail::map)
        .list();
  }

  /** The most recent events, newest first, optionally only those of one actor. */
  public List<AuditEvent> recent(String actor, int limit) {
    return jdbc.sql(
            """
            select * from audit_event where (cast(? as varchar) is null or actor = ?)
            order by id desc limit ?""")
        .params(actor, actor, limit)
        .query(AuditTrail::map)
        .list();
  }

  private static AuditEvent map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new AuditEvent(
        rs.getLong("id"),
        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("subject_type"),
        rs.getString("subject_id"),
        rs.getString("before_state"),
        rs.getString("after_state"),
        rs.getString("reason"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  private String toJson(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    return json.writeValueAsString(value);
  }

  private static String currentActor() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null || !auth.isAuthenticated() ? "system" : auth.getName();
  }

  static String hash(
      String prev,
      Instant at,
      String actor,
      String action,
      String subjectType,
      String subjectId,
      String before,
      String after,
      String reason) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part :
          new String[] {
            prev, at.toString(), actor, action, subjectType, subjectId, before, after, reason
          }) {
        // Length-prefixed fields: "ab"+"c" and "a"+"bc" must not hash alike; null differs from "".
        String p = part == null ? "" : part;
        sha.update(((part == null ? -1 : p.length()) + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(p.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
