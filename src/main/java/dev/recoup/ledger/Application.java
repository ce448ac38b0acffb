package dev.recoup.ledger;

import dev.recoup.shared.Money;
import java.time.LocalDate;

/** Part of an invoice settled by a payment or a credit memo. */
public record Application(
    long id, InvoiceId invoiceId, String invoiceNumber, Money amount, LocalDate appliedOn) {}
