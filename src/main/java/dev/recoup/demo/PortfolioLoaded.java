package dev.recoup.demo;

import java.time.LocalDate;

/** A generated portfolio replaced the accounts and ledger: derived data must be rebuilt. */
public record PortfolioLoaded(Tier tier, LocalDate asOf) {}
