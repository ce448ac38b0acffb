package dev.recoup.collections.web;

import dev.recoup.access.Access;
import dev.recoup.access.User;
import dev.recoup.collections.WorklistRow;
import dev.recoup.collections.Worklists;
import dev.recoup.ledger.Aging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/worklists")
@Tag(name = "Worklists", description = "Each collector's ranked accounts for today, with reasons")
class WorklistApiController {

  private final Worklists worklists;
  private final Access access;
  private final Aging aging;

  WorklistApiController(Worklists worklists, Access access, Aging aging) {
    this.worklists = worklists;
    this.access = access;
    this.aging = aging;
  }

  @GetMapping("/{username}")
  @Operation(
      summary = "A collector's worklist, best first",
      description =
          "A collector reads only its own; a lead its team's; managers, admins and auditors anyone's.")
  List<WorklistRow> worklist(
      @PathVariable String username, @RequestParam(defaultValue = "100") int limit) {
    User viewer = access.currentActor().flatMap(a -> access.user(a.username())).orElseThrow();
    User owner =
        access
            .user(username)
            .orElseThrow(() -> new IllegalArgumentException("username: no user " + username));
    if (!worklists.mayRead(viewer, owner)) {
      throw new AccessDeniedException("Not your team's worklist");
    }
    return worklists.of(owner, aging.today(), Math.min(Math.max(limit, 1), 1000));
  }
}
