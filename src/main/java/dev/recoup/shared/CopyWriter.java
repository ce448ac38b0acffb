package dev.recoup.shared;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Writes rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null), escaping what
 * the format requires so that names and memos with tabs, newlines or backslashes load unchanged.
 */
public final class CopyWriter {

  private final Writer out;
  private boolean first = true;

  public CopyWriter(Writer out) {
    this.out = out;
  }

  public CopyWriter add(long value) throws IOException {
    sep();
    out.write(Long.toString(value));
    return this;
  }

  public CopyWriter add(Long value) throws IOException {
    if (value == null) {
      return addNull();
    }
    return add(value.longValue());
  }

  public CopyWriter add(boolean value) throws IOException {
    sep();
    out.write(value ? "t" : "f");
    return this;
  }

  public CopyWriter add(BigDecimal value) throws IOException {
    if (value == null) {
      return addNull();
    }
    sep();
    out.write(value.toPlainString());
    return this;
  }

  public CopyWriter add(LocalDate value) throws IOException {
    if (value == null) {
      return addNull();
    }
    sep();
    out.write(value.toString());
    return this;
  }

  public CopyWriter add(String value) throws IOException {
    if (value == null) {
      return addNull();
    }
    sep();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.write("\\\\");
        case '\t' -> out.write("\\t");
        case '\n' -> out.write("\\n");
        case '\r' -> out.write("\\r");
        default -> out.write(c);
      }
    }
    return this;
  }

  public CopyWriter addNull() throws IOException {
    sep();
    out.write("\\N");
    return this;
  }

  public void endRow() throws IOException {
    out.write('\n');
    first = true;
  }

  private void sep() throws IOException {
    if (!first) {
      out.write('\t');
    }
    first = false;
  }
}
