package dev.recoup.intake;

/**
 * How a file writes dates that are not ISO: {@code 11/3/2026} is 3 November in MDY (a US NetSuite
 * user's locale) and 11 March in DMY. ISO dates ({@code 2026-11-03}) are read in any order.
 */
public enum DateOrder {
  MDY,
  DMY,
  YMD
}
