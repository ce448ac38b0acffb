package dev.recoup.shared;

/**
 * Text bound for a spreadsheet (CSV and Excel exports): a cell that begins with = + - @ (or a tab
 * or carriage return) would be read as a formula, so it gets a leading apostrophe (CSV injection).
 */
public final class SpreadsheetText {

  private SpreadsheetText() {}

  public static String safe(String s) {
    if (s != null && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return s;
  }
}
