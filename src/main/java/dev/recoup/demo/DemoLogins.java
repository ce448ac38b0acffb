package dev.recoup.demo;

import dev.recoup.access.NewUser;

/** Prints the demo team's sign-ins once, when their password was set. */
final class DemoLogins {

  private DemoLogins() {}

  static void print(String password, boolean generated) {
    StringBuilder sb = new StringBuilder("\n  Recoup demo team (sign in at /login):\n");
    for (NewUser u : DemoTeam.members(password)) {
      sb.append(String.format("    %-8s %-10s %s%n", u.username(), u.role(), u.displayName()));
    }
    sb.append(
        generated
            ? "  Password for all of them: "
                + password
                + "  (shown only now; set RECOUP_DEMO_PASSWORD to choose it)\n"
            : "  Password for all of them: the value of RECOUP_DEMO_PASSWORD\n");
    System.out.println(sb);
  }
}
