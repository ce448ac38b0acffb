package dev.recoup.intake;

import java.util.Map;

/**
 * How one file's columns become a kind's canonical fields: {@code columns} maps canonical field →
 * the file's header (matched ignoring case and surrounding spaces); {@code constants} gives a value
 * to a field the file does not carry (e.g. {@code entity=US01}). Amounts are read with {@code
 * decimalSeparator} ('.' or ','; the other one is taken as the thousands separator, currency
 * symbols and codes around the number are dropped); dates in {@code dateOrder}. {@code
 * sourceSystem} is the default source system of the records (a {@code source_system} column wins).
 * Presets (NetSuite, SAP, Oracle, Recoup) are mappings; users save their own by name.
 */
public record ColumnMapping(
    String name,
    ImportKind kind,
    String sourceSystem,
    Map<String, String> columns,
    Map<String, String> constants,
    DateOrder dateOrder,
    char decimalSeparator) {}
