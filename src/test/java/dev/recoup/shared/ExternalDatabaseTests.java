package dev.recoup.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.RecoupApplication;
import dev.recoup.support.RecoupTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Production mode: with RECOUP_DB_URL Recoup uses that PostgreSQL (here a fresh database on the
 * test server), migrates it with the same Flyway scripts, creates the first admin and loads no demo
 * data unless asked.
 */
@RecoupTest
class ExternalDatabaseTests {

  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;

  @Test
  void externalDatabaseIsMigratedAndGetsNoDemoDataUnlessAsked() throws Exception {
    String url = ((com.zaxxer.hikari.HikariDataSource) dataSource).getJdbcUrl();
    jdbc.sql("drop database if exists external_check").update();
    jdbc.sql("create database external_check").update();
    String externalUrl = url.replaceFirst("/recoup(\\?|$)", "/external_check$1");
    assertThat(externalUrl).contains("/external_check");

    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(RecoupApplication.class)
            .web(WebApplicationType.NONE)
            .profiles("test")
            // Command-line arguments, as RECOUP_DB_URL would, outrank application.properties.
            .run(
                "--recoup.db.url=" + externalUrl,
                "--recoup.db.user=postgres",
                "--recoup.db.password=",
                "--recoup.demo.load=auto",
                "--recoup.admin-password=external-admin-pw")) {
      JdbcClient external = JdbcClient.create(app.getBean(DataSource.class));
      assertThat(external.sql("select count(*) from customer_account").query(Long.class).single())
          .isZero();
      assertThat(
              external
                  .sql("select role from app_user where username = 'admin'")
                  .query(String.class)
                  .single())
          .isEqualTo("ADMIN");
      assertThat(
              external
                  .sql("select count(*) from flyway_schema_history where success")
                  .query(Long.class)
                  .single())
          .isGreaterThanOrEqualTo(4);
    }
  }
}
