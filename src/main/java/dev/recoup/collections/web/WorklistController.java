package dev.recoup.collections.web;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.access.User;
import dev.recoup.collections.Worklists;
import dev.recoup.ledger.Aging;
import java.util.Comparator;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The worklist page: today's accounts for the signed-in collector, or for a team member. */
@Controller
class WorklistController {

  private final Worklists worklists;
  private final Access access;
  private final Aging aging;

  WorklistController(Worklists worklists, Access access, Aging aging) {
    this.worklists = worklists;
    this.access = access;
    this.aging = aging;
  }

  @GetMapping("/worklist")
  String worklist(
      @RequestParam(required = false) String user,
      @RequestParam(required = false) String channel,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) String segment,
      Model model) {
    Actor me = access.currentActor().orElseThrow();
    User viewer = access.user(me.username()).orElseThrow();
    User owner =
        user == null || user.isBlank()
            ? viewer
            : access
                .user(user)
                .orElseThrow(() -> new IllegalArgumentException("user: no user " + user));
    if (!worklists.mayRead(viewer, owner)) {
      throw new AccessDeniedException("Not your team's worklist");
    }
    Worklists.Queue queue = new Worklists.Queue(channel, region, segment, null);
    boolean teamQueue = !queue.isAll() && viewer.role() != Role.COLLECTOR;
    model.addAttribute("owner", owner);
    model.addAttribute("queue", queue);
    model.addAttribute("teamQueue", teamQueue);
    model.addAttribute("today", aging.today());
    model.addAttribute(
        "rows",
        teamQueue
            ? worklists.queue(viewer, queue, aging.today(), 500)
            : worklists.of(owner, aging.today(), 200));
    model.addAttribute("rankedAsOf", worklists.rankedAsOf().orElse(null));
    model.addAttribute(
        "team",
        access.users().stream()
            .filter(u -> u.role() == Role.COLLECTOR)
            .filter(u -> worklists.mayRead(viewer, u))
            .sorted(Comparator.comparing(User::username))
            .toList());
    return "collections/worklist";
  }
}
