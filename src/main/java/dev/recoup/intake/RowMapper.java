package dev.recoup.intake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a file's rows into a kind's canonical fields through a {@link ColumnMapping}, normalising
 * each value (see {@link ParsedRow}) and collecting every fault of a row as a {@link RowError}
 * naming the field and the bad value. Structural faults of the file or the mapping are thrown at
 * construction as {@link IllegalArgumentException} "file: ..." or "mapping: ...".
 *
 * <p>Besides canonical fields a mapping may name three keys that never reach the values: column
 * {@code document_type} (ERP document type; a row of another kind is refused), column {@code
 * clearing_document} (SAP: an invoice with a clearing document is cleared, one without is open for
 * its full amount, unless status and open amount are mapped) and constant {@code amount_sign}
 * ({@code positive}, the default; {@code negative}: the ERP writes these credits negative, so a
 * negative amount is taken as its magnitude and a positive one refused; {@code any}: either sign,
 * the magnitude is taken). A column may name alternatives separated by '|' ({@code Customer|Name})
 * when no header is literally that text: the first one present is used.
 */
final class RowMapper {

  static final int MAX_CELL_CHARS = 10_000;
  static final String CLEARING_DOCUMENT = "clearing_document";
  static final String AMOUNT_SIGN = "amount_sign";

  /**
   * SAP numbers documents per company code and fiscal year, so a document number repeats across
   * years. When the file has the column this pseudo-field names, a record's external id is {@code
   * company/year/number}. Only the column decides (not the posting date: fiscal years need not be
   * calendar years), so a file reads to the same ids through the page, the API and the command.
   */
  static final String FISCAL_YEAR = "fiscal_year";

  private static final Set<String> AMOUNTS = Set.of("amount", "tax", "open_amount", "credit_limit");
  private static final Set<String> DATES =
      Set.of("issue_date", "due_date", "value_date", "applied_on");
  private static final Set<String> DAYS = Set.of("payment_terms_days", "terms_days");
  private static final Set<String> UPPER =
      Set.of("risk_rating", "preferred_channel", "segment", "region");
  private static final Map<String, Integer> MAX_LENGTH = maxLengths();
  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

  /** How a field's text is read. */
  private enum Type {
    AMOUNT,
    DATE,
    DAYS,
    CURRENCY,
    INVOICE_KIND,
    ROLE,
    CHANNEL,
    METHOD,
    UPPER,
    TEXT
  }

  private final ImportKind kind;
  private final ColumnMapping mapping;
  private final List<String> header;
  private final List<String> rawKeys;
  private final Character delimiter;
  private final Map<String, Integer> columnOf = new HashMap<>();
  private final Map<String, String> constants = new HashMap<>();
  private final List<String> fields;
  private final String amountSign;
  private final char decimalSeparator;
  private final DateOrder dateOrder;

  // Per canonical field, in kind.fields() order: what the row loop reads without hashing.
  private final String[] fieldNames;
  private final int[] column;
  private final String[] constant;
  private final Type[] types;
  private final int[] maxLength;
  private final int[] requiredAt;
  private final int sourceSystemAt;
  private final int invoiceKindAt;
  private final int currencyAt;
  private final int documentTypeColumn;
  private final int clearingColumn;
  private final boolean qualifiedByYear;
  private final int fiscalYearColumn;
  private final String defaultSourceSystem;
  private final Map<String, Integer> fieldIndex = new HashMap<>();
  private final String[] rawKeyArray;
  private final Map<String, Integer> rawIndex = new HashMap<>();

  RowMapper(ColumnMapping mapping, List<String> header, Character delimiter) {
    if (mapping == null || mapping.kind() == null) {
      throw new IllegalArgumentException("mapping: no record kind");
    }
    this.mapping = mapping;
    this.kind = mapping.kind();
    this.header = header;
    this.delimiter = delimiter;
    this.fields = kind.fields();
    this.decimalSeparator = mapping.decimalSeparator() == 0 ? '.' : mapping.decimalSeparator();
    if (decimalSeparator != '.' && decimalSeparator != ',') {
      throw new IllegalArgumentException(
          "mapping: the decimal separator must be '.' or ',', not '" + decimalSeparator + "'");
    }
    this.dateOrder = mapping.dateOrder() == null ? DateOrder.YMD : mapping.dateOrder();
    this.rawKeys = rawKeys(header);
    Map<String, Integer> byName = headerIndex(header);
    Map<String, String> columns = mapping.columns() == null ? Map.of() : mapping.columns();
    for (Map.Entry<String, String> e : columns.entrySet()) {
      String field = fieldKey(e.getKey());
      if (!fields.contains(field)
          && !field.equals(DocumentTypes.FIELD)
          && !field.equals(CLEARING_DOCUMENT)
          && !field.equals(FISCAL_YEAR)) {
        throw new IllegalArgumentException(
            "mapping: '" + e.getKey() + "' is not a field of " + kind.slug());
      }
      Integer at = find(byName, e.getValue());
      if (at != null) {
        columnOf.put(field, at);
      }
    }
    Map<String, String> given = mapping.constants() == null ? Map.of() : mapping.constants();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String field = fieldKey(e.getKey());
      if (!fields.contains(field) && !field.equals(AMOUNT_SIGN)) {
        throw new IllegalArgumentException(
            "mapping: '" + e.getKey() + "' is not a field of " + kind.slug());
      }
      if (!Texts.isBlank(e.getValue())) {
        constants.put(field, e.getValue().strip());
      }
    }
    this.amountSign = constants.getOrDefault(AMOUNT_SIGN, "positive").toLowerCase(Locale.ROOT);
    if (!Set.of("positive", "negative", "any").contains(amountSign)) {
      throw new IllegalArgumentException(
          "mapping: amount_sign must be positive, negative or any, not '" + amountSign + "'");
    }
    constants.remove(AMOUNT_SIGN);
    for (String field : kind.required()) {
      if (!columnOf.containsKey(field) && !constants.containsKey(field)) {
        String wanted = columns.get(field);
        if (wanted == null) {
          wanted =
              columns.entrySet().stream()
                  .filter(e -> fieldKey(e.getKey()).equals(field))
                  .map(Map.Entry::getValue)
                  .findFirst()
                  .orElse(null);
        }
        throw new IllegalArgumentException(
            "file: no column for required field '"
                + field
                + "' ("
                + (Texts.isBlank(wanted)
                    ? "the mapping names no column for it"
                    : "looked for " + alternatives(wanted))
                + ")");
      }
    }
    if (!columnOf.containsKey("source_system")
        && !constants.containsKey("source_system")
        && Texts.isBlank(mapping.sourceSystem())) {
      throw new IllegalArgumentException(
          "mapping: no source system (name one or map a source_system column)");
    }
    int n = fields.size();
    fieldNames = fields.toArray(String[]::new);
    column = new int[n];
    constant = new String[n];
    types = new Type[n];
    maxLength = new int[n];
    for (int f = 0; f < n; f++) {
      column[f] = columnOf.getOrDefault(fieldNames[f], -1);
      constant[f] = constants.get(fieldNames[f]);
      types[f] = typeOf(kind, fieldNames[f]);
      maxLength[f] = MAX_LENGTH.getOrDefault(fieldNames[f], MAX_CELL_CHARS);
    }
    requiredAt = kind.required().stream().mapToInt(fields::indexOf).toArray();
    sourceSystemAt = fields.indexOf("source_system");
    invoiceKindAt = fields.indexOf("kind");
    currencyAt = fields.indexOf("currency");
    documentTypeColumn = columnOf.getOrDefault(DocumentTypes.FIELD, -1);
    clearingColumn =
        kind == ImportKind.INVOICES ? columnOf.getOrDefault(CLEARING_DOCUMENT, -1) : -1;
    defaultSourceSystem =
        Texts.isBlank(mapping.sourceSystem()) ? null : mapping.sourceSystem().strip();
    fiscalYearColumn = columnOf.getOrDefault(FISCAL_YEAR, -1);
    qualifiedByYear = fiscalYearColumn >= 0 && fields.contains("external_id");
    for (int f = 0; f < n; f++) {
      fieldIndex.put(fieldNames[f], f);
    }
    rawKeyArray = rawKeys.toArray(String[]::new);
    for (int i = 0; i < rawKeyArray.length; i++) {
      rawIndex.putIfAbsent(rawKeyArray[i], i);
    }
  }

  private static Type typeOf(ImportKind kind, String field) {
    if (AMOUNTS.contains(field)) {
      return Type.AMOUNT;
    }
    if (DATES.contains(field)) {
      return Type.DATE;
    }
    if (DAYS.contains(field)) {
      return Type.DAYS;
    }
    if (UPPER.contains(field)) {
      return Type.UPPER;
    }
    return switch (field) {
      case "currency" -> Type.CURRENCY;
      case "kind" -> kind == ImportKind.INVOICES ? Type.INVOICE_KIND : Type.TEXT;
      case "role" -> kind == ImportKind.CONTACTS ? Type.ROLE : Type.TEXT;
      case "channel" -> kind == ImportKind.ACCOUNTS ? Type.CHANNEL : Type.TEXT;
      case "method" -> Type.METHOD;
      default -> Type.TEXT;
    };
  }

  /**
   * The header cell names as raw keys, one per column in file order: trimmed; a blank one becomes
   * "column N" (N its position), made distinct if the file also has a column named so.
   */
  private static List<String> rawKeys(List<String> header) {
    List<String> keys = new ArrayList<>(header.size());
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (String h : header) {
      taken.add(clean(h));
    }
    for (int i = 0; i < header.size(); i++) {
      String h = clean(header.get(i));
      if (h.isEmpty()) {
        h = "column " + (i + 1);
        while (taken.contains(h)) {
          h = h + "'";
        }
        taken.add(h);
      }
      keys.add(h);
    }
    return keys;
  }

  private static Map<String, Integer> headerIndex(List<String> header) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String key = headerKey(header.get(i));
      if (key.isEmpty()) {
        continue;
      }
      if (byName.putIfAbsent(key, i) != null) {
        throw new IllegalArgumentException(
            "file: column '" + Texts.shorten(clean(header.get(i))) + "' appears twice");
      }
    }
    return byName;
  }

  /** Checks a header for duplicates (what {@link RowMapper} refuses) without a mapping. */
  static void requireDistinct(List<String> header) {
    headerIndex(header);
  }

  private static Integer find(Map<String, Integer> byName, String wanted) {
    if (Texts.isBlank(wanted)) {
      return null;
    }
    Integer exact = byName.get(headerKey(wanted));
    if (exact != null || wanted.indexOf('|') < 0) {
      return exact;
    }
    for (String alternative : wanted.split("\\|")) {
      Integer at = byName.get(headerKey(alternative));
      if (at != null) {
        return at;
      }
    }
    return null;
  }

  private static String alternatives(String wanted) {
    if (wanted.indexOf('|') < 0) {
      return "'" + wanted.strip() + "'";
    }
    List<String> names = new ArrayList<>();
    for (String alternative : wanted.split("\\|")) {
      if (!alternative.isBlank()) {
        names.add("'" + alternative.strip() + "'");
      }
    }
    return String.join(" or ", names);
  }

  /** How headers are compared: surrounding spaces dropped, inner runs of spaces one, any case. */
  static String headerKey(String name) {
    return SPACES.matcher(clean(name)).replaceAll(" ").toLowerCase(Locale.ROOT);
  }

  private static String fieldKey(String name) {
    return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
  }

  /** Strips spaces, no-break spaces and stray byte-order marks around a cell. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c)
        || c == '\u00A0'
        || c == '\u2007'
        || c == '\u202F'
        || c == '\uFEFF'
        || c == '\u200B';
  }

  /** One row of text cells (CSV, an API body) → its canonical values and errors. */
  ParsedRow map(long row, List<String> cells) {
    return map(row, cells, null);
  }

  /**
   * One row of cells → its canonical values and errors; {@code numbers} marks cells a workbook
   * stored as numbers (read with a '.' whatever the mapping says), or is null.
   */
  ParsedRow map(long row, List<String> cells, java.util.BitSet numbers) {
    List<RowError> errors = new ArrayList<>(2);
    Map<String, String> raw = raw(cells);
    checkWidth(row, cells, errors);
    int n = fieldNames.length;
    String[] given = new String[n];
    boolean[] fromNumber = new boolean[n];
    for (int f = 0; f < n; f++) {
      String value = cellAt(column[f], cells);
      fromNumber[f] = value != null && numbers != null && numbers.get(column[f]);
      if (value == null) {
        value = constant[f];
      }
      if (value != null) {
        if (value.length() > MAX_CELL_CHARS) {
          errors.add(
              new RowError(
                  row,
                  fieldNames[f],
                  "is "
                      + String.format(Locale.ROOT, "%,d", value.length())
                      + " characters long; a cell may hold at most "
                      + String.format(Locale.ROOT, "%,d", MAX_CELL_CHARS)));
        } else {
          given[f] = value;
        }
      }
    }
    if (sourceSystemAt >= 0 && given[sourceSystemAt] == null && defaultSourceSystem != null) {
      given[sourceSystemAt] = defaultSourceSystem;
    }
    if (kind == ImportKind.INVOICES && invoiceKindAt >= 0 && given[invoiceKindAt] == null) {
      given[invoiceKindAt] = "SUBSCRIPTION";
    }
    if (documentTypeColumn >= 0) {
      String documentType = cellAt(documentTypeColumn, cells);
      if (documentType != null) {
        String refusal = DocumentTypes.refusal(documentType, kind);
        if (refusal != null) {
          errors.add(new RowError(row, "row", refusal));
        }
      }
    }
    String[] out = new String[n];
    Parsed parsed = new Parsed();
    if (currencyAt >= 0 && given[currencyAt] != null) {
      String code = Amounts.isoCode(given[currencyAt]);
      if (code == null) {
        errors.add(
            new RowError(
                row,
                "currency",
                "'"
                    + Texts.shorten(given[currencyAt])
                    + "' is not an ISO 4217 currency code (like USD, EUR, JPY)"));
      } else {
        parsed.currency = code;
        out[currencyAt] = code;
      }
    }
    boolean currencyGiven = currencyAt >= 0 && given[currencyAt] != null;
    for (int f = 0; f < n; f++) {
      String value = given[f];
      if (value == null || f == currencyAt) {
        continue;
      }
      try {
        out[f] = normalise(f, value, fromNumber[f], parsed, currencyGiven);
      } catch (IllegalArgumentException e) {
        errors.add(new RowError(row, fieldNames[f], e.getMessage()));
      }
    }
    if (clearingColumn >= 0 && parsed.amount != null) {
      boolean cleared = cellAt(clearingColumn, cells) != null;
      int status = fieldIndex.get("status");
      int open = fieldIndex.get("open_amount");
      if (out[status] == null && !hasError(errors, "status")) {
        out[status] = cleared ? "CLEARED" : "OPEN";
      }
      if (out[open] == null && !hasError(errors, "open_amount")) {
        out[open] =
            cleared
                ? BigDecimal.ZERO.setScale(parsed.amount.scale()).toPlainString()
                : parsed.amount.toPlainString();
      }
    }
    if (parsed.issue != null && parsed.due != null && parsed.due.isBefore(parsed.issue)) {
      errors.add(
          new RowError(
              row,
              "due_date",
              "due date " + parsed.due + " is before the issue date " + parsed.issue));
    }
    if (parsed.amount != null) {
      if (parsed.tax != null && parsed.tax.compareTo(parsed.amount) > 0) {
        errors.add(
            new RowError(
                row,
                "tax",
                "tax "
                    + parsed.tax.toPlainString()
                    + " is more than the amount "
                    + parsed.amount.toPlainString()));
      }
      if (parsed.open != null && parsed.open.compareTo(parsed.amount) > 0) {
        errors.add(
            new RowError(
                row,
                "open_amount",
                "open amount "
                    + parsed.open.toPlainString()
                    + " is more than the amount "
                    + parsed.amount.toPlainString()));
      }
    }
    if (qualifiedByYear) {
      qualifyByYear(row, cells, out, errors);
    }
    for (int f : requiredAt) {
      if (given[f] == null && !hasError(errors, fieldNames[f])) {
        errors.add(new RowError(row, fieldNames[f], "is blank; " + fieldNames[f] + " is required"));
      }
    }
    if (out[sourceSystemAt] == null && !hasError(errors, "source_system")) {
      errors.add(new RowError(row, "source_system", "is blank; a source system is required"));
    }
    return new ParsedRow(
        row,
        new IndexedMap(fieldNames, fieldIndex, out),
        raw,
        errors.isEmpty() ? List.of() : List.copyOf(errors));
  }

  /** Makes the external id {@code company/year/number} (see {@link #FISCAL_YEAR}). */
  private void qualifyByYear(long row, List<String> cells, String[] out, List<RowError> errors) {
    int id = fieldIndex.get("external_id");
    if (out[id] == null) {
      return;
    }
    String year = cellAt(fiscalYearColumn, cells);
    if (year == null || !year.strip().matches("(19|20)\\d{2}")) {
      errors.add(
          new RowError(
              row,
              FISCAL_YEAR,
              year == null
                  ? "is blank; the document's fiscal year is needed"
                  : "'" + year.strip() + "' is not a fiscal year"));
      return;
    }
    year = year.strip();
    Integer entity = fieldIndex.get("entity");
    String company = entity == null || out[entity] == null ? "" : out[entity] + "/";
    out[id] = company + year + "/" + out[id];
  }

  /** What one row's values were read as, for the checks across fields. */
  private static final class Parsed {
    String currency;
    BigDecimal amount;
    BigDecimal tax;
    BigDecimal open;
    LocalDate issue;
    LocalDate due;
  }

  /** A row that could not be read as a whole. */
  ParsedRow fault(long row, List<String> cells, String reason) {
    return new ParsedRow(row, Map.of(), raw(cells), List.of(new RowError(row, "row", reason)));
  }

  private static boolean hasError(List<RowError> errors, String field) {
    for (RowError e : errors) {
      if (e.field().equals(field)) {
        return true;
      }
    }
    return false;
  }

  private static String cellAt(int at, List<String> cells) {
    if (at < 0 || at >= cells.size()) {
      return null;
    }
    String v = clean(cells.get(at));
    return v.isEmpty() ? null : v;
  }

  private Map<String, String> raw(List<String> cells) {
    boolean extra = false;
    for (int i = rawKeyArray.length; i < cells.size() && !extra; i++) {
      extra = !Texts.isBlank(cells.get(i));
    }
    if (!extra) {
      String[] cellsInOrder = new String[rawKeyArray.length];
      for (int i = 0; i < cellsInOrder.length; i++) {
        cellsInOrder[i] = i < cells.size() ? cells.get(i) : "";
      }
      return new IndexedMap(rawKeyArray, rawIndex, cellsInOrder);
    }
    Map<String, String> raw = new LinkedHashMap<>();
    for (int i = 0; i < rawKeyArray.length; i++) {
      raw.put(rawKeyArray[i], i < cells.size() ? cells.get(i) : "");
    }
    for (int i = rawKeyArray.length; i < cells.size(); i++) {
      if (!Texts.isBlank(cells.get(i))) {
        raw.put("column " + (i + 1), cells.get(i));
      }
    }
    return raw;
  }

  private void checkWidth(long row, List<String> cells, List<RowError> errors) {
    int width = header.size();
    int filled = cells.size();
    while (filled > width && Texts.isBlank(cells.get(filled - 1))) {
      filled--;
    }
    if (filled > width || (delimiter != null && cells.size() < width)) {
      String hint = "";
      if (delimiter != null && filled < width) {
        for (char other : CsvCells.DELIMITERS) {
          if (other != delimiter && String.join("", cells).indexOf(other) >= 0) {
            hint =
                "; is the row written with '"
                    + (other == '\t' ? "TAB" : String.valueOf(other))
                    + "' instead of '"
                    + (delimiter == '\t' ? "TAB" : String.valueOf(delimiter))
                    + "'?";
            break;
          }
        }
      } else if (filled > width) {
        hint = "; a cell holding the delimiter must be quoted";
      }
      errors.add(
          new RowError(row, "row", "has " + filled + " cells but the header has " + width + hint));
    }
  }

  private String normalise(
      int f, String value, boolean fromNumber, Parsed parsed, boolean currencyGiven) {
    String field = fieldNames[f];
    String text;
    switch (types[f]) {
      case AMOUNT -> {
        BigDecimal amount =
            amount(
                field, value, fromNumber ? '.' : decimalSeparator, parsed.currency, currencyGiven);
        switch (field) {
          case "amount" -> parsed.amount = amount;
          case "tax" -> parsed.tax = amount;
          case "open_amount" -> parsed.open = amount;
          default -> {
            // credit limit: no check across fields
          }
        }
        return amount.toPlainString();
      }
      case DATE -> {
        LocalDate date = Dates.parse(value, dateOrder);
        if (field.equals("issue_date")) {
          parsed.issue = date;
        } else if (field.equals("due_date")) {
          parsed.due = date;
        }
        return date.toString();
      }
      case DAYS -> {
        return Integer.toString(Terms.days(value));
      }
      case INVOICE_KIND -> text = invoiceKind(value);
      case ROLE -> text = role(value);
      case CHANNEL -> text = channel(value);
      case METHOD -> text = method(value);
      case UPPER -> text = value.toUpperCase(Locale.ROOT);
      default -> text = value;
    }
    if (text.length() > maxLength[f]) {
      throw new IllegalArgumentException(
          "'"
              + Texts.shorten(text)
              + "' is "
              + text.length()
              + " characters; at most "
              + maxLength[f]);
    }
    return text;
  }

  private BigDecimal amount(
      String field, String text, char separator, String currency, boolean currencyGiven) {
    Amounts.Amount parsed = Amounts.parse(text, separator);
    BigDecimal value = parsed.value();
    if (parsed.currencyCode() != null
        && currency != null
        && !parsed.currencyCode().equals(currency)) {
      throw new IllegalArgumentException(
          "'"
              + Texts.shorten(text)
              + "' is in "
              + parsed.currencyCode()
              + " but the row's currency is "
              + currency);
    }
    if (field.equals("amount")) {
      if (value.signum() == 0) {
        throw new IllegalArgumentException(
            "'" + Texts.shorten(text) + "' is zero; it must be positive");
      }
      switch (amountSign) {
        case "negative" -> {
          if (value.signum() > 0) {
            throw new IllegalArgumentException(
                "'"
                    + Texts.shorten(text)
                    + "' is positive; this file writes these credits as negative amounts (a"
                    + " reversal?)");
          }
          value = value.negate();
        }
        case "any" -> value = value.abs();
        default -> {
          if (value.signum() < 0) {
            throw new IllegalArgumentException(
                "'" + Texts.shorten(text) + "' is negative; it must be positive");
          }
        }
      }
    } else if (value.signum() < 0) {
      throw new IllegalArgumentException(
          "'" + Texts.shorten(text) + "' is negative; it must be zero or more");
    }
    String code = currency;
    if (code == null && !currencyGiven && parsed.currencyCode() != null) {
      code = parsed.currencyCode();
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() < 0) {
      stripped = stripped.setScale(0);
    }
    if (code == null) {
      return stripped;
    }
    int scale = Amounts.scaleOf(code);
    if (stripped.scale() > scale) {
      throw new IllegalArgumentException(
          "'"
              + Texts.shorten(text)
              + "' has more decimals than "
              + code
              + " allows ("
              + scale
              + ")");
    }
    return stripped.setScale(scale);
  }

  /**
   * SUBSCRIPTION, USAGE or SERVICES; an ERP document type mapped here (Invoice, RV, DR...) is an
   * invoice of no stated kind, so SUBSCRIPTION, the default; another kind's type is refused.
   */
  private static String invoiceKind(String value) {
    String v = value.toUpperCase(Locale.ROOT);
    for (String k : List.of("SUBSCRIPTION", "USAGE", "SERVICES")) {
      if (v.equals(k) || (v + "S").equals(k) || v.equals(k + "S")) {
        return k;
      }
    }
    ImportKind documentOf = DocumentTypes.kindOf(value);
    if (documentOf == ImportKind.INVOICES) {
      return "SUBSCRIPTION";
    }
    if (documentOf != null) {
      throw new IllegalArgumentException(DocumentTypes.refusal(value, ImportKind.INVOICES));
    }
    throw new IllegalArgumentException(
        "'" + Texts.shorten(value) + "' is not an invoice kind (SUBSCRIPTION, USAGE, SERVICES)");
  }

  private static String role(String value) {
    String v = SPACES.matcher(value.toUpperCase(Locale.ROOT)).replaceAll(" ");
    return switch (v) {
      case "AP", "A/P", "ACCOUNTS PAYABLE", "PAYABLES" -> "AP";
      case "BILLING", "BILL TO", "BILLING CONTACT" -> "BILLING";
      case "ESCALATION" -> "ESCALATION";
      case "EXECUTIVE", "EXEC" -> "EXECUTIVE";
      default ->
          throw new IllegalArgumentException(
              "'"
                  + Texts.shorten(value)
                  + "' is not a contact role (AP, BILLING, ESCALATION, EXECUTIVE)");
    };
  }

  /** Payment methods as Recoup names them (WIRE, ACH, CHECK, CARD); other names upper-cased. */
  private static String method(String value) {
    String v = SPACES.matcher(value.toUpperCase(Locale.ROOT).strip()).replaceAll(" ");
    return switch (v) {
      case "WIRE", "WIRE TRANSFER", "BANK TRANSFER", "TRANSFER", "SWIFT", "TT" -> "WIRE";
      case "ACH", "EFT", "ELECTRONIC FUNDS TRANSFER", "DIRECT DEBIT", "SEPA", "BACS" -> "ACH";
      case "CHECK", "CHEQUE", "CHK", "LOCKBOX" -> "CHECK";
      case "CARD", "CREDIT CARD", "DEBIT CARD", "VISA", "MASTERCARD", "AMEX" -> "CARD";
      default -> v;
    };
  }

  private static String channel(String value) {
    String v = value.toUpperCase(Locale.ROOT).strip();
    return switch (v) {
      case "DIRECT" -> "DIRECT";
      case "PARTNER", "RESELLER", "INDIRECT" -> "PARTNER";
      default ->
          throw new IllegalArgumentException(
              "'" + Texts.shorten(value) + "' is not a channel (DIRECT, PARTNER)");
    };
  }

  private static Map<String, Integer> maxLengths() {
    Map<String, Integer> m = new HashMap<>();
    for (String f :
        List.of(
            "external_id",
            "account_external_id",
            "parent_external_id",
            "partner_external_id",
            "end_customer_external_id",
            "invoice_external_id",
            "payment_external_id",
            "credit_memo_external_id",
            "number",
            "po_number",
            "contract_ref",
            "reference",
            "time_zone")) {
      m.put(f, 64);
    }
    m.put("name", 200);
    m.put("sales_owner", 200);
    m.put("owner", 200);
    m.put("reason", 200);
    m.put("source_system", 32);
    m.put("status", 32);
    m.put("payment_run_days", 32);
    m.put("entity", 200); // a code, or a subsidiary's name as NetSuite exports it
    m.put("segment", 16);
    m.put("method", 16);
    m.put("preferred_channel", 16);
    m.put("region", 8);
    m.put("language", 8);
    m.put("risk_rating", 8);
    m.put("email", 320);
    m.put("phone", 40);
    return Map.copyOf(m);
  }
}
