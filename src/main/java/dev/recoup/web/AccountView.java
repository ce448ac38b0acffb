package dev.recoup.web;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import dev.recoup.access.UserId;
import dev.recoup.accounts.Account;
import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.accounts.Contact;
import dev.recoup.accounts.LegalEntity;
import dev.recoup.collections.Activities;
import dev.recoup.collections.Activity;
import dev.recoup.collections.CollectionEmails;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.AgingReport;
import dev.recoup.ledger.CreditMemo;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import dev.recoup.ledger.Payment;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Account 360: everything about one account, gathered from the modules that own each part. */
@Component
class AccountView {

  record Account360(
      Account account,
      LegalEntity entity,
      User owner,
      Account parent,
      Account partner,
      List<Account> children,
      List<Account> endCustomers,
      Map<Long, String> endCustomerNames,
      List<Contact> contacts,
      AgingReport aging,
      List<Invoice> openInvoices,
      List<Invoice> recentInvoices,
      List<Payment> payments,
      List<CreditMemo> creditMemos,
      List<Ledger.PaymentTrendPoint> trend,
      boolean mayChange,
      boolean mayWork,
      List<Activity> timeline,
      List<CollectionEmails.Template> emailTemplates,
      LocalDate asOf) {}

  private final Accounts accounts;
  private final Ledger ledger;
  private final Aging aging;
  private final Access access;
  private final Activities activities;
  private final CollectionEmails emails;

  AccountView(
      Accounts accounts,
      Ledger ledger,
      Aging aging,
      Access access,
      Activities activities,
      CollectionEmails emails) {
    this.activities = activities;
    this.emails = emails;
    this.accounts = accounts;
    this.ledger = ledger;
    this.aging = aging;
    this.access = access;
  }

  Account360 of(AccountId id) {
    Account a = accounts.find(id).orElseThrow(() -> new Accounts.NoSuchAccount(id));
    LocalDate asOf = aging.today();
    Map<UserId, User> users = access.usersById();
    List<Account> endCustomers = accounts.endCustomers(id);
    return new Account360(
        a,
        accounts.entitiesById().get(a.entityId()),
        a.ownerId() == null ? null : users.get(a.ownerId()),
        a.parentId() == null ? null : accounts.find(a.parentId()).orElse(null),
        a.partnerId() == null ? null : accounts.find(a.partnerId()).orElse(null),
        accounts.children(id),
        endCustomers,
        endCustomers.stream().collect(Collectors.toMap(x -> x.id().value(), Account::name)),
        accounts.contacts(id),
        aging.account(id, asOf),
        ledger.invoices(id, true, 500),
        ledger.invoices(id, false, 100),
        ledger.payments(id, 50),
        ledger.creditMemos(id),
        ledger.paymentTrend(id, asOf),
        accounts.mayChange(a),
        activities.mayWork(a),
        activities.timeline(id, 100),
        emails.templates(),
        asOf);
  }
}
