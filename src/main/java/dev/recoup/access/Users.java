package dev.recoup.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Users {

  private final JdbcClient jdbc;

  Users(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<User> byUsername(String username) {
    return jdbc.sql("select * from app_user where username = ?")
        .param(username)
        .query(Users::map)
        .optional();
  }

  Optional<String> passwordHashOf(String username) {
    return jdbc.sql("select password_hash from app_user where username = ? and enabled")
        .param(username)
        .query(String.class)
        .optional();
  }

  List<User> all() {
    return jdbc.sql("select * from app_user order by role, username").query(Users::map).list();
  }

  boolean exists(String username) {
    return jdbc.sql("select count(*) from app_user where username = ?")
            .param(username)
            .query(Integer.class)
            .single()
        > 0;
  }

  long insert(NewUser u, Long leadId, String passwordHash, OffsetDateTime at) {
    return jdbc.sql(
            """
            insert into app_user (username, display_name, email, role, lead_id, region,
                                  password_hash, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(
            u.username(),
            u.displayName(),
            u.email(),
            u.role().name(),
            leadId,
            u.region(),
            passwordHash,
            at)
        .query(Long.class)
        .single();
  }

  void changePassword(long userId, String passwordHash) {
    jdbc.sql("update app_user set password_hash = ? where id = ?")
        .params(passwordHash, userId)
        .update();
  }

  static User map(ResultSet rs, int row) throws SQLException {
    long lead = rs.getLong("lead_id");
    return new User(
        new UserId(rs.getLong("id")),
        rs.getString("username"),
        rs.getString("display_name"),
        rs.getString("email"),
        Role.valueOf(rs.getString("role")),
        rs.wasNull() ? null : new UserId(lead),
        rs.getString("region"),
        rs.getBoolean("enabled"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
