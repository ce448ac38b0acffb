package dev.recoup.demo;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.accounts.AccountsBulkLoad;
import dev.recoup.audit.AuditTrail;
import dev.recoup.disputes.DisputeHistory;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.LedgerBulkLoad;
import dev.recoup.shared.BulkCopy;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads a generated portfolio (and the demo team that owns it) in one transaction through the
 * modules' COPY paths, then refreshes the balance summary. All or nothing: a failure leaves the
 * database as it was.
 */
@Service
public class DemoPortfolio {

  private static final Logger log = LoggerFactory.getLogger(DemoPortfolio.class);

  private final Access access;
  private final AccountsBulkLoad accounts;
  private final LedgerBulkLoad ledger;
  private final DisputeHistory disputes;
  private final Aging aging;
  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final org.springframework.context.ApplicationEventPublisher events;

  DemoPortfolio(
      Access access,
      AccountsBulkLoad accounts,
      LedgerBulkLoad ledger,
      DisputeHistory disputes,
      Aging aging,
      AuditTrail audit,
      JdbcClient jdbc,
      TransactionTemplate tx,
      org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.access = access;
    this.accounts = accounts;
    this.ledger = ledger;
    this.disputes = disputes;
    this.aging = aging;
    this.audit = audit;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /** What a load did and how long each phase took. */
  public record LoadReport(
      Tier tier,
      long seed,
      LocalDate asOf,
      long accounts,
      long contacts,
      long invoices,
      long payments,
      long creditMemos,
      long applications,
      Duration generateAndCopy,
      Duration refresh,
      Duration total) {

    @Override
    public String toString() {
      return String.format(
          "tier %s (seed %d, as of %s): %,d accounts, %,d contacts, %,d invoices, %,d payments,"
              + " %,d credit memos, %,d applications; generate+COPY %.1f s, balances %.1f s,"
              + " total %.1f s",
          tier,
          seed,
          asOf,
          accounts,
          contacts,
          invoices,
          payments,
          creditMemos,
          applications,
          generateAndCopy.toMillis() / 1000.0,
          refresh.toMillis() / 1000.0,
          total.toMillis() / 1000.0);
    }
  }

  public long accountCount() {
    return jdbc.sql("select count(*) from customer_account").query(Long.class).single();
  }

  public boolean isEmpty() {
    return jdbc.sql("select not exists (select 1 from customer_account)")
        .query(Boolean.class)
        .single();
  }

  /**
   * Generates and loads a tier. With {@code replace} the current accounts and ledger are removed
   * first (the audit trail stays and records the replacement); without it the database must be
   * empty. The demo team's password is set to {@code password}.
   */
  public LoadReport load(Tier tier, long seed, boolean replace, String password) {
    long t0 = System.nanoTime();
    LocalDate asOf = aging.today();
    long[] phase = new long[1];
    PortfolioGenerator.Summary summary =
        tx.execute(
            status -> {
              if (!isEmpty() && !replace) {
                throw new IllegalStateException(
                    "The database already holds a portfolio; use --replace to replace it");
              }
              // Truncating in this transaction, even empty tables, lets PostgreSQL skip the WAL
              // for the COPY that follows (wal_level=minimal on the embedded server).
              ledger.clear();
              accounts.clear();
              access.ensureUsers(DemoTeam.members(password), "demo team for tier " + tier);
              Map<String, List<Long>> owners = new LinkedHashMap<>();
              for (var region : DemoTeam.COLLECTORS_BY_REGION.entrySet()) {
                List<Long> ids = new ArrayList<>();
                for (String username : region.getValue()) {
                  access
                      .user(username)
                      .filter(u -> u.role() == Role.COLLECTOR)
                      .map(User::id)
                      .ifPresent(id -> ids.add(id.value()));
                }
                owners.put(region.getKey(), ids);
              }
              PortfolioGenerator.Summary s;
              try (AccountsBulkLoad.Batch a = accounts.batch();
                  LedgerBulkLoad.Batch l = ledger.batch()) {
                s =
                    new PortfolioGenerator(tier, seed, asOf, owners)
                        .generate(PortfolioSink.into(a, l));
                log.info("Generated tier {}: copying {} invoices", tier, l.invoiceCount());
                BulkCopy.withDeferredIndexes(
                    jdbc,
                    List.of(
                        "legal_entity",
                        "entity_holiday",
                        "customer_account",
                        "contact",
                        "fx_rate",
                        "invoice",
                        "credit_memo",
                        "payment",
                        "application",
                        "account_balance",
                        "account_summary"),
                    () -> {
                      a.load();
                      l.load();
                    });
              }
              phase[0] = System.nanoTime();
              jdbc.sql("analyze").update(); // statistics for the refresh below
              // Dispute history joins the ledger just loaded; its open disputes are disputed
              // amounts, which the balance refresh below then reads.
              long disputed = disputes.generate(seed, asOf);
              log.info("Generated {} disputes on the tier {} ledger", disputed, tier);
              aging.refreshBalances(asOf);
              audit.recordAs(
                  "system",
                  "portfolio.generated",
                  "portfolio",
                  tier.name(),
                  null,
                  Map.of(
                      "tier",
                      tier.name(),
                      "seed",
                      seed,
                      "asOf",
                      asOf.toString(),
                      "accounts",
                      s.accounts(),
                      "invoices",
                      s.invoices(),
                      "payments",
                      s.payments()),
                  replace ? "replaced the portfolio" : "loaded into an empty database");
              return s;
            });
    // Outside the transaction (VACUUM cannot run in one): sets the visibility map so that aging
    // reads the open items by index only, and refreshes the planner's statistics.
    jdbc.sql("vacuum analyze").update();
    events.publishEvent(new PortfolioLoaded(tier, asOf));
    long t2 = System.nanoTime();
    return new LoadReport(
        tier,
        seed,
        asOf,
        summary.accounts(),
        summary.contacts(),
        summary.invoices(),
        summary.payments(),
        summary.creditMemos(),
        summary.applications(),
        Duration.ofNanos(phase[0] - t0),
        Duration.ofNanos(t2 - phase[0]),
        Duration.ofNanos(t2 - t0));
  }
}
