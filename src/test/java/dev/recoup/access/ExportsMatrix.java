package dev.recoup.access;

import static dev.recoup.access.AuthorizationMatrixTests.expect;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The statements and list exports rows of the authorization matrix: the Excel twin of every CSV
 * export (same rule as its CSV), the ledger's list exports under /exports, and the statement of
 * account as PDF and Excel. Everyone who reads an account reads its statement (a collector too, on
 * another collector's account, as it reads its Account 360); exports read, they change nothing.
 */
final class ExportsMatrix {

  private ExportsMatrix() {}

  /** Nothing to create: the rows read the demo portfolio (and other parts' placeholders). */
  static Map<String, String> setUp(MatrixFixture f) {
    return Map.of();
  }

  static List<Endpoint> endpoints() {
    //                   ANON COLL COLL-OTHER LEAD MGR ADMIN AUDITOR SYSTEM RESOLVER
    var pageRead = expect(302, 200, 200, 200, 200, 200, 200, 302, 403);
    // Disputes and cases are also a resolver's pages.
    var withResolvers = expect(302, 200, 200, 200, 200, 200, 200, 302, 200);
    List<Endpoint> m = new ArrayList<>();
    // Statements of account, from Account 360.
    m.add(
        new Endpoint(
            "GET",
            "/accounts/{id}/statement.pdf",
            "{acct}/statement.pdf?asOf=2026-10-31",
            null,
            pageRead));
    m.add(
        new Endpoint(
            "GET", "/accounts/{id}/statement.xlsx", "{acct}/statement.xlsx", null, pageRead));
    // The ledger's lists.
    for (String list : List.of("open-items", "aging")) {
      for (String format : List.of("csv", "xlsx")) {
        m.add(
            new Endpoint(
                "GET",
                "/exports/" + list + "." + format,
                "/exports/" + list + "." + format + "?owner=carlos",
                null,
                pageRead));
      }
    }
    m.add(
        new Endpoint(
            "GET",
            "/exports/unapplied-cash.csv",
            "/exports/unapplied-cash.csv?scope=mine",
            null,
            pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/exports/unapplied-cash.xlsx",
            "/exports/unapplied-cash.xlsx?scope=mine",
            null,
            pageRead));
    // The Excel twins of the pages' CSV exports.
    m.add(
        new Endpoint(
            "GET", "/accounts/export.xlsx", "/accounts/export.xlsx?owner=carlos", null, pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/accounts/{id}/open-invoices.xlsx",
            "{acct}/open-invoices.xlsx",
            null,
            pageRead));
    m.add(new Endpoint("GET", "/plans/export.xlsx", "/plans/export.xlsx", null, pageRead));
    m.add(
        new Endpoint(
            "GET", "/cases/export.xlsx", "/cases/export.xlsx?scope=ALL", null, withResolvers));
    m.add(
        new Endpoint(
            "GET",
            "/disputes/export.xlsx",
            "/disputes/export.xlsx?status=all",
            null,
            withResolvers));
    m.add(
        new Endpoint(
            "GET",
            "/refunds/credit-balances.xlsx",
            "/refunds/credit-balances.xlsx?scope=all&minAmount=100000",
            null,
            pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/dunning/preview.xlsx",
            "/dunning/preview.xlsx?date={quietDate}",
            null,
            pageRead));
    m.add(
        new Endpoint(
            "GET",
            "/dunning/runs/{id}/export.xlsx",
            "/dunning/runs/{run}/export.xlsx",
            null,
            pageRead));
    m.add(new Endpoint("GET", "/approvals/export.xlsx", "/approvals/export.xlsx", null, pageRead));
    m.add(
        new Endpoint(
            "GET", "/suspensions/export.xlsx", "/suspensions/export.xlsx", null, pageRead));
    return m;
  }
}
