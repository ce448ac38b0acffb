/**
 * Accounts: legal entities (functional currency, region, time zone, holidays), customer accounts
 * (parent hierarchy, DIRECT or PARTNER channel with end customers, owner, flags, payment-run
 * schedule) and their contacts. Every change is scope-checked through access and audited.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "access", "audit"})
package dev.recoup.accounts;
