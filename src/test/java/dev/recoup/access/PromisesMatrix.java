package dev.recoup.access;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import java.util.List;
import java.util.Map;

/** The promises to pay and payment plans rows of the authorization matrix. */
final class PromisesMatrix {

  private PromisesMatrix() {}

  /**
   * Creates what the rows refer to; returns placeholder name to value, used as {name} in the rows'
   * paths and bodies.
   */
  static Map<String, String> setUp(MatrixFixture f) {
    return Map.of();
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER. {acct} is
   * the caller's account page path (/accounts/N; the collector on another's account gets emma's).
   */
  static List<Endpoint> endpoints() {
    return List.of();
  }
}
