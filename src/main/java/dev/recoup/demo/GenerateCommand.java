package dev.recoup.demo;

import dev.recoup.access.Passwords;
import dev.recoup.shared.RecoupCommand;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code generate --tier demo|S|M [--seed N] [--replace]}: loads a generated portfolio into the
 * configured database without starting the web server, and reports how long it took.
 */
@Component
class GenerateCommand implements RecoupCommand {

  private final DemoPortfolio portfolio;
  private final String demoPassword;

  GenerateCommand(DemoPortfolio portfolio, @Value("${recoup.demo.password:}") String demoPassword) {
    this.portfolio = portfolio;
    this.demoPassword = demoPassword;
  }

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String usage() {
    return "generate --tier demo|S|M [--seed N] [--replace]   load a generated portfolio";
  }

  @Override
  public int run(String... args) {
    Tier tier = Tier.DEMO;
    long seed = 42;
    boolean replace = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tier" -> tier = Tier.parse(value(args, ++i, "--tier"));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
        case "--replace" -> replace = true;
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + usage());
      }
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
