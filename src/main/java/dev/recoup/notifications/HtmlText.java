package dev.recoup.notifications;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text from an e-mail's HTML: the text part sent next to the HTML (spam filters and text-only
 * readers want one) and a preview that can be shown escaped, so the page never renders stored HTML
 * as markup. Not a sanitizer: its output is text, to be escaped like any other.
 */
final class HtmlText {

  private static final Pattern INVISIBLE =
      Pattern.compile("(?is)<!--.*?-->|<(script|style|head|title)\\b.*?</\\1\\s*>");
  private static final Pattern LINE_BREAKS =
      Pattern.compile("(?i)<br\\s*/?>|</(p|div|tr|li|h[1-6]|table|ul|ol|blockquote)\\s*>");
  private static final Pattern CELL_ENDS = Pattern.compile("(?i)</t[dh]\\s*>");
  private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]{1,6});");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00a0]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n\\s*\\n+");

  private HtmlText() {}

  static String of(String html) {
    if (html == null || html.isEmpty()) {
      return "";
    }
    String s = INVISIBLE.matcher(html).replaceAll(" ");
    s = LINE_BREAKS.matcher(s).replaceAll("\n");
    s = CELL_ENDS.matcher(s).replaceAll("\t");
    s = TAGS.matcher(s).replaceAll("");
    s = entities(s);
    s = SPACES.matcher(s).replaceAll(" ");
    s = s.replaceAll(" *\\n *", "\n");
    s = BLANK_LINES.matcher(s).replaceAll("\n\n");
    return s.strip();
  }

  private static String entities(String s) {
    Matcher m = NUMERIC_ENTITY.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      int code;
      try {
        code = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
      } catch (NumberFormatException e) {
        code = -1;
      }
      String replacement =
          Character.isValidCodePoint(code) && code > 0 ? Character.toString(code) : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    // &amp; last, so that "&amp;lt;" becomes the text "&lt;" rather than "<".
    return out.toString()
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }
}
