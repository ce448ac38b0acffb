package dev.recoup.intake;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * Reads an amount as ERPs and spreadsheets write it: {@code 1,234.56}, {@code $1,234.56}, {@code
 * USD 1.234,56} (decimal comma), {@code (100.00)} and {@code 100.00-} (negative), {@code 1 234,56}
 * and {@code 1'234.56} (space and apostrophe grouping). The mapping's decimal separator decides
 * what '.' and ',' mean; the other one may only group thousands (groups of three, or the Indian
 * 2-2-3), so {@code 1.234,56} under '.' is refused with a hint rather than read as something else.
 * A currency code around the number is returned so the caller can compare it with the row's
 * currency. Faults are {@link IllegalArgumentException}s whose message names the value.
 */
final class Amounts {

  static final int MAX_LENGTH = 64;
  static final int MAX_INTEGER_DIGITS = 15;

  /** Codes already looked up, as written → ISO (bounded: only valid three-letter codes). */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> KNOWN_CODES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Currency signs written as letters: Nordic kr, Polish zł, Czech Kč, Hungarian Ft... */
  private static final java.util.Set<String> SYMBOL_WORDS =
      java.util.Set.of("kr", "kr.", "zł", "kč", "ft", "lei", "rs", "rs.", "rp", "rm", "r", "fr.");

  private Amounts() {}

  /** The number, and the ISO code written beside it (null if none or only a symbol). */
  record Amount(BigDecimal value, String currencyCode) {}

  static Amount parse(String text, char decimalSeparator) {
    if (decimalSeparator != '.' && decimalSeparator != ',') {
      throw new IllegalArgumentException(
          "the mapping's decimal separator must be '.' or ',', not '" + decimalSeparator + "'");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is blank");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "'" + Texts.shorten(text) + "' is too long to be an amount");
    }
    BigDecimal plain = plain(text, decimalSeparator);
    if (plain != null) {
      return new Amount(plain, null);
    }
    String s = normalizeSpaces(text).strip();
    int first = -1;
    int last = -1;
    for (int i = 0; i < s.length(); i++) {
      if (isAsciiDigit(s.charAt(i))) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0) {
      throw notAnAmount(text);
    }
    // ".50" and "50." keep their separator inside the number.
    if (first > 0 && s.charAt(first - 1) == decimalSeparator) {
      first--;
    }
    if (last + 1 < s.length() && s.charAt(last + 1) == decimalSeparator) {
      last++;
    }
    Affix prefix = affix(s.substring(0, first), text);
    Affix suffix = affix(s.substring(last + 1), text);
    int signs = prefix.signs + suffix.signs;
    if (signs > 1
        || prefix.openParen != suffix.closeParen
        || prefix.closeParen
        || suffix.openParen) {
      throw notAnAmount(text);
    }
    boolean negative = signs == 1 || prefix.openParen;
    if (prefix.openParen && signs > 0) {
      throw notAnAmount(text);
    }
    String code = prefix.code != null ? prefix.code : suffix.code;
    if (prefix.code != null && suffix.code != null && !prefix.code.equals(suffix.code)) {
      throw notAnAmount(text);
    }
    BigDecimal value = number(s.substring(first, last + 1), decimalSeparator, text);
    return new Amount(negative ? value.negate() : value, code);
  }

  /**
   * The common case without allocation beyond the result: an optional minus, up to 15 integer
   * digits, optionally the decimal separator and digits. Null when the text is anything else.
   */
  private static BigDecimal plain(String text, char decimalSeparator) {
    int n = text.length();
    int i = 0;
    boolean negative = n > 0 && text.charAt(0) == '-';
    if (negative) {
      i++;
    }
    int integerStart = i;
    while (i < n && isAsciiDigit(text.charAt(i))) {
      i++;
    }
    int integerEnd = i;
    int fractionStart = -1;
    if (i < n && text.charAt(i) == decimalSeparator) {
      i++;
      fractionStart = i;
      while (i < n && isAsciiDigit(text.charAt(i))) {
        i++;
      }
      if (i == fractionStart) {
        return null;
      }
    }
    if (i != n || integerEnd == integerStart) {
      return null;
    }
    int significant = integerStart;
    while (significant < integerEnd - 1 && text.charAt(significant) == '0') {
      significant++;
    }
    if (integerEnd - significant > MAX_INTEGER_DIGITS) {
      return null;
    }
    String number =
        fractionStart < 0
            ? text.substring(integerStart, integerEnd)
            : text.substring(integerStart, integerEnd) + "." + text.substring(fractionStart);
    BigDecimal value = new BigDecimal(number);
    return negative ? value.negate() : value;
  }

  /** Digits with at most one decimal separator and well-placed grouping. */
  private static BigDecimal number(String body, char decimalSeparator, String text) {
    char grouping = decimalSeparator == '.' ? ',' : '.';
    int decimalAt = -1;
    int decimals = 0;
    int lastGroupingAt = -1;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == decimalSeparator) {
        decimals++;
        if (decimalAt < 0) {
          decimalAt = i;
        }
      } else if (c == grouping || c == ' ' || c == '\'') {
        lastGroupingAt = i;
      } else if (!isAsciiDigit(c)) {
        throw notAnAmount(text);
      }
    }
    if (decimals > 1 || (decimalAt >= 0 && lastGroupingAt > decimalAt)) {
      throw wrongSeparator(text, decimalSeparator);
    }
    String integerPart = decimalAt < 0 ? body : body.substring(0, decimalAt);
    String fraction = decimalAt < 0 ? "" : body.substring(decimalAt + 1);
    String digits = grouped(integerPart, grouping, decimalSeparator, text);
    if (digits.isEmpty() && fraction.isEmpty()) {
      throw notAnAmount(text);
    }
    String integerDigits = stripLeadingZeros(digits);
    if (integerDigits.length() > MAX_INTEGER_DIGITS) {
      throw new IllegalArgumentException("'" + Texts.shorten(text) + "' is too large an amount");
    }
    return new BigDecimal(
        (integerDigits.isEmpty() ? "0" : integerDigits)
            + (fraction.isEmpty() ? "" : "." + fraction));
  }

  /** The integer digits of a grouped integer part, or a refusal naming the likely cause. */
  private static String grouped(String part, char grouping, char decimalSeparator, String text) {
    char used = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!isAsciiDigit(c)) {
        if (used != 0 && used != c) {
          throw c == grouping || used == grouping
              ? wrongSeparator(text, decimalSeparator)
              : notAnAmount(text);
        }
        used = c;
      }
    }
    if (used == 0) {
      return part;
    }
    String[] groups = part.split(java.util.regex.Pattern.quote(String.valueOf(used)), -1);
    boolean ok = groups.length >= 2 && groups[0].length() >= 1 && groups[0].length() <= 3;
    boolean allThree = true;
    for (int g = 1; g < groups.length; g++) {
      allThree &= groups[g].length() == 3;
    }
    boolean indian = groups[groups.length - 1].length() == 3 && groups[0].length() <= 2;
    for (int g = 1; g < groups.length - 1; g++) {
      indian &= groups[g].length() == 2;
    }
    if (!ok || !(allThree || indian)) {
      if (used == grouping) {
        throw wrongSeparator(text, decimalSeparator);
      }
      throw notAnAmount(text);
    }
    return String.join("", groups);
  }

  private record Affix(int signs, boolean openParen, boolean closeParen, String code) {}

  /** What may stand around a number: a sign, parentheses, a currency symbol or ISO code. */
  private static Affix affix(String raw, String text) {
    int signs = 0;
    boolean open = false;
    boolean close = false;
    StringBuilder rest = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      switch (c) {
        case '-' -> signs++;
        case '+' -> {
          // an explicit plus changes nothing
        }
        case '(' -> {
          if (open) {
            throw notAnAmount(text);
          }
          open = true;
        }
        case ')' -> {
          if (close) {
            throw notAnAmount(text);
          }
          close = true;
        }
        case ' ' -> {
          // spacing between symbol, sign and number
        }
        default -> rest.append(c);
      }
    }
    String currency = rest.toString();
    String code = null;
    if (!currency.isEmpty()) {
      int symbols = 0;
      int letters = 0;
      for (int i = 0; i < currency.length(); i++) {
        char c = currency.charAt(i);
        if (Character.getType(c) == Character.CURRENCY_SYMBOL) {
          symbols++;
        } else if (Character.isLetter(c) || (c == '.' && i == currency.length() - 1)) {
          letters++;
        } else {
          throw notAnAmount(text);
        }
      }
      if (symbols == 0) {
        code = isoCode(currency);
        if (code == null && !SYMBOL_WORDS.contains(currency.toLowerCase(Locale.ROOT))) {
          throw notAnAmount(text);
        }
      } else if (symbols > 1 || letters > 3) {
        throw notAnAmount(text);
      }
    }
    return new Affix(signs, open, close, code);
  }

  /** The upper-case ISO 4217 code, or null when {@code text} is not one. */
  static String isoCode(String text) {
    if (text == null || text.length() != 3) {
      return null;
    }
    String known = KNOWN_CODES.get(text);
    if (known != null) {
      return known;
    }
    String upper = text.toUpperCase(Locale.ROOT);
    for (int i = 0; i < 3; i++) {
      char c = upper.charAt(i);
      if (c < 'A' || c > 'Z') {
        return null;
      }
    }
    try {
      String code = Currency.getInstance(upper).getCurrencyCode();
      if (KNOWN_CODES.size() < 10_000) {
        KNOWN_CODES.put(text, code);
      }
      return code;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The number of decimals a currency allows (JPY 0, USD 2, KWD 3). */
  static int scaleOf(String isoCode) {
    int digits = Currency.getInstance(isoCode).getDefaultFractionDigits();
    return Math.max(digits, 0);
  }

  private static String normalizeSpaces(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(
          switch (c) {
            case '\u00A0', '\u2007', '\u202F', '\u2009', '\t' -> ' ';
            case '\u2212', '\u2013' -> '-';
            case '\u2019' -> '\'';
            default -> c;
          });
    }
    return out.toString();
  }

  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException notAnAmount(String text) {
    return new IllegalArgumentException("'" + Texts.shorten(text) + "' is not an amount");
  }

  private static IllegalArgumentException wrongSeparator(String text, char decimalSeparator) {
    return new IllegalArgumentException(
        decimalSeparator == '.'
            ? "'"
                + Texts.shorten(text)
                + "' looks like a decimal comma; set the mapping's decimal separator to ','"
            : "'"
                + Texts.shorten(text)
                + "' looks like a decimal point; set the mapping's decimal separator to '.'");
  }
}
