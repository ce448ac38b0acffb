package dev.recoup.accounts;

import java.time.ZoneId;

/** A subsidiary that issues invoices, in its functional currency and its own time zone. */
public record LegalEntity(
    EntityId id,
    String code,
    String name,
    String functionalCurrency,
    String region,
    ZoneId timeZone,
    String country,
    String address) {}
