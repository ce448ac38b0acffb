package dev.recoup.intake;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a date as ERPs and spreadsheets write it. ISO ({@code 2026-11-03}, also with a time that is
 * dropped) and {@code 20261103} are read in any order; {@code 11/3/2026}, {@code 3.11.2026}, {@code
 * 03-11-26} in the mapping's {@link DateOrder} (a four-digit first part is always the year); month
 * names in English ({@code 3-Nov-2026}, {@code Nov 3, 2026}, Oracle's {@code 03-NOV-26}) in any
 * order. Two-digit years are 2000-2069 or 1970-1999. Faults are {@link IllegalArgumentException}s
 * whose message names the value.
 */
final class Dates {

  static final int MAX_LENGTH = 40;

  private static final Map<String, Integer> MONTHS = months();

  private Dates() {}

  static LocalDate parse(String text, DateOrder order) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is blank");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("'" + Texts.shorten(text) + "' is too long to be a date");
    }
    if (isIsoDate(text)) {
      return date(
          text,
          null,
          digits(text, 0, 4),
          digits(text, 5, 7),
          digits(text, 8, 10)); // the common case, without splitting
    }
    String s = text.strip();
    s = dropTime(s);
    if (s.length() == 8 && allDigits(s)) {
      return date(text, null, num(s.substring(0, 4)), num(s.substring(4, 6)), num(s.substring(6)));
    }
    List<String> parts = new ArrayList<>(3);
    List<Character> separators = new ArrayList<>(2);
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (part.length() > 0 && isAsciiDigit(c) != isAsciiDigit(part.charAt(0))) {
          parts.add(part.toString()); // "3Nov2026"
          part.setLength(0);
        }
        part.append(c);
      } else if (c == '/' || c == '.' || c == '-' || c == ' ' || c == ',') {
        if (part.length() > 0) {
          parts.add(part.toString());
          part.setLength(0);
          separators.add(c);
        } else if (c != ' ' && c != ',' || parts.isEmpty()) {
          throw notADate(text, order);
        }
      } else {
        throw notADate(text, order);
      }
    }
    if (part.length() > 0) {
      parts.add(part.toString());
    }
    if (parts.size() != 3) {
      throw notADate(text, order);
    }
    int monthNameAt = -1;
    for (int i = 0; i < 3; i++) {
      String p = parts.get(i);
      if (!allDigits(p)) {
        if (monthNameAt >= 0 || !MONTHS.containsKey(p.toLowerCase(Locale.ROOT))) {
          throw notADate(text, order);
        }
        monthNameAt = i;
      } else if (p.length() > 4) {
        throw notADate(text, order);
      }
    }
    if (monthNameAt >= 0) {
      return withMonthName(text, parts, monthNameAt, order);
    }
    char sep = separators.isEmpty() ? ' ' : separators.get(0);
    for (char other : separators) {
      if (other != sep) {
        throw notADate(text, order);
      }
    }
    if (parts.get(0).length() == 4) {
      return date(text, null, num(parts.get(0)), num(parts.get(1)), num(parts.get(2)));
    }
    if (parts.get(1).length() > 2 || parts.get(0).length() > 2) {
      throw notADate(text, order);
    }
    DateOrder effective = order == null ? DateOrder.YMD : order;
    return switch (effective) {
      case MDY ->
          date(
              text,
              "month/day/year",
              year(parts.get(2), text),
              num(parts.get(0)),
              num(parts.get(1)));
      case DMY ->
          date(
              text,
              "day/month/year",
              year(parts.get(2), text),
              num(parts.get(1)),
              num(parts.get(0)));
      case YMD -> {
        if (parts.get(2).length() > 2) {
          throw notADate(text, order);
        }
        yield date(
            text, "year-month-day", year(parts.get(0), text), num(parts.get(1)), num(parts.get(2)));
      }
    };
  }

  private static LocalDate withMonthName(
      String text, List<String> parts, int monthAt, DateOrder order) {
    int month = MONTHS.get(parts.get(monthAt).toLowerCase(Locale.ROOT));
    List<String> rest = new ArrayList<>(parts);
    rest.remove(monthAt);
    String a = rest.get(0);
    String b = rest.get(1);
    if (a.length() == 4 && b.length() <= 2) {
      return date(text, null, num(a), month, num(b)); // 2026 Nov 3
    }
    if (a.length() <= 2 && (b.length() == 4 || b.length() == 2)) {
      return date(text, null, year(b, text), month, num(a)); // 3 Nov 2026, Nov 3 2026, 03-NOV-26
    }
    throw notADate(text, order);
  }

  /** "2026-11-03T10:15:00", "2026-11-03 00:00:00", "11/3/2026 12:00 AM" → the date part. */
  private static String dropTime(String s) {
    int t = s.indexOf('T');
    if (t == 10 && s.length() > 11 && isAsciiDigit(s.charAt(11))) {
      return s.substring(0, 10);
    }
    int colon = s.indexOf(':');
    if (colon > 0) {
      int space = s.lastIndexOf(' ', colon);
      if (space > 0) {
        String time = s.substring(space + 1).toUpperCase(Locale.ROOT);
        if (time.matches("\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?( ?[AP]M)?")) {
          return s.substring(0, space).strip();
        }
      }
    }
    return s;
  }

  private static boolean isIsoDate(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (i != 4 && i != 7 && !isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  private static int year(String text, String whole) {
    int y = num(text);
    if (text.length() == 2) {
      return y < 70 ? 2000 + y : 1900 + y;
    }
    if (text.length() != 4) {
      throw new IllegalArgumentException("'" + Texts.shorten(whole) + "' has no clear year");
    }
    return y;
  }

  /** The date, or a refusal naming {@code text} and, when given, how its parts were read. */
  private static LocalDate date(String text, String readAs, int year, int month, int day) {
    if (year < 1900 || year > 2199) {
      throw new IllegalArgumentException(
          "'" + Texts.shorten(text) + "' has a year outside 1900-2199");
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'"
              + Texts.shorten(text)
              + "' is not a real date"
              + (readAs == null ? "" : " (read as " + readAs + ")"));
    }
  }

  private static int num(String digits) {
    if (digits.isEmpty() || digits.length() > 4 || !allDigits(digits)) {
      throw new IllegalArgumentException("'" + Texts.shorten(digits) + "' is not a number");
    }
    return Integer.parseInt(digits);
  }

  private static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException notADate(String text, DateOrder order) {
    String pattern =
        order == null
            ? "ISO 2026-11-03"
            : switch (order) {
              case MDY -> "month/day/year or ISO";
              case DMY -> "day/month/year or ISO";
              case YMD -> "year-month-day";
            };
    return new IllegalArgumentException(
        "'" + Texts.shorten(text) + "' is not a date (expected " + pattern + ")");
  }

  private static Map<String, Integer> months() {
    Map<String, Integer> m = new java.util.HashMap<>();
    String[] names = {
      "january",
      "february",
      "march",
      "april",
      "may",
      "june",
      "july",
      "august",
      "september",
      "october",
      "november",
      "december"
    };
    for (int i = 0; i < 12; i++) {
      m.put(names[i], i + 1);
      m.put(names[i].substring(0, 3), i + 1);
    }
    m.put("sept", 9);
    return Map.copyOf(m);
  }
}
