package dev.recoup.collections;

import dev.recoup.shared.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One account on a worklist: its rank score, the top reasons in words, and what to do next. {@code
 * coveredFor} names the absent collector whose account this is, when the viewer is the backup;
 * {@code campaign} the running campaign that put it on this worklist.
 */
public record WorklistRow(
    long accountId,
    String accountName,
    String owner,
    String coveredFor,
    String campaign,
    BigDecimal score,
    List<String> reasons,
    String nextAction,
    Money pastDue,
    int maxDaysPastDue,
    BigDecimal averageDaysLate,
    LocalDate nextPaymentRun,
    Instant lastTouchAt,
    boolean doNotContact) {}
