package dev.recoup.demo;

import dev.recoup.access.Passwords;
import dev.recoup.shared.RecoupCommand;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code generate --tier demo|S|M [--seed N] [--replace]}: loads a generated portfolio into the
 * configured database without starting the web server, and reports how long it took. With {@code
 * --out DIR} it writes the same portfolio as Recoup-shape CSV files instead and leaves the database
 * alone (for import benchmarks, and for people to try imports): the files of a tier, seed and date
 * re-imported into a database loaded with the same tier, seed and date change nothing.
 */
@Component
class GenerateCommand implements RecoupCommand {

  private final DemoPortfolio portfolio;
  private final String demoPassword;
  private final java.time.Clock clock;

  GenerateCommand(
      DemoPortfolio portfolio,
      @Value("${recoup.demo.password:}") String demoPassword,
      java.time.Clock clock) {
    this.portfolio = portfolio;
    this.demoPassword = demoPassword;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String usage() {
    return "generate --tier demo|S|M [--seed N] [--replace]   load a generated portfolio\n"
        + "  generate --tier demo|S|M [--seed N] [--as-of DATE] [--no-owners] --out DIR"
        + "   write it as Recoup CSV files instead";
  }

  @Override
  public int run(String... args) {
    Tier tier = Tier.DEMO;
    long seed = 42;
    boolean replace = false;
    java.nio.file.Path out = null;
    java.time.LocalDate asOf = java.time.LocalDate.now(clock);
    boolean owners = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tier" -> tier = Tier.parse(value(args, ++i, "--tier"));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
        case "--replace" -> replace = true;
        case "--out" -> out = java.nio.file.Path.of(value(args, ++i, "--out"));
        case "--as-of" -> asOf = java.time.LocalDate.parse(value(args, ++i, "--as-of"));
        case "--no-owners" -> owners = false;
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + usage());
      }
    }
    if (out != null) {
      System.out.printf(
          "Writing tier %s (%,d accounts, seed %d, as of %s) to %s ...%n",
          tier, tier.accounts(), seed, asOf, out.toAbsolutePath());
      long t0 = System.nanoTime();
      var written = GeneratedFiles.write(tier, seed, asOf, out, owners);
      System.out.printf(
          "Wrote %s in %.1f s%n", written, (System.nanoTime() - t0) / 1_000_000_000.0);
      return 0;
    }
    boolean generated = demoPassword == null || demoPassword.isBlank();
    String password = generated ? Passwords.generate() : demoPassword;
    System.out.printf(
        "Generating tier %s (%,d accounts) with seed %d ...%n", tier, tier.accounts(), seed);
    DemoPortfolio.LoadReport report = portfolio.load(tier, seed, replace, password);
    System.out.println("Loaded " + report);
    DemoLogins.print(password, generated);
    return 0;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
