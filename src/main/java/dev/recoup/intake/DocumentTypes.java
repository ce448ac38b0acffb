package dev.recoup.intake;

import java.util.Locale;
import java.util.Map;

/**
 * ERP document types and which record kind they belong to, for the {@code document_type} column a
 * preset maps (NetSuite {@code Type}, SAP {@code Document Type}, Oracle {@code Transaction Type}).
 * A row of another kind in the file (a payment in an invoice export) is refused with a reason
 * instead of being loaded as the wrong thing.
 */
final class DocumentTypes {

  /** The mapping key of the document type column (not a canonical field: never in values). */
  static final String FIELD = "document_type";

  private static final Map<String, ImportKind> TYPES =
      Map.ofEntries(
          Map.entry("invoice", ImportKind.INVOICES),
          Map.entry("inv", ImportKind.INVOICES),
          Map.entry("custinvc", ImportKind.INVOICES),
          Map.entry("rv", ImportKind.INVOICES),
          Map.entry("dr", ImportKind.INVOICES),
          Map.entry("debit memo", ImportKind.INVOICES),
          Map.entry("debit note", ImportKind.INVOICES),
          Map.entry("dm", ImportKind.INVOICES),
          Map.entry("chargeback", ImportKind.INVOICES),
          Map.entry("cb", ImportKind.INVOICES),
          Map.entry("credit memo", ImportKind.CREDIT_MEMOS),
          Map.entry("credit note", ImportKind.CREDIT_MEMOS),
          Map.entry("custcred", ImportKind.CREDIT_MEMOS),
          Map.entry("cm", ImportKind.CREDIT_MEMOS),
          Map.entry("dg", ImportKind.CREDIT_MEMOS),
          Map.entry("payment", ImportKind.PAYMENTS),
          Map.entry("customer payment", ImportKind.PAYMENTS),
          Map.entry("custpymt", ImportKind.PAYMENTS),
          Map.entry("dz", ImportKind.PAYMENTS),
          Map.entry("pmt", ImportKind.PAYMENTS),
          Map.entry("receipt", ImportKind.PAYMENTS),
          Map.entry("cash receipt", ImportKind.PAYMENTS));

  private static final Map<ImportKind, String> KNOWN =
      Map.of(
          ImportKind.INVOICES, "Invoice, Debit Memo, RV, DR",
          ImportKind.CREDIT_MEMOS, "Credit Memo, Credit Note, DG",
          ImportKind.PAYMENTS, "Payment, Receipt, DZ");

  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

  private DocumentTypes() {}

  /** The kind a known document type belongs to, or null. */
  static ImportKind kindOf(String type) {
    return TYPES.get(SPACES.matcher(type.strip().toLowerCase(Locale.ROOT)).replaceAll(" "));
  }

  /** Null when a document of {@code type} belongs in an import of {@code kind}, else the reason. */
  static String refusal(String type, ImportKind kind) {
    ImportKind belongs = kindOf(type);
    if (belongs == kind) {
      return null;
    }
    if (belongs != null) {
      return "document type '"
          + Texts.shorten(type)
          + "' is "
          + describe(belongs)
          + ", not "
          + describe(kind)
          + "; import it as "
          + belongs.slug();
    }
    String known = KNOWN.get(kind);
    return "document type '"
        + Texts.shorten(type)
        + "' is not "
        + describe(kind)
        + (known == null ? "" : " (known types: " + known + ")");
  }

  private static String describe(ImportKind kind) {
    return switch (kind) {
      case INVOICES -> "an invoice";
      case CREDIT_MEMOS -> "a credit memo";
      case PAYMENTS -> "a payment";
      case ACCOUNTS -> "an account";
      case CONTACTS -> "a contact";
      case APPLICATIONS -> "an application";
    };
  }
}
