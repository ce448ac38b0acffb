package dev.recoup.collections.web;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.collections.Absences;
import dev.recoup.collections.AssignmentRules;
import dev.recoup.collections.Campaigns;
import dev.recoup.collections.TeamBoard;
import dev.recoup.ledger.Aging;
import dev.recoup.shared.FormSubmission;
import java.time.LocalDate;
import java.util.Comparator;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The team board and out-of-office coverage. */
@Controller
class TeamController {

  private final TeamBoard board;
  private final AssignmentRules rules;
  private final Campaigns campaigns;
  private final Absences absences;
  private final Access access;
  private final Aging aging;

  TeamController(
      TeamBoard board,
      AssignmentRules rules,
      Campaigns campaigns,
      Absences absences,
      Access access,
      Aging aging) {
    this.rules = rules;
    this.campaigns = campaigns;
    this.board = board;
    this.absences = absences;
    this.access = access;
    this.aging = aging;
  }

  @GetMapping("/team")
  String team(Model model) {
    User viewer = access.currentActor().flatMap(a -> access.user(a.username())).orElseThrow();
    model.addAttribute("lines", board.of(viewer));
    model.addAttribute("absences", absences.current(aging.today()));
    model.addAttribute("rules", rules.all());
    var running = campaigns.running(aging.today());
    model.addAttribute("campaigns", running);
    model.addAttribute(
        "campaignProgress",
        running.stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    c -> c.id(),
                    c -> campaigns.progress(c.id()),
                    (a, b) -> a,
                    java.util.LinkedHashMap::new)));
    model.addAttribute("today", aging.today());
    model.addAttribute(
        "people",
        access.users().stream()
            .filter(u -> u.role() == Role.COLLECTOR || u.role() == Role.LEAD)
            .sorted(Comparator.comparing(User::username))
            .toList());
    return "collections/team";
  }

  @PostMapping("/team/absences")
  String setAbsence(
      @RequestParam String username,
      @RequestParam String backup,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startsOn,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate returnsOn,
      @RequestParam(required = false) String reason,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/team",
        () -> {
          absences.set(username, backup, startsOn, returnsOn, reason);
          return "Absence recorded; " + backup + " covers.";
        });
  }

  @PostMapping("/team/rules")
  String addRule(
      @RequestParam int priority,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String segment,
      @RequestParam(required = false) String channel,
      @RequestParam(required = false) java.math.BigDecimal minOpen,
      @RequestParam String owner,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/team",
        () -> {
          rules.add(priority, region, segment, channel, minOpen, owner);
          return "Rule added.";
        });
  }

  @PostMapping("/team/rules/{id}/delete")
  String removeRule(@PathVariable long id, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/team",
        () -> {
          rules.remove(id);
          return "Rule removed.";
        });
  }

  @PostMapping("/team/rules/apply")
  String applyRules(
      @RequestParam(defaultValue = "false") boolean onlyUnassigned, RedirectAttributes flash) {
    int moved = rules.apply(onlyUnassigned);
    flash.addFlashAttribute("done", moved + " accounts assigned by the rules.");
    return "redirect:/team";
  }

  @PostMapping("/team/campaigns")
  String launchCampaign(
      @RequestParam String name,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endsOn,
      @RequestParam java.math.BigDecimal minPastDue,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) java.util.List<String> assignees,
      RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/team",
        () -> {
          var c = campaigns.launch(name, endsOn, minPastDue, region, assignees);
          return "Campaign \"" + c.name() + "\" launched.";
        });
  }

  @PostMapping("/team/absences/{id}/cancel")
  String cancel(@PathVariable long id, RedirectAttributes flash) {
    absences.cancel(id);
    flash.addFlashAttribute("done", "Absence cancelled.");
    return "redirect:/team";
  }
}
