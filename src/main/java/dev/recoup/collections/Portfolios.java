package dev.recoup.collections;

import dev.recoup.access.Access;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.ledger.Aging;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Who may work an account today: whoever may change it (its owner, a lead or above), and the backup
 * of an absent owner.
 */
@Component
class Portfolios {

  private final Accounts accounts;
  private final Access access;
  private final Absences absences;
  private final Aging aging;
  private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

  Portfolios(
      Accounts accounts,
      Access access,
      Absences absences,
      Aging aging,
      org.springframework.jdbc.core.simple.JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.access = access;
    this.absences = absences;
    this.aging = aging;
  }

  Account requireMayWork(AccountId id) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    if (!mayWork(account)) {
      throw new AccessDeniedException("This account is not in your portfolio nor covered by you");
    }
    return account;
  }

  boolean mayWork(Account account) {
    if (access.mayChangeAccountOwnedBy(account.ownerId())) {
      return true;
    }
    return access
        .currentActor()
        .map(
            me ->
                absences.covers(me.id(), account.ownerId(), aging.today())
                    || inRunningCampaignOf(account, me.id().value()))
        .orElse(false);
  }

  /** Whether a running campaign gave this account to this person. */
  private boolean inRunningCampaignOf(Account account, long userId) {
    return jdbc.sql(
            """
            select exists (select 1 from campaign_account ca join campaign c on c.id = ca.campaign_id
                           where ca.account_id = ? and ca.assignee_id = ?
                             and ? between c.starts_on and c.ends_on)""")
        .params(account.id().value(), userId, aging.today())
        .query(Boolean.class)
        .single();
  }
}
