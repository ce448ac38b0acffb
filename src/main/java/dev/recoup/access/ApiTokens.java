package dev.recoup.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API tokens, kept only as SHA-256 digests: a leaked table reveals no usable token. */
@Repository
class ApiTokens {

  static final String PREFIX = "rcp_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;

  ApiTokens(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates a token and returns its clear text, which is never stored. */
  String issue(long userId, String name, OffsetDateTime at) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    jdbc.sql("insert into api_token (user_id, name, token_hash, created_at) values (?, ?, ?, ?)")
        .params(userId, name, digest(token), at)
        .update();
    return token;
  }

  Optional<String> usernameFor(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            select u.username from api_token t join app_user u on u.id = t.user_id
            where t.token_hash = ? and t.revoked_at is null and u.enabled""")
        .param(digest(token))
        .query(String.class)
        .optional();
  }

  static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
