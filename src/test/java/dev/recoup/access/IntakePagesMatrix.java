package dev.recoup.access;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import java.util.List;
import java.util.Map;

/** The imports and reconciliation pages rows of the authorization matrix. */
final class IntakePagesMatrix {

  private IntakePagesMatrix() {}

  /** Creates what the rows refer to; returns placeholder name to value ({name} in paths). */
  static Map<String, String> setUp(MatrixFixture f) {
    return Map.of();
  }

  static List<Endpoint> endpoints() {
    return List.of();
  }
}
