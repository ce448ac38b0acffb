package dev.recoup.web;

import dev.recoup.access.Access;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.AgingReport;
import dev.recoup.shared.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "Accounts", description = "Customer accounts with their balances")
class PortfolioApiController {

  private final AccountList list;
  private final Accounts accounts;
  private final Aging aging;
  private final Access access;

  PortfolioApiController(AccountList list, Accounts accounts, Aging aging, Access access) {
    this.list = list;
    this.accounts = accounts;
    this.aging = aging;
    this.access = access;
  }

  record AccountSummary(
      long id,
      String externalId,
      String name,
      String channel,
      String segment,
      String region,
      String status,
      String owner,
      Money open,
      Money pastDue,
      Money openReporting,
      Money pastDueReporting,
      int maxDaysPastDue,
      long openItems) {}

  record AccountPage(List<AccountSummary> items, int page, int size, long total) {}

  @GetMapping
  @Operation(
      summary = "Search and filter accounts, paged",
      description =
          "sort: name, pastDue, open, dpd, region, status; dir: asc|desc; bucket: 0 (current) .. 5"
              + " keeps accounts with an open amount in that aging bucket; owner: a username")
  AccountPage accounts(
      @org.springdoc.core.annotations.ParameterObject AccountFilter filter,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Long ownerId =
        filter.allOwners()
            ? null
            : access.user(filter.owner()).map(u -> u.id().value()).orElse(-1L);
    var names = access.usersById();
    AccountList.Page p = list.find(filter.toQuery(ownerId, page, size));
    return new AccountPage(
        p.rows().stream()
            .map(
                r ->
                    new AccountSummary(
                        r.id(),
                        r.externalId(),
                        r.name(),
                        r.channel(),
                        r.segment(),
                        r.region(),
                        r.status(),
                        r.ownerId() == null
                            ? null
                            : names.get(new dev.recoup.access.UserId(r.ownerId())).username(),
                        r.open(),
                        r.pastDue(),
                        r.openReporting(),
                        r.pastDueReporting(),
                        r.maxDaysPastDue(),
                        r.openItems()))
            .toList(),
        p.query().page(),
        p.query().size(),
        p.total());
  }

  record AccountDetail(
      Account account,
      List<Contact> contacts,
      List<Long> children,
      List<Long> endCustomers,
      AgingReport aging) {}

  @GetMapping("/{id}")
  @Operation(summary = "One account with its contacts, hierarchy and aging as of today")
  AccountDetail account(@PathVariable long id) {
    AccountId accountId = new AccountId(id);
    Account a = accounts.find(accountId).orElseThrow(() -> new Accounts.NoSuchAccount(accountId));
    return new AccountDetail(
        a,
        accounts.contacts(accountId),
        accounts.children(accountId).stream().map(c -> c.id().value()).toList(),
        accounts.endCustomers(accountId).stream().map(c -> c.id().value()).toList(),
        aging.account(accountId, aging.today()));
  }
}
