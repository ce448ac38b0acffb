package dev.recoup.collections.web;

import dev.recoup.access.Access;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.collections.Absences;
import dev.recoup.collections.AssignmentRules;
import dev.recoup.collections.TeamBoard;
import dev.recoup.ledger.Aging;
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
  private final Absences absences;
  private final Access access;
  private final Aging aging;

  TeamController(
      TeamBoard board, AssignmentRules rules, Absences absences, Access access, Aging aging) {
    this.rules = rules;
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
    try {
      absences.set(username, backup, startsOn, returnsOn, reason);
      flash.addFlashAttribute("done", "Absence recorded; " + backup + " covers.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/team";
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
    try {
      rules.add(priority, region, segment, channel, minOpen, owner);
      flash.addFlashAttribute("done", "Rule added.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/team";
  }

  @PostMapping("/team/rules/{id}/delete")
  String removeRule(@PathVariable long id, RedirectAttributes flash) {
    try {
      rules.remove(id);
      flash.addFlashAttribute("done", "Rule removed.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/team";
  }

  @PostMapping("/team/rules/apply")
  String applyRules(
      @RequestParam(defaultValue = "false") boolean onlyUnassigned, RedirectAttributes flash) {
    int moved = rules.apply(onlyUnassigned);
    flash.addFlashAttribute("done", moved + " accounts assigned by the rules.");
    return "redirect:/team";
  }

  @PostMapping("/team/absences/{id}/cancel")
  String cancel(@PathVariable long id, RedirectAttributes flash) {
    absences.cancel(id);
    flash.addFlashAttribute("done", "Absence cancelled.");
    return "redirect:/team";
  }
}
