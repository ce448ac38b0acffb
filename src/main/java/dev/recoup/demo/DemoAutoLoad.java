package dev.recoup.demo;

import dev.recoup.access.Passwords;
import dev.recoup.shared.DatabaseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * First start: loads the demo tier into an empty embedded database so that a newcomer has something
 * to work with. On an external database it loads only with {@code RECOUP_DEMO=true}.
 */
@Component
@Order(10)
class DemoAutoLoad implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoAutoLoad.class);

  private final DemoPortfolio portfolio;
  private final Environment env;
  private final String mode;
  private final long seed;
  private final String password;

  DemoAutoLoad(
      DemoPortfolio portfolio,
      Environment env,
      @Value("${recoup.demo.load:auto}") String mode,
      @Value("${recoup.demo.seed:42}") long seed,
      @Value("${recoup.demo.password:}") String password) {
    this.portfolio = portfolio;
    this.env = env;
    this.mode = mode;
    this.seed = seed;
    this.password = password;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (DatabaseMode.isCommand(env)) {
      return;
    }
    boolean wanted =
        "true".equalsIgnoreCase(mode)
            || ("auto".equalsIgnoreCase(mode) && DatabaseMode.isEmbedded(env));
    if (!wanted || !portfolio.isEmpty()) {
      return;
    }
    boolean generated = password == null || password.isBlank();
    String pw = generated ? Passwords.generate() : password;
    log.info("Empty database: loading the demo portfolio (tier demo, seed {})", seed);
    DemoPortfolio.LoadReport report = portfolio.load(Tier.DEMO, seed, false, pw);
    log.info("Loaded {}", report);
    DemoLogins.print(pw, generated);
  }
}
