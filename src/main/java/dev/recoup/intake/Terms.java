package dev.recoup.intake;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment terms in days, from a number ({@code 30}) or as ERPs name terms: {@code Net 30}, {@code
 * N30}, {@code 30 days}, {@code 2% 10 Net 30} (the net days), {@code Due on receipt} (0). Anything
 * else is refused with the value in the message, as is a number outside 0-365.
 */
final class Terms {

  private static final Pattern NET = Pattern.compile("\\bn(?:et)?\\s*-?\\s*(\\d{1,4})\\b");
  private static final Pattern DAYS = Pattern.compile("^(\\d{1,4})\\s*(?:days?|d)$");

  private Terms() {}

  static int days(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    int days;
    if (isSmallNumber(t)) {
      days = Integer.parseInt(t);
    } else if (t.length() > 60) {
      throw notTerms(text);
    } else if (t.equals("due on receipt")
        || t.equals("upon receipt")
        || t.equals("immediate")
        || t.equals("due upon receipt")
        || t.equals("cash")
        || t.equals("cod")) {
      days = 0;
    } else {
      Matcher net = NET.matcher(t);
      Matcher plain = DAYS.matcher(t);
      if (net.find()) {
        days = Integer.parseInt(net.group(1));
      } else if (plain.matches()) {
        days = Integer.parseInt(plain.group(1));
      } else {
        throw notTerms(text);
      }
    }
    if (days > 365) {
      throw new IllegalArgumentException(
          "'" + Texts.shorten(text) + "' is more than 365 days of terms");
    }
    return days;
  }

  private static boolean isSmallNumber(String t) {
    if (t.isEmpty() || t.length() > 4) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException notTerms(String text) {
    return new IllegalArgumentException(
        "'" + Texts.shorten(text) + "' is not payment terms in days (like 30 or Net 30)");
  }
}
