package dev.recoup.disputes.web;

import dev.recoup.disputes.DisputeTeam;
import dev.recoup.disputes.DisputeTrends;
import dev.recoup.disputes.Disputes;
import dev.recoup.shared.FormSubmission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The dispute root-cause loop: trends by reason and month, cycle times, recurrence, DDO. */
@Controller
class DisputeTrendsController {

  private final Disputes disputes;

  DisputeTrendsController(Disputes disputes) {
    this.disputes = disputes;
  }

  @GetMapping("/disputes/trends")
  String trends(Model model) {
    DisputeTrends t = disputes.trends();
    model.addAttribute("t", t);
    List<Map<String, Object>> datasets = new ArrayList<>();
    for (DisputeTrends.ReasonSeries s : t.byReasonAndMonth()) {
      Map<String, Object> ds = new LinkedHashMap<>();
      ds.put("label", s.label());
      ds.put("data", s.counts());
      datasets.add(ds);
    }
    model.addAttribute(
        "chart",
        jsonText(
            Map.of(
                "labels",
                t.months().stream().map(Object::toString).toList(),
                "datasets",
                datasets)));
    return "disputes/trends";
  }

  /**
   * JSON for the page's data block, with {@code <}, {@code >} and {@code &} escaped so that no
   * value can close the block (as the shell's JsonText does; this module does not depend on it).
   */
  private static String jsonText(Object value) {
    return JSON.writeValueAsString(value)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026");
  }

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  @GetMapping("/disputes/reasons")
  String reasons(Model model) {
    model.addAttribute("reasons", disputes.reasons());
    model.addAttribute("teams", DisputeTeam.values());
    model.addAttribute("workers", disputes.workers());
    return "disputes/reasons";
  }

  @PostMapping("/disputes/reasons/{code}")
  String changeReason(
      @PathVariable String code,
      @RequestParam(required = false) String slaDays,
      @RequestParam(required = false) String team,
      @RequestParam(required = false) String owner,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/disputes/reasons",
        () -> {
          int days;
          try {
            days = Integer.parseInt(slaDays == null ? "" : slaDays.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("slaDays: a number of days");
          }
          DisputeTeam t;
          try {
            t = DisputeTeam.valueOf(team == null ? "" : team.trim());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("team: BILLING, SALES, SUPPORT or COLLECTIONS");
          }
          var r = disputes.changeReason(code, days, t, owner);
          return r.label()
              + ": "
              + r.slaDays()
              + " days, routed to "
              + (r.ownerUsername() == null ? "the account's collector" : r.ownerUsername())
              + ".";
        });
  }
}
