package dev.recoup.notifications;

import java.util.List;

/**
 * An e-mail another module wants sent, handed to {@link Outbox#enqueue}. The idempotency key names
 * the logical message (for example {@code "dunning-letter:4711:level-2"}): enqueuing the same key
 * again stores nothing new. {@code cc} is a comma-separated list or null; the body is HTML.
 */
public record OutgoingEmail(
    String idempotencyKey,
    Long accountId,
    String kind,
    String to,
    String cc,
    String subject,
    String bodyHtml,
    List<Attachment> attachments) {

  static final int MAX_KEY = 200;
  static final int MAX_KIND = 32;
  static final int MAX_ADDRESS = 320;
  static final int MAX_SUBJECT = 500;

  public OutgoingEmail {
    idempotencyKey = required("idempotencyKey", idempotencyKey, MAX_KEY);
    kind = required("kind", kind, MAX_KIND);
    to = required("to", to, MAX_ADDRESS);
    subject = required("subject", subject, MAX_SUBJECT);
    if (bodyHtml == null) {
      throw new IllegalArgumentException("bodyHtml: required");
    }
    cc = cc == null || cc.isBlank() ? null : cc.strip();
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** An e-mail without attachments. */
  public OutgoingEmail(
      String idempotencyKey,
      Long accountId,
      String kind,
      String to,
      String cc,
      String subject,
      String bodyHtml) {
    this(idempotencyKey, accountId, kind, to, cc, subject, bodyHtml, List.of());
  }

  /** A file sent with the e-mail (a statement, an invoice copy). */
  public record Attachment(String filename, String contentType, byte[] content) {

    public Attachment {
      filename = required("filename", filename, 255);
      contentType =
          contentType == null || contentType.isBlank()
              ? "application/octet-stream"
              : contentType.strip();
      if (content == null) {
        throw new IllegalArgumentException("content: required");
      }
    }
  }

  private static String required(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": required");
    }
    String v = value.strip();
    if (v.length() > maxLength) {
      throw new IllegalArgumentException(field + ": at most " + maxLength + " characters");
    }
    return v;
  }
}
