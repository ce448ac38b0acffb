package dev.recoup.intake;

import dev.recoup.shared.Money;

/**
 * One invoice on which the ERP and Recoup disagree. The ERP side ({@code fileRow}, {@code erpOpen},
 * {@code erpStatus} as the file writes it) is absent when the ERP's file does not list the invoice;
 * Recoup's side ({@code invoiceId}, {@code recoupOpen}, {@code recoupStatus}) is absent when Recoup
 * has no such invoice. {@code accountId} and {@code accountName} are the invoice's account in
 * Recoup, or the account the ERP names when Recoup has that account but not the invoice. {@code
 * difference} is the ERP's open amount less Recoup's when both sides are in one currency.
 */
public record ReconciliationDifference(
    long id,
    DifferenceKind kind,
    String externalId,
    String number,
    Long fileRow,
    String accountExternalId,
    Long invoiceId,
    Long accountId,
    String accountName,
    Money erpOpen,
    String erpStatus,
    Money recoupOpen,
    String recoupStatus,
    Money difference) {}
