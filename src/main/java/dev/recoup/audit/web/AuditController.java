package dev.recoup.audit.web;

import dev.recoup.audit.AuditTrail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The audit trail page: the chain's verification and the latest events. */
@Controller
class AuditController {

  private final AuditTrail trail;

  AuditController(AuditTrail trail) {
    this.trail = trail;
  }

  @GetMapping("/audit")
  String trail(Model model) {
    model.addAttribute("chain", trail.verify());
    model.addAttribute("events", trail.recent(null, 200));
    return "audit/trail";
  }
}
