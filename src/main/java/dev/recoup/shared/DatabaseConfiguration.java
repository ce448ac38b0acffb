package dev.recoup.shared;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The database: an external PostgreSQL when {@code RECOUP_DB_URL} is set, otherwise an embedded
 * PostgreSQL 17 whose data lives under {@code RECOUP_DATA_DIR} (default {@code ./data}) and
 * survives restarts. One set of Flyway migrations serves both. See
 * docs/adr/0001-embedded-postgresql.md.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  /** One embedded server per data directory and JVM, shared by every Spring context in it. */
  private static final Map<Path, EmbeddedPostgres> EMBEDDED = new ConcurrentHashMap<>();

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(Environment env) throws IOException, SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("recoup");
    config.setMaximumPoolSize(env.getProperty("recoup.db.pool-size", Integer.class, 10));
    String url = env.getProperty("recoup.db.url", "");
    if (!url.isBlank()) {
      config.setJdbcUrl(url);
      config.setUsername(env.getProperty("recoup.db.user"));
      config.setPassword(env.getProperty("recoup.db.password"));
      log.info("Using external PostgreSQL at {}", url);
    } else {
      Path dir = Path.of(env.getProperty("recoup.data-dir", "./data")).toAbsolutePath().normalize();
      String database = env.getProperty("recoup.db.embedded-database", "recoup");
      EmbeddedPostgres pg =
          embedded(dir, env.getProperty("recoup.db.embedded-clean", Boolean.class, false));
      createDatabaseIfMissing(pg, database);
      config.setJdbcUrl(pg.getJdbcUrl("postgres", database));
      config.setUsername("postgres");
    }
    return new HikariDataSource(config);
  }

  private static EmbeddedPostgres embedded(Path dir, boolean clean) {
    return EMBEDDED.computeIfAbsent(
        dir,
        d -> {
          try {
            Path data = d.resolve("postgres");
            if (clean && Files.exists(data)) {
              deleteTree(data);
            }
            Files.createDirectories(data);
            log.info("Starting embedded PostgreSQL with data in {}", data);
            EmbeddedPostgres pg =
                EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("work_mem", "32MB")
                    .setServerConfig("maintenance_work_mem", "256MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("max_connections", "100")
                    // No replicas of a laptop database: bulk loads into tables truncated in the
                    // same transaction then skip the WAL.
                    .setServerConfig("wal_level", "minimal")
                    .setServerConfig("max_wal_senders", "0")
                    .start();
            Runtime.getRuntime()
                .addShutdownHook(
                    new Thread(
                        () -> {
                          try {
                            pg.close();
                          } catch (IOException e) {
                            log.warn("Embedded PostgreSQL did not stop cleanly", e);
                          }
                        }));
            return pg;
          } catch (IOException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start in " + d, e);
          }
        });
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres pg, String database)
      throws SQLException {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Invalid embedded database name: " + database);
    }
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
      if (!rs.next()) {
        s.execute("create database " + database);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
