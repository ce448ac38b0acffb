/**
 * Intake: getting the ERP's and the bank's data in, fast, safely and repeatably. CSV and Excel
 * files (NetSuite, SAP, Oracle and Recoup presets, saved column mappings) and single-record API
 * upserts for accounts, contacts, invoices, credit memos, payments and applications; every file
 * goes through {@code COPY} into staging, set-based validation and one merge per kind, so
 * re-importing a file changes nothing and a changed file updates only what changed. Rejected rows
 * are kept in quarantine with their row number, field and reason; control totals of the file stand
 * beside what was loaded. Also the reconciliation of the ERP's open items against Recoup's ledger.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"shared", "access", "audit", "accounts", "ledger"})
package dev.recoup.intake;
