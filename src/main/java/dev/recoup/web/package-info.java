/**
 * Web: the shell (layout, navigation, errors) and the pages and API that compose several modules
 * for reading: home with the portfolio's aging, the accounts list and Account 360. It reads through
 * the modules' entry points and the balance summary the ledger publishes; it never writes, changes
 * go through the owning module's entry point.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {
      "shared",
      "access",
      "audit",
      "accounts",
      "ledger",
      "collections",
      "disputes",
      "promises",
      "refunds",
      "dunning",
      "suspension"
    })
package dev.recoup.web;
