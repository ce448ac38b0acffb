package dev.recoup.shared;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Documents that leave the company (statements, agreements, letters) are HTML rendered to PDF. The
 * PDF base fonts carry Latin text only; a document that names the bundled font family {@value
 * #CJK_FONT} in its CSS gets Japanese (and Chinese) glyphs from it, loaded only when it is used.
 */
public final class Pdf {

  /** The font family with Japanese glyphs (IPAexGothic, bundled under /fonts). */
  public static final String CJK_FONT = "IPAexGothic";

  private Pdf() {}

  /** Renders well-formed XHTML (what the Thymeleaf document templates produce) to a PDF. */
  public static byte[] fromHtml(String html) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.useFont(() -> Pdf.class.getResourceAsStream("/fonts/ipaexg.ttf"), CJK_FONT);
      builder.withHtmlContent(html, null);
      builder.toStream(out);
      builder.run();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
