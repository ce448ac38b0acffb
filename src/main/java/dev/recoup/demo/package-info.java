/**
 * Demo: the {@code generate} and {@code bench} commands; the deterministic generator of a realistic
 * global SaaS receivables ledger (tiers demo, S, M of quality.md) and the demo team, loaded through
 * each module's bulk COPY path, or written as Recoup-shape CSV files ({@code generate --out DIR},
 * whose headers are the intake module's canonical fields). On a first start with an empty embedded
 * database it loads the demo tier so that Recoup is usable at once.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"shared", "access", "audit", "accounts", "ledger", "disputes", "intake"})
package dev.recoup.demo;
