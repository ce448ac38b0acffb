package dev.recoup.accounts;

import dev.recoup.access.UserId;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.Set;

/**
 * A bill-to customer. A PARTNER account is billed for its end customers (accounts whose {@code
 * partnerId} points to it); {@code parentId} builds corporate hierarchies. The payment-run days are
 * the weekdays on which the customer's accounts payable releases payments.
 */
public record Account(
    AccountId id,
    String sourceSystem,
    String externalId,
    String name,
    AccountId parentId,
    Channel channel,
    AccountId partnerId,
    String segment,
    String region,
    EntityId entityId,
    String currency,
    int paymentTermsDays,
    BigDecimal creditLimit,
    String riskRating,
    UserId ownerId,
    String salesOwner,
    AccountStatus status,
    boolean doNotContact,
    boolean legalHold,
    String language,
    Set<DayOfWeek> paymentRunDays,
    String notes) {}
