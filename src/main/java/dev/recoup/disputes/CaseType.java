package dev.recoup.disputes;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a customer asks for. Each type has its SLA and default owner in {@code case_type_rule} and
 * one reply template per language ({@code templates/mail/case-<key>_<language>.html}).
 */
public enum CaseType {
  INVOICE_COPY("Invoice copy"),
  TAX_FORM("Tax form (W-9 etc.)"),
  ADDRESS_CHANGE("Address or contact change"),
  REFUND_REQUEST("Refund request"),
  PAYMENT_QUESTION("Payment question"),
  PORTAL_ACCESS("Portal access"),
  OTHER("Other");

  private final String label;

  CaseType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The reply template's name: {@code invoice-copy} for INVOICE_COPY. */
  public String templateKey() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The type a person or a system typed, or an error naming the field and the choices. */
  static CaseType parse(String field, String input) {
    if (input == null || input.isBlank()) {
      throw new IllegalArgumentException(field + ": required");
    }
    String normalized = input.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(values())
        .filter(t -> t.name().equals(normalized))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(field + ": one of " + names()));
  }

  static String names() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
