package dev.recoup.web;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.ledger.LedgerExports;
import dev.recoup.ledger.UnappliedCash;
import dev.recoup.ledger.UnappliedFilter;
import dev.recoup.shared.TableExport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The ledger's lists as CSV or Excel ({@code .csv} or {@code .xlsx}): every open item, the aging of
 * each account per currency as of a date, and the unapplied cash. They take the accounts list's
 * filters; like the list, a collector gets its own portfolio unless it asks for {@code owner=all}.
 * Rows stream from the database to the download.
 */
@Controller
class ExportsController {

  private final LedgerExports exports;
  private final UnappliedCash unapplied;
  private final Access access;

  ExportsController(LedgerExports exports, UnappliedCash unapplied, Access access) {
    this.exports = exports;
    this.unapplied = unapplied;
    this.access = access;
  }

  @GetMapping({"/exports/open-items.csv", "/exports/open-items.xlsx"})
  void openItems(AccountFilter filter, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    LedgerExports.AccountFilter scope = scope(filter);
    Map<Long, String> owners = owners();
    try (TableExport out =
        TableExport.open(
            request,
            response,
            "open-items-" + exports.today(),
            "Invoice",
            "Source system",
            "External ID",
            "Account external ID",
            "Account",
            "End customer",
            "Entity",
            "Owner",
            "Issued",
            "Due",
            "Days past due",
            "Bucket",
            "PO",
            "Kind",
            "Status",
            "Currency",
            "Amount",
            "Open",
            "Disputed")) {
      exports.openItems(
          scope,
          i ->
              out.row(
                  i.number(),
                  i.sourceSystem(),
                  i.externalId(),
                  i.accountExternalId(),
                  i.accountName(),
                  i.endCustomerName(),
                  i.entityCode(),
                  i.ownerId() == null ? null : owners.get(i.ownerId()),
                  i.issueDate(),
                  i.dueDate(),
                  i.daysPastDue(),
                  i.bucket(),
                  i.poNumber(),
                  i.kind(),
                  i.status(),
                  i.open().currencyCode(),
                  i.amount(),
                  i.open(),
                  i.disputed()));
    }
  }

  @GetMapping({"/exports/aging.csv", "/exports/aging.xlsx"})
  void aging(
      AccountFilter filter,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    LocalDate date = asOf == null ? exports.today() : asOf;
    LedgerExports.AccountFilter scope = scope(filter);
    try (TableExport out =
        TableExport.open(request, response, "aging-" + date, exports.accountAgingHeader())) {
      exports.writeAccountAging(scope, date, owners(), out);
    }
  }

  /**
   * The unapplied-cash worklist ({@code /cash}) with its filter: whose accounts, search, currency,
   * region, age, confidence, source system and order.
   */
  @GetMapping({"/exports/unapplied-cash.csv", "/exports/unapplied-cash.xlsx"})
  void unappliedCash(
      UnappliedFilter filter, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try (TableExport out =
        TableExport.open(
            request,
            response,
            "unapplied-cash-" + exports.today(),
            "Payment",
            "Source system",
            "Reference",
            "Account external ID",
            "Account",
            "Region",
            "Owner",
            "Value date",
            "Days unapplied",
            "Method",
            "Currency",
            "Amount",
            "Unapplied",
            "Unapplied (reporting)",
            "Reporting currency",
            "Best match confidence",
            "Remittance text")) {
      unapplied.forEach(
          filter,
          p ->
              out.row(
                  p.externalId(),
                  p.sourceSystem(),
                  p.reference(),
                  p.accountExternalId(),
                  p.accountName(),
                  p.region(),
                  p.ownerName(),
                  p.valueDate(),
                  p.ageDays(),
                  p.method(),
                  p.unapplied().currencyCode(),
                  p.amount(),
                  p.unapplied(),
                  p.unappliedReporting(),
                  p.unappliedReporting() == null ? null : p.unappliedReporting().currencyCode(),
                  p.bestConfidence(),
                  p.remittanceText()));
    }
  }

  /**
   * The accounts list's filters as the ledger takes them; as on the list, a collector that names no
   * owner gets its own portfolio, and {@code owner=all} the whole team's.
   */
  private LedgerExports.AccountFilter scope(AccountFilter filter) {
    Actor me = access.currentActor().orElseThrow();
    AccountFilter effective =
        filter.owner() == null && me.role() == Role.COLLECTOR
            ? filter.withOwner(me.username())
            : filter;
    Long ownerId =
        effective.allOwners()
            ? null
            : access.user(effective.owner()).map(u -> u.id().value()).orElse(-1L);
    return new LedgerExports.AccountFilter(
        effective.q(), effective.region(), effective.channel(), ownerId, effective.status());
  }

  private Map<Long, String> owners() {
    Map<Long, String> m = new LinkedHashMap<>();
    access.users().forEach(u -> m.put(u.id().value(), u.displayName()));
    return m;
  }
}
