package dev.recoup.collections;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * A call, note or meeting to log. A call needs its outcome; a next action date takes the account
 * off the worklist until that date.
 */
public record NewActivity(
    @NotNull ActivityKind kind,
    CallOutcome outcome,
    Long contactId,
    @Size(max = 10_000) String notes,
    @Size(max = 200) String nextAction,
    LocalDate nextActionOn) {}
