package dev.recoup.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Which character set a text file is in, decided on its first bytes, and a reader that decodes it
 * without ever failing. A UTF-8 byte-order mark means UTF-8, a UTF-16 one UTF-16; otherwise the
 * prefix is checked byte by byte: valid UTF-8 (plain ASCII included) means UTF-8, anything else
 * Windows-1252 (the superset of Latin-1 that Excel and most ERPs write on Windows). A UTF-8 file
 * with a stray Windows-1252 byte after the checked prefix keeps that one byte as its Windows-1252
 * character instead of a replacement mark, so nothing is lost or dropped.
 */
final class TextDecoding {

  static final String UTF_8 = "UTF-8";
  static final String WINDOWS_1252 = "windows-1252";
  static final String UTF_16LE = "UTF-16LE";
  static final String UTF_16BE = "UTF-16BE";

  private static final char[] CP1252 = cp1252Table();

  private TextDecoding() {}

  /** What {@link #detect} found: the charset's name and how many bytes of byte-order mark. */
  record Detected(String charset, int bomLength) {}

  static Detected detect(byte[] prefix, boolean wholeFile) {
    int n = prefix.length;
    if (n >= 3
        && (prefix[0] & 0xff) == 0xEF
        && (prefix[1] & 0xff) == 0xBB
        && (prefix[2] & 0xff) == 0xBF) {
      return new Detected(UTF_8, 3);
    }
    if (n >= 2 && (prefix[0] & 0xff) == 0xFF && (prefix[1] & 0xff) == 0xFE) {
      return new Detected(UTF_16LE, 2);
    }
    if (n >= 2 && (prefix[0] & 0xff) == 0xFE && (prefix[1] & 0xff) == 0xFF) {
      return new Detected(UTF_16BE, 2);
    }
    int i = 0;
    while (i < n) {
      int len = sequenceLength(prefix, i, n);
      if (len > 0) {
        i += len;
      } else if (len == 0 && !wholeFile) {
        break; // a multi-byte character cut by the end of the prefix: fine so far
      } else {
        return new Detected(WINDOWS_1252, 0);
      }
    }
    return new Detected(UTF_8, 0);
  }

  /** The decoded text of a prefix (for sniffing); the last, possibly cut character may be off. */
  static String decodePrefix(byte[] prefix, Detected detected) {
    try (Reader r = reader(new java.io.ByteArrayInputStream(prefix), detected)) {
      StringBuilder out = new StringBuilder(prefix.length);
      char[] buf = new char[8192];
      int k;
      while ((k = r.read(buf)) > 0) {
        out.append(buf, 0, k);
      }
      return out.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A reader over {@code in}, which must be positioned after the byte-order mark. */
  static Reader reader(InputStream in, Detected detected) {
    return switch (detected.charset()) {
      case UTF_16LE, UTF_16BE ->
          new InputStreamReader(
              in,
              Charset.forName(detected.charset())
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPLACE)
                  .onUnmappableCharacter(CodingErrorAction.REPLACE));
      case UTF_8 -> new Utf8Reader(in, true);
      default -> new Utf8Reader(in, false);
    };
  }

  /**
   * Length of the valid UTF-8 sequence at {@code i}: 1..4; 0 when the bytes run out before a
   * sequence that is valid so far ends; -1 when invalid.
   */
  static int sequenceLength(byte[] b, int i, int limit) {
    int b0 = b[i] & 0xff;
    if (b0 < 0x80) {
      return 1;
    }
    int need;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      if (b0 == 0xE0) {
        lo = 0xA0;
      } else if (b0 == 0xED) {
        hi = 0x9F;
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      if (b0 == 0xF0) {
        lo = 0x90;
      } else if (b0 == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return -1;
    }
    for (int k = 1; k <= need; k++) {
      if (i + k >= limit) {
        return 0;
      }
      int c = b[i + k] & 0xff;
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) {
        return -1;
      }
    }
    return need + 1;
  }

  private static char[] cp1252Table() {
    char[] table = new char[256];
    Charset cs;
    try {
      cs = Charset.forName("windows-1252");
    } catch (RuntimeException e) {
      cs = StandardCharsets.ISO_8859_1;
    }
    for (int b = 0; b < 256; b++) {
      String s = new String(new byte[] {(byte) b}, cs);
      char c = s.length() == 1 ? s.charAt(0) : '\uFFFD';
      // The five bytes Windows-1252 leaves undefined keep their Latin-1 (C1) meaning.
      table[b] = c == '\uFFFD' ? (char) b : c;
    }
    return table;
  }

  /**
   * UTF-8 (each invalid byte read as its Windows-1252 character) or plain Windows-1252; never
   * throws on content, only on I/O.
   */
  static final class Utf8Reader extends Reader {
    private final InputStream in;
    private final boolean utf8;
    private final byte[] buf = new byte[16384];
    private int pos;
    private int lim;
    private boolean eof;
    private int pendingLowSurrogate = -1;

    Utf8Reader(InputStream in, boolean utf8) {
      this.in = in;
      this.utf8 = utf8;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = 0;
      while (n < len) {
        if (pendingLowSurrogate >= 0) {
          cbuf[off + n++] = (char) pendingLowSurrogate;
          pendingLowSurrogate = -1;
          continue;
        }
        if (lim - pos < 4 && !eof) {
          if (n > 0 && lim > pos) {
            // Enough for this call unless the next character may be cut: decode what is whole.
            int seq = utf8 ? sequenceLength(buf, pos, lim) : 1;
            if (seq == 0) {
              break;
            }
          } else {
            fill();
          }
        }
        if (pos >= lim) {
          break;
        }
        int b0 = buf[pos] & 0xff;
        if (b0 < 0x80) {
          cbuf[off + n++] = (char) b0;
          pos++;
          continue;
        }
        if (!utf8) {
          cbuf[off + n++] = CP1252[b0];
          pos++;
          continue;
        }
        int seq = sequenceLength(buf, pos, lim);
        if (seq <= 0) {
          cbuf[off + n++] = CP1252[b0];
          pos++;
          continue;
        }
        int cp =
            switch (seq) {
              case 2 -> ((b0 & 0x1F) << 6) | (buf[pos + 1] & 0x3F);
              case 3 -> ((b0 & 0x0F) << 12) | ((buf[pos + 1] & 0x3F) << 6) | (buf[pos + 2] & 0x3F);
              default ->
                  ((b0 & 0x07) << 18)
                      | ((buf[pos + 1] & 0x3F) << 12)
                      | ((buf[pos + 2] & 0x3F) << 6)
                      | (buf[pos + 3] & 0x3F);
            };
        pos += seq;
        if (cp >= 0x10000) {
          cbuf[off + n++] = Character.highSurrogate(cp);
          pendingLowSurrogate = Character.lowSurrogate(cp);
        } else {
          cbuf[off + n++] = (char) cp;
        }
      }
      return n == 0 ? -1 : n;
    }

    private void fill() throws IOException {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      }
      while (lim < 4 && !eof) {
        int k = in.read(buf, lim, buf.length - lim);
        if (k < 0) {
          eof = true;
        } else {
          lim += k;
        }
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
