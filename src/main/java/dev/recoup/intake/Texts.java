package dev.recoup.intake;

/** Small text helpers for messages about cells. */
final class Texts {

  static final int SHOWN = 40;

  private Texts() {}

  /** The value as a message shows it: at most 40 characters, then an ellipsis. */
  static String shorten(String value) {
    return shorten(value, SHOWN);
  }

  /** The value on one line, at most {@code max} characters, then an ellipsis. */
  static String shorten(String value, int max) {
    if (value == null) {
      return "";
    }
    String oneLine = value.replace('\r', ' ').replace('\n', ' ');
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
