package dev.recoup.shared;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Documents that leave the company (statements, agreements, letters) are HTML rendered to PDF. */
public final class Pdf {

  private Pdf() {}

  /** Renders well-formed XHTML (what the Thymeleaf document templates produce) to a PDF. */
  public static byte[] fromHtml(String html) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(html, null);
      builder.toStream(out);
      builder.run();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
