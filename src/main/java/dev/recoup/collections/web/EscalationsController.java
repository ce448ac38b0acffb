package dev.recoup.collections.web;

import dev.recoup.collections.Escalations;
import dev.recoup.shared.FormSubmission;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The escalation queue: open escalations, oldest first, with their age. */
@Controller
class EscalationsController {

  private final Escalations escalations;
  private final Clock clock;

  EscalationsController(Escalations escalations, Clock clock) {
    this.escalations = escalations;
    this.clock = clock;
  }

  @GetMapping("/escalations")
  String queue(Model model) {
    Instant now = Instant.now(clock);
    var open = escalations.open();
    model.addAttribute("escalations", open);
    model.addAttribute(
        "ages",
        open.stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    e -> e.id(), e -> Escalations.ageInDays(e, now))));
    return "collections/escalations";
  }

  @PostMapping("/escalations/{id}/resolve")
  String resolve(@PathVariable long id, @RequestParam String resolution, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/escalations",
        () -> {
          escalations.resolve(id, resolution);
          return "Resolved.";
        });
  }
}
