package dev.recoup.ledger.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.accounts.Accounts;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.AgingReport;
import dev.recoup.ledger.Invoice;
import dev.recoup.ledger.Ledger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Ledger", description = "Invoices and aging")
class LedgerApiController {

  private final Ledger ledger;
  private final Aging aging;
  private final Accounts accounts;

  LedgerApiController(Ledger ledger, Aging aging, Accounts accounts) {
    this.ledger = ledger;
    this.aging = aging;
    this.accounts = accounts;
  }

  @GetMapping("/accounts/{id}/invoices")
  @Operation(summary = "An account's invoices, newest due first; status=open keeps open ones")
  List<Invoice> invoices(
      @PathVariable long id,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "500") int limit) {
    AccountId account = new AccountId(id);
    accounts.find(account).orElseThrow(() -> new Accounts.NoSuchAccount(account));
    if (status != null && !status.equalsIgnoreCase("open") && !status.equalsIgnoreCase("all")) {
      throw new IllegalArgumentException("status: open or all");
    }
    return ledger.invoices(
        account, "open".equalsIgnoreCase(status), Math.min(Math.max(limit, 1), 5000));
  }

  @GetMapping("/aging")
  @Operation(
      summary = "Portfolio aging as of a date",
      description =
          "Buckets per currency and in the reporting currency (converted at the latest FX rate on"
              + " or before the date, listed in fxRates). Defaults to today.")
  AgingReport aging(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate asOf) {
    return aging.portfolio(asOf == null ? aging.today() : asOf);
  }
}
