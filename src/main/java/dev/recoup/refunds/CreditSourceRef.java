package dev.recoup.refunds;

import dev.recoup.ledger.CreditMemoId;
import dev.recoup.ledger.PaymentId;
import dev.recoup.ledger.Postings;
import java.util.Locale;

/**
 * Which credit a refund comes out of: the unapplied cash of a payment or the open part of a credit
 * memo. Written {@code PAYMENT:123} or {@code CREDIT_MEMO:45} in forms.
 */
public record CreditSourceRef(Kind kind, long id) {

  public enum Kind {
    PAYMENT,
    CREDIT_MEMO
  }

  public CreditSourceRef {
    if (kind == null) {
      throw new IllegalArgumentException("source: a payment or a credit memo");
    }
  }

  public static CreditSourceRef payment(long id) {
    return new CreditSourceRef(Kind.PAYMENT, id);
  }

  public static CreditSourceRef creditMemo(long id) {
    return new CreditSourceRef(Kind.CREDIT_MEMO, id);
  }

  /** Reads {@code PAYMENT:123} or {@code CREDIT_MEMO:45}. */
  public static CreditSourceRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("source: choose the payment or credit memo to refund");
    }
    String[] parts = text.strip().split(":", 2);
    try {
      return new CreditSourceRef(
          Kind.valueOf(parts[0].toUpperCase(Locale.ROOT)), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "source: PAYMENT:<id> or CREDIT_MEMO:<id>, not '" + text + "'");
    }
  }

  public String key() {
    return kind + ":" + id;
  }

  public boolean isPayment() {
    return kind == Kind.PAYMENT;
  }

  Postings.CreditSource toLedger() {
    return isPayment()
        ? Postings.CreditSource.of(new PaymentId(id))
        : Postings.CreditSource.of(new CreditMemoId(id));
  }

  /** "payment" or "credit memo", for messages. */
  String noun() {
    return isPayment() ? "payment" : "credit memo";
  }
}
