package dev.recoup.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.audit.AuditEvent;
import dev.recoup.audit.AuditTrail;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.time.DayOfWeek;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/** Collectors maintain their customers' records; every change is scoped and audited. */
@RecoupTest
class AccountRecordIntegrationTests {

  @Autowired Accounts accounts;
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

  AccountId firstAccountOf(String username) {
    long owner = access.user(username).orElseThrow().id().value();
    return new AccountId(
        jdbc.sql("select min(id) from customer_account where owner_id = ?")
            .param(owner)
            .query(Long.class)
            .single());
  }

  @Test
  void collectorRecordsThePaymentRunAndFlagsOfItsOwnCustomerWithAnAuditTrail() {
    AccountId mine = firstAccountOf("chloe");
    signInAs("chloe");

    Account after =
        accounts.change(
            mine,
            new AccountChange(
                true, null, "de", "TUE,FRI", "AP pays on Tuesdays and Fridays", null, null, null),
            "customer asked for no calls");

    assertThat(after.doNotContact()).isTrue();
    assertThat(after.language()).isEqualTo("de");
    assertThat(after.paymentRunDays())
        .containsExactlyInAnyOrder(DayOfWeek.TUESDAY, DayOfWeek.FRIDAY);
    assertThat(accounts.find(mine).orElseThrow()).isEqualTo(after);
    AuditEvent event = audit.historyOf("account", mine.value(), 1).get(0);
    assertThat(event.actor()).isEqualTo("chloe");
    assertThat(event.action()).isEqualTo("account.changed");
    assertThat(event.reason()).isEqualTo("customer asked for no calls");
    assertThat(event.before()).contains("\"doNotContact\":false");
    assertThat(event.after()).contains("\"doNotContact\":true").contains("\"language\":\"de\"");
  }

  @Test
  void collectorCannotChangeAnotherCollectorsAccount() {
    AccountId emmas = firstAccountOf("emma");
    Account before = accounts.find(emmas).orElseThrow();
    signInAs("chloe");

    assertThatThrownBy(
            () ->
                accounts.change(
                    emmas, new AccountChange(null, true, null, null, null, null, null, null), null))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(accounts.find(emmas).orElseThrow()).isEqualTo(before);
  }

  @Test
  void onlyALeadOrAboveReassignsAnAccount() {
    AccountId account = firstAccountOf("connor");
    signInAs("connor");
    assertThatThrownBy(
            () ->
                accounts.change(
                    account,
                    new AccountChange(null, null, null, null, null, null, "carlos", null),
                    null))
        .isInstanceOf(AccessDeniedException.class);

    signInAs("liam");
    Account moved =
        accounts.change(
            account,
            new AccountChange(null, null, null, null, null, null, "chloe", null),
            "rebalance");
    assertThat(moved.ownerId()).isEqualTo(access.user("chloe").orElseThrow().id());
    assertThat(audit.historyOf("account", account.value(), 1).get(0).actor()).isEqualTo("liam");
  }

  @Test
  void auditorChangesNothing() {
    AccountId account = firstAccountOf("aiko");
    signInAs("audrey");
    assertThatThrownBy(
            () ->
                accounts.addContact(
                    account, new NewContact("Eve", "AP", "eve@example.com", null, null, null)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(accounts.contacts(account)).extracting(Contact::name).doesNotContain("Eve");
  }

  @Test
  void addsAContactToItsCustomer() {
    AccountId mine = firstAccountOf("arjun");
    signInAs("arjun");
    Contact c =
        accounts.addContact(
            mine,
            new NewContact(
                "Kiran Rao",
                "ESCALATION",
                "kiran@example.com",
                "+91 80 1234 5678",
                "Asia/Kolkata",
                null));
    assertThat(accounts.contacts(mine)).contains(c);
    assertThat(Set.of(audit.historyOf("account", mine.value(), 1).get(0).action()))
        .containsExactly("contact.added");
  }
}
