package dev.recoup.intake;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a file or an API call brings in. Each kind has canonical fields: the column headers of
 * Recoup's own CSV shape (what {@code generate --out DIR} writes) and the names every column
 * mapping maps the file's headers onto. References to other records are by external id, never by
 * Recoup's ids, so a file from the ERP can be loaded as it is.
 */
public enum ImportKind {
  ACCOUNTS(
      "accounts",
      List.of("external_id", "name", "entity", "currency"),
      List.of(
          "source_system",
          "parent_external_id",
          "partner_external_id",
          "channel",
          "segment",
          "region",
          "payment_terms_days",
          "credit_limit",
          "risk_rating",
          "owner",
          "sales_owner",
          "language",
          "payment_run_days")),
  CONTACTS(
      "contacts",
      List.of("external_id", "account_external_id", "name", "role"),
      List.of("source_system", "email", "phone", "time_zone", "preferred_channel")),
  INVOICES(
      "invoices",
      List.of(
          "external_id",
          "number",
          "account_external_id",
          "currency",
          "issue_date",
          "due_date",
          "amount"),
      List.of(
          "source_system",
          "end_customer_external_id",
          "entity",
          "terms_days",
          "po_number",
          "contract_ref",
          "kind",
          "tax",
          "open_amount",
          "status",
          "memo")),
  CREDIT_MEMOS(
      "credit-memos",
      List.of("external_id", "number", "account_external_id", "currency", "issue_date", "amount"),
      List.of("source_system", "entity", "reason")),
  PAYMENTS(
      "payments",
      List.of("external_id", "account_external_id", "currency", "value_date", "amount"),
      List.of("source_system", "entity", "method", "reference", "remittance_text")),
  APPLICATIONS(
      "applications",
      List.of("external_id", "invoice_external_id", "currency", "amount", "applied_on"),
      List.of("source_system", "payment_external_id", "credit_memo_external_id"));

  private final String slug;
  private final List<String> required;
  private final List<String> optional;

  ImportKind(String slug, List<String> required, List<String> optional) {
    this.slug = slug;
    this.required = required;
    this.optional = optional;
  }

  /** How the kind is named in URLs, file names and the CLI: {@code credit-memos}. */
  public String slug() {
    return slug;
  }

  /** Fields every row must have. */
  public List<String> required() {
    return required;
  }

  /** Fields a row may have. */
  public List<String> optional() {
    return optional;
  }

  /** Required then optional: the header of Recoup's CSV shape, in this order. */
  public List<String> fields() {
    return java.util.stream.Stream.concat(required.stream(), optional.stream()).toList();
  }

  /** The field whose sum per currency is the file's control total, if the kind has amounts. */
  public boolean hasAmounts() {
    return required.contains("amount");
  }

  /** Accepts the slug, the enum name, with or without dashes and underscores, any case. */
  public static ImportKind parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values())
        .filter(k -> k.slug.equals(wanted) || k.slug.replace("-", "").equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "kind: unknown kind '"
                        + text
                        + "'; one of "
                        + Arrays.stream(values()).map(ImportKind::slug).toList()));
  }
}
