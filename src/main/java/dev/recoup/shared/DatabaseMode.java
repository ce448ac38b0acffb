package dev.recoup.shared;

import org.springframework.core.env.Environment;

/** Whether Recoup runs on its embedded PostgreSQL (no {@code RECOUP_DB_URL}) or an external one. */
public final class DatabaseMode {

  private DatabaseMode() {}

  public static boolean isEmbedded(Environment env) {
    return env.getProperty("recoup.db.url", "").isBlank();
  }

  /** Whether this JVM runs a command-line command rather than the web server. */
  public static boolean isCommand(Environment env) {
    return !env.getProperty("recoup.command", "").isBlank();
  }
}
