package dev.recoup.dunning;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.InvoiceId;
import java.time.LocalDate;
import java.util.List;

/**
 * The daily run reached a step whose action is a service suspension for these items of an account.
 * The suspension module proposes the suspension (the manager approves it there); dunning only
 * records that the step was referred. Published once per account and run, in the transaction that
 * dispatches the account's part of the run.
 */
public record SuspensionStepReached(AccountId account, LocalDate runDate, List<InvoiceId> items) {}
