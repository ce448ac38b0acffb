package dev.recoup.refunds;

/**
 * How the customer's bank details were confirmed before money leaves: never from the e-mail that
 * asked for the refund alone (the usual payment-fraud route), always through a channel on file.
 */
public enum VerificationMethod {
  /** A call back to the phone number already on file (not one given in the request). */
  CALL_BACK,
  /** A signed bank letter on the customer's letterhead, checked against the vendor record. */
  SIGNED_BANK_LETTER,
  /** Confirmed in the customer's AP or supplier portal. */
  AP_PORTAL,
  /** The bank details match those already held in the ERP for this customer. */
  ERP_RECORD
}
