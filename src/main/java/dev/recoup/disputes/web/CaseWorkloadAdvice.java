package dev.recoup.disputes.web;

import dev.recoup.disputes.CustomerCases;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the signed-in person's active cases on the worklist page ({@code caseWorkload}), so that the
 * collector's day shows them next to the accounts. Collections does not depend on disputes: this
 * advice names the worklist's package by string, and the worklist page reads the attribute only
 * when it is there.
 */
@ControllerAdvice(basePackages = "dev.recoup.collections.web")
class CaseWorkloadAdvice {

  private final CustomerCases cases;

  CaseWorkloadAdvice(CustomerCases cases) {
    this.cases = cases;
  }

  @ModelAttribute("caseWorkload")
  CustomerCases.Workload caseWorkload(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod())
        || !(request.getContextPath() + "/worklist").equals(request.getRequestURI())) {
      return null;
    }
    return cases.workloadOfCurrentUser();
  }
}
