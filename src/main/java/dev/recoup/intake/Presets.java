package dev.recoup.intake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Built-in column mappings for the files ERPs export, and Recoup's own CSV shape.
 *
 * <ul>
 *   <li>{@code recoup}: the header is {@link ImportKind#fields()}, ISO dates, '.' decimals; the
 *       source system is the file's {@code source_system} column, or RECOUP. Every kind.
 *   <li>{@code netsuite}: saved-search exports (accounts, invoices, credit memos, payments): {@code
 *       Internal ID}, {@code Document Number}, {@code Type}, {@code Date}, {@code Due Date}, {@code
 *       Customer} or {@code Name}, {@code Subsidiary}, {@code Currency}, {@code Amount} (its {@code
 *       (Foreign Currency)} variant first when present), {@code Amount Remaining}, {@code Status},
 *       {@code Terms}, {@code PO/Check Number}, {@code Memo}; US dates ({@code 11/3/2026}); source
 *       NETSUITE. The Customer column holds the customer as NetSuite names it (its entity id and/or
 *       name, not its internal id), so that text is the account's external id, and the accounts
 *       preset takes a customer's external id from the same {@code Name} column, so invoices find
 *       their accounts. Credit memos may be negative (NetSuite signs them so in transaction
 *       searches): their magnitude is taken.
 *   <li>{@code sap}: FBL5N customer line items (invoices, credit memos, payments): {@code Account},
 *       {@code Document Number}, {@code Document Type} (RV/DR invoices, DG credit memos, DZ
 *       payments), {@code Posting Date}, {@code Net due date}, {@code Amount in doc. curr.}, {@code
 *       Document currency}, {@code Clearing Document} (an invoice with one is cleared), {@code
 *       Reference}; day-first dates ({@code 03.11.2026}); credits (DG, DZ) are negative in FBL5N,
 *       so their magnitude is taken and a positive one refused; source SAP.
 *   <li>{@code oracle}: Receivables transactions / aging exports (invoices, credit memos) and
 *       receipts (payments): {@code Customer Account Number}, {@code Transaction Number}, {@code
 *       Class}, {@code Transaction Date}, {@code Due Date}, {@code Currency}, {@code Original
 *       Amount}, {@code Amount Due Remaining}, {@code Receipt Number}, {@code Receipt Date}, {@code
 *       Receipt Amount}; month-first dates (and {@code 03-NOV-2026}); source ORACLE.
 * </ul>
 *
 * A column may list alternatives separated by '|' ({@code Customer|Name}): the first one the file
 * has is used. Mapping keys {@code document_type}, {@code clearing_document} and the constant
 * {@code amount_sign} are explained in {@link IntakeFiles}.
 */
public final class Presets {

  public static final String RECOUP = "recoup";
  public static final String NETSUITE = "netsuite";
  public static final String SAP = "sap";
  public static final String ORACLE = "oracle";

  private static final List<String> NAMES = List.of(RECOUP, NETSUITE, SAP, ORACLE);

  private Presets() {}

  /** The built-in presets' names. */
  public static List<String> names() {
    return NAMES;
  }

  /** A preset's mapping for a kind; "preset: ..." when there is no such preset or mapping. */
  public static ColumnMapping named(String preset, ImportKind kind) {
    String name = preset == null ? "" : preset.strip().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "preset: unknown preset '" + preset + "'; one of " + String.join(", ", NAMES));
    }
    if (kind == null) {
      throw new IllegalArgumentException("kind: no record kind");
    }
    ColumnMapping mapping = mappingOrNull(name, kind);
    if (mapping == null) {
      throw new IllegalArgumentException(
          "preset: " + name + " has no mapping for " + kind.slug() + "; " + kindsOf(name));
    }
    return mapping;
  }

  /** Whether a preset maps a kind. */
  public static boolean has(String preset, ImportKind kind) {
    String name = preset == null ? "" : preset.strip().toLowerCase(Locale.ROOT);
    return kind != null && NAMES.contains(name) && mappingOrNull(name, kind) != null;
  }

  private static ColumnMapping mappingOrNull(String name, ImportKind kind) {
    return switch (name) {
      case NETSUITE -> netsuite(kind);
      case SAP -> sap(kind);
      case ORACLE -> oracle(kind);
      default -> recoup(kind);
    };
  }

  /**
   * The preset whose columns match {@code header} best for {@code kind}: each required field found
   * counts ten, each optional one, one; ties go to the earlier preset in {@link #names()}. With
   * nothing matching, the Recoup shape.
   */
  public static ColumnMapping guess(List<String> header, ImportKind kind) {
    Set<String> names = new HashSet<>();
    for (String h : header == null ? List.<String>of() : header) {
      names.add(RowMapper.headerKey(h));
    }
    ColumnMapping best = null;
    int bestScore = 0;
    for (String preset : NAMES) {
      if (!has(preset, kind)) {
        continue;
      }
      ColumnMapping mapping = named(preset, kind);
      int score = 0;
      for (Map.Entry<String, String> e : mapping.columns().entrySet()) {
        if (found(names, e.getValue())) {
          score += kind.required().contains(e.getKey()) ? 10 : 1;
        }
      }
      if (score > bestScore) {
        best = mapping;
        bestScore = score;
      }
    }
    return best != null ? best : named(RECOUP, kind);
  }

  private static boolean found(Set<String> names, String wanted) {
    if (names.contains(RowMapper.headerKey(wanted))) {
      return true;
    }
    for (String alternative : wanted.split("\\|")) {
      if (names.contains(RowMapper.headerKey(alternative))) {
        return true;
      }
    }
    return false;
  }

  private static String kindsOf(String preset) {
    List<String> kinds = new ArrayList<>();
    for (ImportKind k : ImportKind.values()) {
      if (has(preset, k)) {
        kinds.add(k.slug());
      }
    }
    return "it maps " + String.join(", ", kinds);
  }

  private static ColumnMapping recoup(ImportKind kind) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (String field : kind.fields()) {
      columns.put(field, field);
    }
    return new ColumnMapping(RECOUP, kind, "RECOUP", columns, Map.of(), DateOrder.YMD, '.');
  }

  private static ColumnMapping netsuite(ImportKind kind) {
    String customer = "Customer|Name";
    String amount = "Amount (Foreign Currency)|Amount";
    Map<String, String> c = new LinkedHashMap<>();
    Map<String, String> constants = new LinkedHashMap<>();
    switch (kind) {
      case ACCOUNTS -> {
        c.put("external_id", "Name|Customer|ID");
        c.put("name", "Company Name|Name");
        c.put("entity", "Subsidiary");
        c.put("currency", "Currency");
        c.put("parent_external_id", "Parent|Top Level Parent");
        c.put("segment", "Category");
        c.put("payment_terms_days", "Terms");
        c.put("credit_limit", "Credit Limit");
        c.put("sales_owner", "Sales Rep");
      }
      case INVOICES -> {
        c.put("external_id", "Internal ID");
        c.put("number", "Document Number");
        c.put("account_external_id", customer);
        c.put("currency", "Currency");
        c.put("issue_date", "Date");
        c.put("due_date", "Due Date");
        c.put("amount", amount);
        c.put("entity", "Subsidiary");
        c.put("terms_days", "Terms");
        c.put("po_number", "PO/Check Number");
        c.put("open_amount", "Amount Remaining (Foreign Currency)|Amount Remaining");
        c.put("status", "Status");
        c.put("memo", "Memo");
        c.put(DocumentTypes.FIELD, "Type");
      }
      case CREDIT_MEMOS -> {
        c.put("external_id", "Internal ID");
        c.put("number", "Document Number");
        c.put("account_external_id", customer);
        c.put("currency", "Currency");
        c.put("issue_date", "Date");
        c.put("amount", amount);
        c.put("entity", "Subsidiary");
        c.put("reason", "Memo");
        c.put(DocumentTypes.FIELD, "Type");
        constants.put(RowMapper.AMOUNT_SIGN, "any");
      }
      case PAYMENTS -> {
        c.put("external_id", "Internal ID");
        c.put("account_external_id", customer);
        c.put("currency", "Currency");
        c.put("value_date", "Date");
        c.put("amount", amount);
        c.put("entity", "Subsidiary");
        c.put("method", "Payment Method");
        c.put("reference", "PO/Check Number");
        c.put("remittance_text", "Memo");
        c.put(DocumentTypes.FIELD, "Type");
      }
      default -> {
        return null;
      }
    }
    return new ColumnMapping(NETSUITE, kind, "NETSUITE", c, constants, DateOrder.MDY, '.');
  }

  private static ColumnMapping sap(ImportKind kind) {
    String account = "Account|Customer";
    String document = "Document Number|DocumentNo";
    String amount = "Amount in doc. curr.|Amount in DC";
    String currency = "Document currency|Curr.";
    Map<String, String> c = new LinkedHashMap<>();
    Map<String, String> constants = new LinkedHashMap<>();
    switch (kind) {
      case INVOICES -> {
        c.put("external_id", document);
        c.put("number", document);
        c.put("account_external_id", account);
        c.put("currency", currency);
        c.put("issue_date", "Posting Date");
        c.put("due_date", "Net due date|Net Due Date");
        c.put("amount", amount);
        c.put("entity", "Company Code|CoCd");
        c.put("po_number", "Reference");
        c.put("memo", "Text");
        c.put(DocumentTypes.FIELD, "Document Type|Type");
        c.put(RowMapper.FISCAL_YEAR, "Fiscal Year|Year");
        c.put(RowMapper.CLEARING_DOCUMENT, "Clearing Document|Clrng doc.");
      }
      case CREDIT_MEMOS -> {
        c.put("external_id", document);
        c.put("number", document);
        c.put("account_external_id", account);
        c.put("currency", currency);
        c.put("issue_date", "Posting Date");
        c.put("amount", amount);
        c.put("entity", "Company Code|CoCd");
        c.put("reason", "Text");
        c.put(DocumentTypes.FIELD, "Document Type|Type");
        c.put(RowMapper.FISCAL_YEAR, "Fiscal Year|Year");
        constants.put(RowMapper.AMOUNT_SIGN, "negative");
      }
      case PAYMENTS -> {
        c.put("external_id", document);
        c.put("account_external_id", account);
        c.put("currency", currency);
        c.put("value_date", "Posting Date");
        c.put("amount", amount);
        c.put("entity", "Company Code|CoCd");
        c.put("reference", "Reference");
        c.put("remittance_text", "Text");
        c.put(DocumentTypes.FIELD, "Document Type|Type");
        c.put(RowMapper.FISCAL_YEAR, "Fiscal Year|Year");
        constants.put(RowMapper.AMOUNT_SIGN, "negative");
      }
      default -> {
        return null;
      }
    }
    return new ColumnMapping(SAP, kind, "SAP", c, constants, DateOrder.DMY, '.');
  }

  private static ColumnMapping oracle(ImportKind kind) {
    String account = "Customer Account Number|Account Number|Customer Number";
    String currency = "Currency|Currency Code|Entered Currency";
    String entity = "Business Unit|Operating Unit";
    String type = "Class|Transaction Class";
    Map<String, String> c = new LinkedHashMap<>();
    Map<String, String> constants = new LinkedHashMap<>();
    switch (kind) {
      case INVOICES -> {
        c.put("external_id", "Transaction Number");
        c.put("number", "Transaction Number");
        c.put("account_external_id", account);
        c.put("currency", currency);
        c.put("issue_date", "Transaction Date|Invoice Date");
        c.put("due_date", "Due Date");
        c.put("amount", "Original Amount|Entered Amount|Amount");
        c.put("entity", entity);
        c.put("terms_days", "Payment Terms|Terms");
        c.put("po_number", "Purchase Order|PO Number");
        c.put("open_amount", "Amount Due Remaining|Balance Due|Remaining Amount");
        c.put("status", "Status");
        c.put("memo", "Comments|Description");
        c.put(DocumentTypes.FIELD, type);
      }
      case CREDIT_MEMOS -> {
        c.put("external_id", "Transaction Number");
        c.put("number", "Transaction Number");
        c.put("account_external_id", account);
        c.put("currency", currency);
        c.put("issue_date", "Transaction Date");
        c.put("amount", "Original Amount|Entered Amount|Amount");
        c.put("entity", entity);
        c.put("reason", "Reason|Comments");
        c.put(DocumentTypes.FIELD, type);
        constants.put(RowMapper.AMOUNT_SIGN, "any");
      }
      case PAYMENTS -> {
        c.put("external_id", "Receipt Number");
        c.put("account_external_id", account);
        c.put("currency", currency);
        c.put("value_date", "Receipt Date|Deposit Date");
        c.put("amount", "Receipt Amount|Entered Amount|Amount");
        c.put("entity", entity);
        c.put("method", "Receipt Method|Payment Method");
        c.put("reference", "Reference|Customer Reference");
        c.put("remittance_text", "Comments|Remittance");
      }
      default -> {
        return null;
      }
    }
    return new ColumnMapping(ORACLE, kind, "ORACLE", c, constants, DateOrder.MDY, '.');
  }
}
