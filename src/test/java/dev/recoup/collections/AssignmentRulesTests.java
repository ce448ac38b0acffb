package dev.recoup.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.audit.AuditTrail;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/** A lead decides who owns which accounts by rule, and applies the rules in one audited move. */
@RecoupTest
class AssignmentRulesTests {

  @Autowired AssignmentRules rules;
  @Autowired Access access;
  @Autowired AuditTrail audit;
  @Autowired JdbcClient jdbc;

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

  void signInAs(String username) {
    SignedIn.as(access, username);
  }

  @Test
  void bigApjDirectEnterpriseAccountsGoToArjunByRule() {
    signInAs("aiko");
    assertThatThrownBy(() -> rules.add(1, "APJ", null, null, null, "aiko"))
        .isInstanceOf(AccessDeniedException.class);

    signInAs("lena");
    var rule = rules.add(1, "APJ", "ENTERPRISE", "DIRECT", new BigDecimal("100000"), "arjun");
    try {
      int moved = rules.apply(false);

      long arjun = access.user("arjun").orElseThrow().id().value();
      List<Long> matching =
          jdbc.sql(
                  """
                  select a.owner_id from customer_account a join account_summary s on s.account_id = a.id
                  where a.region = 'APJ' and a.segment = 'ENTERPRISE' and a.channel = 'DIRECT'
                    and s.open_total_rc >= 100000""")
              .query(Long.class)
              .list();
      assertThat(matching).isNotEmpty().containsOnly(arjun);
      assertThat(moved).isPositive();
      assertThat(audit.recent("lena", 5))
          .extracting(e -> e.action())
          .contains("accounts.reassigned");
      assertThat(rules.apply(false)).as("applying again moves nothing").isZero();
    } finally {
      rules.remove(rule.id());
    }
  }
}
