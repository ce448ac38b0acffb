package dev.recoup.demo;

import dev.recoup.access.NewUser;
import dev.recoup.access.Role;
import java.util.List;
import java.util.Map;

/**
 * The demo team: a manager, two leads, eight collectors who own portfolios by region, an auditor,
 * and three colleagues outside collections (billing, sales, support) who resolve disputes.
 */
final class DemoTeam {

  private DemoTeam() {}

  /** Collectors by region, in the order accounts are dealt to them. */
  static final Map<String, List<String>> COLLECTORS_BY_REGION =
      Map.of(
          "AMER", List.of("carlos", "chloe", "connor"),
          "EMEA", List.of("emma", "erik", "elena"),
          "APJ", List.of("aiko", "arjun"));

  static List<NewUser> members(String password) {
    return List.of(
        person("maria", "Maria Manager", Role.MANAGER, null, null, password),
        person("liam", "Liam Lead", Role.LEAD, null, "AMER", password),
        person("lena", "Lena Lead", Role.LEAD, null, "EMEA", password),
        person("carlos", "Carlos Collector", Role.COLLECTOR, "liam", "AMER", password),
        person("chloe", "Chloe Collector", Role.COLLECTOR, "liam", "AMER", password),
        person("connor", "Connor Collector", Role.COLLECTOR, "liam", "AMER", password),
        person("emma", "Emma Collector", Role.COLLECTOR, "lena", "EMEA", password),
        person("erik", "Erik Collector", Role.COLLECTOR, "lena", "EMEA", password),
        person("elena", "Elena Collector", Role.COLLECTOR, "lena", "EMEA", password),
        person("aiko", "Aiko Collector", Role.COLLECTOR, "lena", "APJ", password),
        person("arjun", "Arjun Collector", Role.COLLECTOR, "lena", "APJ", password),
        person("audrey", "Audrey Auditor", Role.AUDITOR, null, null, password),
        // outside collections: disputes are routed to them by reason
        person("bianca", "Bianca Billing", Role.RESOLVER, null, null, password),
        person("sam", "Sam Sales", Role.RESOLVER, null, null, password),
        person("sunny", "Sunny Support", Role.RESOLVER, null, null, password));
  }

  private static NewUser person(
      String username, String name, Role role, String lead, String region, String password) {
    return new NewUser(username, name, username + "@recoup.example", role, lead, region, password);
  }
}
