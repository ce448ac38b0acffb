package dev.recoup.accounts;

import dev.recoup.shared.BulkCopy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk loads of entities, accounts and contacts through COPY, for the demo generator and ERP
 * imports. Callers assign ids themselves (so that they can refer to rows before loading them) and
 * call {@link Batch#load()} inside their transaction.
 */
@Service
public class AccountsBulkLoad {

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final Accounts accounts;

  AccountsBulkLoad(DataSource dataSource, JdbcClient jdbc, Clock clock, Accounts accounts) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.clock = clock;
    this.accounts = accounts;
  }

  public record EntityRow(
      long id,
      String code,
      String name,
      String functionalCurrency,
      String region,
      String timeZone,
      String country,
      String address) {}

  public record AccountRow(
      long id,
      String sourceSystem,
      String externalId,
      String name,
      Long parentId,
      Channel channel,
      Long partnerId,
      String segment,
      String region,
      long entityId,
      String currency,
      int paymentTermsDays,
      BigDecimal creditLimit,
      String riskRating,
      Long ownerId,
      String salesOwner,
      AccountStatus status,
      String language,
      String paymentRunDays) {}

  /** A contact; {@code sourceSystem} and {@code externalId} name it in the ERP (or are null). */
  public record ContactRow(
      long accountId,
      String name,
      String role,
      String email,
      String phone,
      String timeZone,
      String sourceSystem,
      String externalId) {

    public ContactRow(
        long accountId, String name, String role, String email, String phone, String timeZone) {
      this(accountId, name, role, email, phone, timeZone, null, null);
    }
  }

  public Batch batch() {
    return new Batch();
  }

  /** Removes every account, contact and entity: only for replacing a generated portfolio. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void clear() {
    jdbc.sql(
            "truncate contact, customer_account, entity_holiday, legal_entity restart identity cascade")
        .update();
    accounts.entitiesChanged();
  }

  /** Rows staged for one load; {@link #load()} copies them in foreign-key order. */
  public final class Batch implements AutoCloseable {
    private final BulkCopy entities =
        new BulkCopy(
            "legal_entity",
            "id, code, name, functional_currency, region, time_zone, country, address");
    private final BulkCopy holidays = new BulkCopy("entity_holiday", "entity_id, holiday, name");
    private final BulkCopy accountRows =
        new BulkCopy(
            "customer_account",
            "id, source_system, external_id, name, parent_id, channel, partner_id, segment, region,"
                + " entity_id, currency, payment_terms_days, credit_limit, risk_rating, owner_id,"
                + " sales_owner, status, language, payment_run_days, created_at, updated_at");
    private final BulkCopy contacts =
        new BulkCopy(
            "contact",
            "account_id, name, role, email, phone, time_zone, created_at, source_system,"
                + " external_id");
    private final OffsetDateTime at =
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);

    private Batch() {}

    public void entity(EntityRow e) {
      entities.add(
          w ->
              w.add(e.id())
                  .add(e.code())
                  .add(e.name())
                  .add(e.functionalCurrency())
                  .add(e.region())
                  .add(e.timeZone())
                  .add(e.country())
                  .add(e.address()));
    }

    public void holiday(long entityId, LocalDate day, String name) {
      holidays.add(w -> w.add(entityId).add(day).add(name));
    }

    public void account(AccountRow a) {
      accountRows.add(
          w ->
              w.add(a.id())
                  .add(a.sourceSystem())
                  .add(a.externalId())
                  .add(a.name())
                  .add(a.parentId())
                  .add(a.channel().name())
                  .add(a.partnerId())
                  .add(a.segment())
                  .add(a.region())
                  .add(a.entityId())
                  .add(a.currency())
                  .add(a.paymentTermsDays())
                  .add(a.creditLimit())
                  .add(a.riskRating())
                  .add(a.ownerId())
                  .add(a.salesOwner())
                  .add(a.status().name())
                  .add(a.language())
                  .add(a.paymentRunDays())
                  .add(at.toString())
                  .add(at.toString()));
    }

    public void contact(ContactRow c) {
      contacts.add(
          w ->
              w.add(c.accountId())
                  .add(c.name())
                  .add(c.role())
                  .add(c.email())
                  .add(c.phone())
                  .add(c.timeZone())
                  .add(at.toString())
                  .add(c.sourceSystem())
                  .add(c.externalId()));
    }

    public long accountCount() {
      return accountRows.count();
    }

    /** Copies the staged rows in foreign-key order; call it inside the caller's transaction. */
    public void load() {
      entities.load(dataSource);
      holidays.load(dataSource);
      accountRows.load(dataSource);
      contacts.load(dataSource);
      for (String t : new String[] {"legal_entity", "customer_account", "contact"}) {
        BulkCopy.advanceIdentity(jdbc, t);
      }
      accounts.entitiesChanged();
    }

    @Override
    public void close() {
      entities.close();
      holidays.close();
      accountRows.close();
      contacts.close();
    }
  }
}
