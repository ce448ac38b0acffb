package dev.recoup.access;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At every start, makes sure the first admin exists. There is no default password: it is taken from
 * {@code RECOUP_ADMIN_PASSWORD} or generated and printed exactly once, at the first start.
 */
@Component
@Order(0)
class FirstAdmin implements ApplicationRunner {

  private final Access access;
  private final String configured;

  FirstAdmin(Access access, @Value("${recoup.admin-password:}") String configured) {
    this.access = access;
    this.configured = configured;
  }

  @Override
  public void run(ApplicationArguments args) {
    access
        .ensureFirstAdmin(configured)
        .ifPresent(
            generated ->
                System.out.printf(
                    "%n  Recoup: the first admin is 'admin' with password %s%n"
                        + "  (shown only now; set RECOUP_ADMIN_PASSWORD to choose it)%n%n",
                    generated));
  }
}
