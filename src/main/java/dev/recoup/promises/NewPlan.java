package dev.recoup.promises;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A plan as a collector proposes it: which invoices, over how many months, what down payment. */
public record NewPlan(
    @NotEmpty List<Long> invoiceIds,
    @NotNull Integer months,
    @NotNull BigDecimal downPayment,
    @NotNull LocalDate firstDueOn,
    @Size(max = 5000) String notes) {}
