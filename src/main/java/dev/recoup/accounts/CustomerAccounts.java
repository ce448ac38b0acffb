package dev.recoup.accounts;

import dev.recoup.access.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The customer_account, contact and legal_entity tables. */
@Repository
class CustomerAccounts {

  private final JdbcClient jdbc;

  CustomerAccounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Account> byId(AccountId id) {
    return jdbc.sql("select * from customer_account where id = ?")
        .param(id.value())
        .query(CustomerAccounts::map)
        .optional();
  }

  Optional<Account> byExternalId(String sourceSystem, String externalId) {
    return jdbc.sql("select * from customer_account where source_system = ? and external_id = ?")
        .params(sourceSystem, externalId)
        .query(CustomerAccounts::map)
        .optional();
  }

  List<Account> children(AccountId id) {
    return jdbc.sql("select * from customer_account where parent_id = ? order by name")
        .param(id.value())
        .query(CustomerAccounts::map)
        .list();
  }

  List<Account> endCustomers(AccountId partner) {
    return jdbc.sql("select * from customer_account where partner_id = ? order by name")
        .param(partner.value())
        .query(CustomerAccounts::map)
        .list();
  }

  List<Contact> contacts(AccountId id) {
    return jdbc.sql("select * from contact where account_id = ? order by role, name")
        .param(id.value())
        .query(
            (rs, n) ->
                new Contact(
                    rs.getLong("id"),
                    new AccountId(rs.getLong("account_id")),
                    rs.getString("name"),
                    rs.getString("role"),
                    rs.getString("email"),
                    rs.getString("phone"),
                    rs.getString("time_zone"),
                    rs.getString("preferred_channel")))
        .list();
  }

  long insertContact(AccountId account, NewContact c, OffsetDateTime at) {
    return jdbc.sql(
            """
            insert into contact (account_id, name, role, email, phone, time_zone, preferred_channel,
                                 created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(
            account.value(),
            c.name(),
            c.role(),
            c.email(),
            c.phone(),
            c.timeZone(),
            c.preferredChannel() == null ? "EMAIL" : c.preferredChannel(),
            at)
        .query(Long.class)
        .single();
  }

  List<LegalEntity> entities() {
    return jdbc.sql("select * from legal_entity order by code")
        .query(
            (rs, n) ->
                new LegalEntity(
                    new EntityId(rs.getLong("id")),
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("functional_currency"),
                    rs.getString("region"),
                    ZoneId.of(rs.getString("time_zone")),
                    rs.getString("country"),
                    rs.getString("address")))
        .list();
  }

  Set<java.time.LocalDate> holidays(EntityId entity) {
    return jdbc.sql("select holiday from entity_holiday where entity_id = ?")
        .param(entity.value())
        .query(java.time.LocalDate.class)
        .set();
  }

  void update(Account a, OffsetDateTime at) {
    jdbc.sql(
            """
            update customer_account set do_not_contact = ?, legal_hold = ?, language = ?,
              payment_run_days = ?, notes = ?, status = ?, owner_id = ?, sales_owner = ?,
              updated_at = ?
            where id = ?""")
        .params(
            a.doNotContact(),
            a.legalHold(),
            a.language(),
            formatDays(a.paymentRunDays()),
            a.notes(),
            a.status().name(),
            a.ownerId() == null ? null : a.ownerId().value(),
            a.salesOwner(),
            at,
            a.id().value())
        .update();
  }

  static String formatDays(Set<DayOfWeek> days) {
    return days.stream()
        .sorted()
        .map(d -> d.name().substring(0, 3))
        .collect(Collectors.joining(","));
  }

  static Set<DayOfWeek> parseDays(String s) {
    if (s == null || s.isBlank()) {
      return EnumSet.noneOf(DayOfWeek.class);
    }
    EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    Arrays.stream(s.split(","))
        .map(String::trim)
        .forEach(
            d ->
                Arrays.stream(DayOfWeek.values())
                    .filter(w -> w.name().startsWith(d))
                    .findFirst()
                    .ifPresent(days::add));
    return days;
  }

  static Account map(ResultSet rs, int row) throws SQLException {
    return new Account(
        new AccountId(rs.getLong("id")),
        rs.getString("source_system"),
        rs.getString("external_id"),
        rs.getString("name"),
        optionalAccount(rs, "parent_id"),
        Channel.valueOf(rs.getString("channel")),
        optionalAccount(rs, "partner_id"),
        rs.getString("segment"),
        rs.getString("region"),
        new EntityId(rs.getLong("entity_id")),
        rs.getString("currency"),
        rs.getInt("payment_terms_days"),
        rs.getBigDecimal("credit_limit"),
        rs.getString("risk_rating"),
        rs.getObject("owner_id") == null ? null : new UserId(rs.getLong("owner_id")),
        rs.getString("sales_owner"),
        AccountStatus.valueOf(rs.getString("status")),
        rs.getBoolean("do_not_contact"),
        rs.getBoolean("legal_hold"),
        rs.getString("language"),
        parseDays(rs.getString("payment_run_days")),
        rs.getString("notes"));
  }

  private static AccountId optionalAccount(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : new AccountId(v);
  }
}
