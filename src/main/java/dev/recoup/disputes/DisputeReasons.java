package dev.recoup.disputes;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reason codes and their routing (table dispute_reason). */
@Repository
class DisputeReasons {

  private final JdbcClient jdbc;

  DisputeReasons(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<DisputeReason> all() {
    return jdbc.sql("select * from dispute_reason order by position, code").query(this::map).list();
  }

  Optional<DisputeReason> find(String code) {
    return jdbc.sql("select * from dispute_reason where code = ?")
        .param(code)
        .query(this::map)
        .optional();
  }

  void update(String code, int slaDays, DisputeTeam team, String ownerUsername) {
    jdbc.sql("update dispute_reason set sla_days = ?, team = ?, owner_username = ? where code = ?")
        .params(slaDays, team.name(), ownerUsername, code)
        .update();
  }

  private DisputeReason map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new DisputeReason(
        rs.getString("code"),
        rs.getString("label"),
        rs.getInt("sla_days"),
        DisputeTeam.valueOf(rs.getString("team")),
        rs.getString("owner_username"),
        rs.getInt("position"));
  }
}
