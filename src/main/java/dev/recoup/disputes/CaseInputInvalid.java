package dev.recoup.disputes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Bad input for a case, every field at once: field name to what is wrong with it. */
public class CaseInputInvalid extends IllegalArgumentException {

  private final Map<String, String> errors;

  CaseInputInvalid(Map<String, String> errors) {
    super(
        errors.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("; ")));
    this.errors = new LinkedHashMap<>(errors);
  }

  public Map<String, String> errors() {
    return Collections.unmodifiableMap(errors);
  }
}
