package dev.recoup.intake;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.audit.AuditTrail;
import dev.recoup.shared.NoSuchRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Column mappings people save by name to use again: which header of the ERP's file feeds which
 * canonical field of a kind, fixed values, the date order and the decimal separator. Names are
 * unique per kind (ignoring case); saving under a name that exists replaces that mapping. The
 * built-in presets ({@link Presets}) stand beside them and are not stored.
 */
@Service
public class SavedMappings {

  /** A mapping as saved, with who saved it last and when. */
  public record SavedMapping(long id, ColumnMapping mapping, String updatedBy, Instant updatedAt) {

    public String name() {
      return mapping.name();
    }

    public ImportKind kind() {
      return mapping.kind();
    }
  }

  private static final Set<Role> MAY_CHANGE = Set.of(Role.LEAD, Role.MANAGER, Role.ADMIN);
  private static final TypeReference<LinkedHashMap<String, String>> TEXT_MAP =
      new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final Access access;
  private final AuditTrail audit;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();

  SavedMappings(JdbcClient jdbc, Access access, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Saves {@code mapping} under its name for its kind, replacing a mapping of that kind with the
   * same name. Only fields of the kind may be mapped; blank headers and values are dropped.
   */
  @Transactional
  public SavedMapping save(ColumnMapping mapping) {
    String actor = requireMayChange();
    ColumnMapping m = validated(mapping);
    Optional<SavedMapping> before = find(m.kind(), m.name());
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    long id;
    if (before.isPresent()) {
      id = before.get().id();
      jdbc.sql(
              """
              update saved_mapping set name = ?, source_system = ?, columns = cast(? as jsonb),
                constants = cast(? as jsonb), date_order = ?, decimal_separator = ?,
                updated_by = ?, updated_at = ?
              where id = ?""")
          .params(
              m.name(),
              m.sourceSystem(),
              json.writeValueAsString(m.columns()),
              json.writeValueAsString(m.constants()),
              m.dateOrder().name(),
              String.valueOf(m.decimalSeparator()),
              actor,
              now,
              id)
          .update();
    } else {
      id =
          jdbc.sql(
                  """
                  insert into saved_mapping (name, kind, source_system, columns, constants,
                    date_order, decimal_separator, created_by, created_at, updated_by, updated_at)
                  values (?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?, ?, ?)
                  returning id""")
              .params(
                  m.name(),
                  m.kind().name(),
                  m.sourceSystem(),
                  json.writeValueAsString(m.columns()),
                  json.writeValueAsString(m.constants()),
                  m.dateOrder().name(),
                  String.valueOf(m.decimalSeparator()),
                  actor,
                  now,
                  actor,
                  now)
              .query(Long.class)
              .single();
    }
    SavedMapping saved = find(id).orElseThrow();
    audit.record(
        before.isPresent() ? "mapping.replaced" : "mapping.saved",
        "saved_mapping",
        id,
        before.map(SavedMapping::mapping).orElse(null),
        saved.mapping(),
        null);
    return saved;
  }

  /** The saved mappings of one kind, by name. */
  public List<SavedMapping> list(ImportKind kind) {
    return jdbc.sql("select * from saved_mapping where kind = ? order by lower(name)")
        .param(kind.name())
        .query(this::row)
        .list();
  }

  /** Every saved mapping, by kind then name. */
  public List<SavedMapping> all() {
    return jdbc.sql("select * from saved_mapping order by kind, lower(name)")
        .query(this::row)
        .list();
  }

  public Optional<SavedMapping> find(long id) {
    return jdbc.sql("select * from saved_mapping where id = ?")
        .param(id)
        .query(this::row)
        .optional();
  }

  /** The mapping of {@code kind} saved under {@code name} (ignoring case). */
  public Optional<SavedMapping> find(ImportKind kind, String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return jdbc.sql("select * from saved_mapping where kind = ? and lower(name) = lower(?)")
        .params(kind.name(), name.strip())
        .query(this::row)
        .optional();
  }

  /** Loads a saved mapping by id; {@link NoSuchRecord} when there is none. */
  public ColumnMapping load(long id) {
    return find(id)
        .map(SavedMapping::mapping)
        .orElseThrow(() -> new NoSuchRecord("No saved mapping " + id));
  }

  @Transactional
  public void delete(long id) {
    requireMayChange();
    SavedMapping before = find(id).orElseThrow(() -> new NoSuchRecord("No saved mapping " + id));
    jdbc.sql("delete from saved_mapping where id = ?").param(id).update();
    audit.record("mapping.deleted", "saved_mapping", id, before.mapping(), null, null);
  }

  private String requireMayChange() {
    Actor actor =
        access
            .currentActor()
            .orElseThrow(() -> new AccessDeniedException("Sign in to save mappings"));
    if (!MAY_CHANGE.contains(actor.role())) {
      throw new AccessDeniedException("Leads, managers and admins save column mappings");
    }
    return actor.username();
  }

  /** Checks a mapping before it is stored; the reasons name the form's fields. */
  static ColumnMapping validated(ColumnMapping m) {
    if (m.kind() == null) {
      throw new IllegalArgumentException("kind: choose what the file holds");
    }
    String name = m.name() == null ? "" : m.name().strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: give the mapping a name");
    }
    if (name.length() > 100) {
      throw new IllegalArgumentException("name: at most 100 characters");
    }
    String source = m.sourceSystem() == null ? null : m.sourceSystem().strip();
    if (source != null && source.length() > 32) {
      throw new IllegalArgumentException("sourceSystem: at most 32 characters");
    }
    if (m.decimalSeparator() != '.' && m.decimalSeparator() != ',') {
      throw new IllegalArgumentException("decimalSeparator: '.' or ','");
    }
    Map<String, String> columns = fieldsOnly(m.kind(), m.columns(), "columns");
    Map<String, String> constants = fieldsOnly(m.kind(), m.constants(), "constants");
    for (String required : m.kind().required()) {
      if (!columns.containsKey(required) && !constants.containsKey(required)) {
        throw new IllegalArgumentException(
            required + ": a " + m.kind().slug() + " mapping needs a column or a fixed value");
      }
    }
    return new ColumnMapping(
        name,
        m.kind(),
        source == null || source.isEmpty() ? null : source,
        columns,
        constants,
        m.dateOrder() == null ? DateOrder.MDY : m.dateOrder(),
        m.decimalSeparator());
  }

  /**
   * Keys a mapping may name besides the kind's fields (see the parsing layer): the ERP's document
   * type and SAP's clearing document as columns, the sign of amounts as a fixed value.
   */
  public static final List<String> EXTRA_COLUMNS =
      List.of("document_type", "clearing_document", RowMapper.FISCAL_YEAR);

  public static final List<String> EXTRA_CONSTANTS = List.of("amount_sign");

  private static Map<String, String> fieldsOnly(
      ImportKind kind, Map<String, String> values, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    if (values == null) {
      return out;
    }
    List<String> allowed = new java.util.ArrayList<>(kind.fields());
    allowed.addAll(what.equals("columns") ? EXTRA_COLUMNS : EXTRA_CONSTANTS);
    for (String key : values.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(what + ": " + key + " is not a field of " + kind.slug());
      }
    }
    for (String field : allowed) {
      String v = values.get(field);
      if (v != null && !v.isBlank()) {
        out.put(field, v.strip());
      }
    }
    return out;
  }

  private SavedMapping row(ResultSet rs, int n) throws SQLException {
    String sep = rs.getString("decimal_separator");
    return new SavedMapping(
        rs.getLong("id"),
        new ColumnMapping(
            rs.getString("name"),
            ImportKind.valueOf(rs.getString("kind")),
            rs.getString("source_system"),
            json.readValue(rs.getString("columns"), TEXT_MAP),
            json.readValue(rs.getString("constants"), TEXT_MAP),
            DateOrder.valueOf(rs.getString("date_order")),
            sep == null || sep.isEmpty() ? '.' : sep.charAt(0)),
        rs.getString("updated_by"),
        rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant());
  }
}
