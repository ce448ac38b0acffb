package dev.recoup.disputes;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a customer contests: a reason code, notes, and one or more invoices of the account, each for
 * an amount (blank: all that is still collectible on it). {@code clientReference} is the caller's
 * own id for the dispute: sending it again returns the dispute already raised.
 */
public record NewDispute(
    @NotBlank(message = "choose a reason") String reason,
    @Size(max = 4000) String notes,
    @NotEmpty(message = "choose at least one invoice") List<@Valid @NotNull Item> invoices,
    @Size(max = 100) String clientReference) {

  /** One contested invoice; a null amount disputes all that is collectible on it. */
  public record Item(@NotNull(message = "name the invoice") Long invoiceId, BigDecimal amount) {}
}
