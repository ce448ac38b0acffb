package dev.recoup.promises;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A promise as a collector records it from a call or the API. Without invoices it covers the
 * account's past-due items in that currency; the currency defaults to the invoices' or the
 * account's.
 */
public record NewPromise(
    @NotNull BigDecimal amount,
    String currency,
    @NotNull LocalDate promisedOn,
    List<Long> invoiceIds,
    @NotBlank String channel,
    @Size(max = 200) String contactName,
    @Size(max = 5000) String notes) {}
