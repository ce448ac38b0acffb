package dev.recoup.intake.web;

import dev.recoup.intake.ColumnMapping;
import dev.recoup.intake.ImportKind;
import dev.recoup.intake.Presets;
import dev.recoup.intake.SavedMappings;
import dev.recoup.intake.SavedMappings.SavedMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The mappings a person picks from when uploading a file: the built-in presets, the mappings saved
 * by name, and a guess from the file's header. A choice travels in forms as {@code
 * preset:netsuite}, {@code saved:12} or {@code guess}.
 */
@Component
class MappingChoices {

  static final String GUESS = "guess";

  /** One entry of the mapping drop-down; {@code kind} is null for a preset (it covers kinds). */
  record Option(String value, String label, String group, ImportKind kind) {}

  private final SavedMappings saved;

  MappingChoices(SavedMappings saved) {
    this.saved = saved;
  }

  /**
   * The choices for a kind (presets that have a mapping of it, its saved mappings), or for every
   * kind when {@code kind} is null; the guess comes first.
   */
  List<Option> options(ImportKind kind) {
    List<Option> out = new ArrayList<>();
    out.add(new Option(GUESS, "Guess from the file's header", "", null));
    for (String preset : Presets.names()) {
      if (kind == null || hasPreset(preset, kind)) {
        out.add(new Option("preset:" + preset, presetLabel(preset), "Presets", null));
      }
    }
    List<SavedMapping> mappings = kind == null ? saved.all() : saved.list(kind);
    for (SavedMapping m : mappings) {
      out.add(new Option("saved:" + m.id(), m.name(), "Saved mappings", m.kind()));
    }
    return out;
  }

  /**
   * The mapping a choice stands for, for a file of {@code kind} whose header is {@code header}
   * (used by the guess). Refuses a saved mapping of another kind and a preset without the kind.
   */
  ColumnMapping resolve(String choice, ImportKind kind, List<String> header) {
    String c = choice == null ? "" : choice.strip();
    if (c.isEmpty() || c.equals(GUESS)) {
      return Presets.guess(header, kind);
    }
    if (c.startsWith("preset:")) {
      return Presets.named(c.substring("preset:".length()), kind);
    }
    if (c.startsWith("saved:")) {
      long id;
      try {
        id = Long.parseLong(c.substring("saved:".length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("mapping: unknown mapping " + c);
      }
      ColumnMapping m =
          saved
              .find(id)
              .map(SavedMapping::mapping)
              .orElseThrow(
                  () -> new IllegalArgumentException("mapping: the saved mapping is gone"));
      if (m.kind() != kind) {
        throw new IllegalArgumentException(
            "mapping: "
                + m.name()
                + " maps "
                + m.kind().slug()
                + ", not "
                + kind.slug()
                + "; choose a mapping of "
                + kind.slug());
      }
      return m;
    }
    throw new IllegalArgumentException("mapping: unknown mapping " + c);
  }

  /** The label of a choice, for a page that repeats what was chosen. */
  String label(String choice) {
    if (choice == null || choice.isBlank() || choice.equals(GUESS)) {
      return "guessed from the header";
    }
    if (choice.startsWith("preset:")) {
      return presetLabel(choice.substring("preset:".length()));
    }
    if (choice.startsWith("saved:")) {
      try {
        return saved
            .find(Long.parseLong(choice.substring("saved:".length())))
            .map(SavedMapping::name)
            .orElse(choice);
      } catch (NumberFormatException e) {
        return choice;
      }
    }
    return choice;
  }

  private static boolean hasPreset(String preset, ImportKind kind) {
    return Presets.has(preset, kind);
  }

  static String presetLabel(String preset) {
    return switch (preset.toLowerCase(Locale.ROOT)) {
      case "netsuite" -> "NetSuite";
      case "sap" -> "SAP";
      case "oracle" -> "Oracle";
      case "recoup" -> "Recoup CSV";
      default -> preset;
    };
  }
}
