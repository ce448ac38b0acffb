package dev.recoup.dunning;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Account 360's dunning section: the strategy that applies, each step issued for each item, the
 * messages sent, the approvals, and whether the viewer may ask for a demand letter. The section's
 * template reads it as {@code @accountDunning.of(id)}.
 */
@Service("accountDunning")
public class AccountDunning {

  /** What the section shows. */
  public record Section(
      String strategy,
      List<Dunning.HistoryEntry> history,
      List<Dunning.SentLetter> letters,
      List<Approvals.Approval> approvals,
      boolean mayRequestDemandLetter) {}

  private final Dunning dunning;
  private final Approvals approvals;
  private final Strategies strategies;
  private final Accounts accounts;
  private final Access access;

  AccountDunning(
      Dunning dunning,
      Approvals approvals,
      Strategies strategies,
      Accounts accounts,
      Access access) {
    this.dunning = dunning;
    this.approvals = approvals;
    this.strategies = strategies;
    this.accounts = accounts;
    this.access = access;
  }

  @Transactional(readOnly = true)
  public Section of(AccountId id) {
    Account account = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    boolean person =
        access
            .currentActor()
            .map(a -> a.role() != Role.SYSTEM && a.role() != Role.AUDITOR)
            .orElse(false);
    return new Section(
        strategies.strategyFor(account).map(DunningStrategy::name).orElse("none"),
        dunning.historyOf(id, 100),
        dunning.lettersTo(id, 30),
        approvals.ofAccount(id),
        person
            && access.mayChangeAccountOwnedBy(account.ownerId())
            && !account.legalHold()
            && !account.doNotContact());
  }
}
