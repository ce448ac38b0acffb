package dev.recoup.access;

import dev.recoup.access.AuthorizationMatrixTests.Endpoint;
import java.util.List;
import java.util.Map;

/** The service suspension and reinstatement rows of the authorization matrix. */
final class SuspensionMatrix {

  private SuspensionMatrix() {}

  /**
   * Creates what the rows refer to; returns placeholder name to value, used as {name} in the rows'
   * paths and bodies. Runs signed in as liam (a lead).
   */
  static Map<String, String> setUp(MatrixFixture f) {
    return Map.of();
  }

  /**
   * The rows. Statuses are in the order of {@link AuthorizationMatrixTests.Caller}: ANONYMOUS,
   * COLLECTOR, COLLECTOR_OTHERS_ACCOUNT, LEAD, MANAGER, ADMIN, AUDITOR, SYSTEM, RESOLVER. {acct} is
   * the caller's account page path (/accounts/N; the collector on another's account gets emma's).
   * See PromisesMatrix for a worked example.
   */
  static List<Endpoint> endpoints() {
    return List.of();
  }
}
