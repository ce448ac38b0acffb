package dev.recoup.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Every list's CSV export starts the same way: a UTF-8 attachment with a byte-order mark, which
 * Excel needs to read UTF-8. Cells that may begin with a formula go through {@link
 * SpreadsheetText#safe}.
 */
public final class CsvDownload {

  private CsvDownload() {}

  /** Sets the response up as a CSV attachment named {@code filename} and returns its writer. */
  public static PrintWriter open(HttpServletResponse response, String filename) throws IOException {
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    PrintWriter w = new PrintWriter(response.getOutputStream(), false, StandardCharsets.UTF_8);
    w.write('\ufeff');
    return w;
  }
}
