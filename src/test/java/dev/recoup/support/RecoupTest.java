package dev.recoup.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a real embedded PostgreSQL with the demo portfolio, served on a random
 * port, with a settable clock at {@link #TODAY}. Every test class with this annotation shares one
 * Spring context and one database (loaded once per test JVM).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(RecoupTest.Clocks.class)
public @interface RecoupTest {

  String TODAY = "2026-11-20";
  String DEMO_PASSWORD = "demo-password-1";
  String ADMIN_PASSWORD = "admin-password-1";

  @TestConfiguration(proxyBeanMethods = false)
  class Clocks {
    @Bean
    @Primary
    SettableClock settableClock() {
      return new SettableClock(Instant.parse(TODAY + "T12:00:00Z"));
    }
  }
}
