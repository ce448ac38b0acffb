package dev.recoup;

import dev.recoup.shared.RecoupCommand;
import java.util.Arrays;
import java.util.Comparator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Recoup. With no arguments (or only {@code --option}s) it serves the web application; with a
 * command name first ({@code generate}, ...) it runs that command without a web server and exits.
 */
@SpringBootApplication
@EnableScheduling
public class RecoupApplication {

  public static void main(String[] args) {
    if (args.length > 0 && !args[0].startsWith("-")) {
      System.exit(runCommand(args));
    }
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(
          "java -jar recoup.jar                 serve http://localhost:${RECOUP_PORT:-8080}");
      System.out.println(
          "java -jar recoup.jar COMMAND ...     run a command (try: generate --help)");
      return;
    }
    SpringApplication.run(RecoupApplication.class, args);
  }

  private static int runCommand(String[] args) {
    String name = args[0];
    SpringApplication app = new SpringApplication(RecoupApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setDefaultProperties(
        java.util.Map.of(
            "recoup.command",
            name,
            "spring.main.banner-mode",
            "off",
            // A command is one short process beside (or instead of) the server: the server runs
            // the recurring jobs; here they would race the command's own work on the same rows.
            "db-scheduler.enabled",
            "false"));
    String[] springArgs = new String[0];
    String dataDir = System.getenv("RECOUP_DATA_DIR");
    if (name.equals("bench") && (dataDir == null || dataDir.isBlank())) {
      // Benchmarks keep their tier in a data directory of their own, never in the user's data.
      String tier = "S";
      for (int i = 1; i < args.length - 1; i++) {
        if (args[i].equals("--tier")) {
          tier = args[i + 1];
        }
      }
      springArgs =
          new String[] {"--recoup.data-dir=data/bench-" + tier.toLowerCase(java.util.Locale.ROOT)};
    }
    try (ConfigurableApplicationContext ctx = app.run(springArgs)) {
      var commands = ctx.getBeansOfType(RecoupCommand.class).values();
      RecoupCommand command =
          commands.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
      if (command == null) {
        System.err.println("Unknown command '" + name + "'. Commands:");
        commands.stream()
            .sorted(Comparator.comparing(RecoupCommand::name))
            .forEach(c -> System.err.println("  " + c.usage()));
        return 2;
      }
      String[] rest = Arrays.copyOfRange(args, 1, args.length);
      if (Arrays.asList(rest).contains("--help")) {
        System.out.println(command.usage());
        return 0;
      }
      try {
        return command.run(rest);
      } catch (IllegalArgumentException | IllegalStateException e) {
        System.err.println(name + ": " + e.getMessage());
        return 2;
      } catch (Exception e) {
        e.printStackTrace();
        return 1;
      }
    }
  }
}
