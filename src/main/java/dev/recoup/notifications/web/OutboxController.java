package dev.recoup.notifications.web;

import dev.recoup.notifications.Outbox;
import dev.recoup.notifications.OutboxMessage;
import dev.recoup.notifications.OutboxMessage.Status;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Outbox pages: what was sent, what waits, what failed and why, and a retry for dead or held
 * messages. Bodies are shown as escaped text and in a sandboxed frame, never as page markup.
 */
@Controller
@RequestMapping("/outbox")
class OutboxController {

  private static final int PAGE_SIZE = 200;

  private final Outbox outbox;

  OutboxController(Outbox outbox) {
    this.outbox = outbox;
  }

  @GetMapping
  String list(
      @RequestParam(required = false) String status, HttpServletRequest request, Model model) {
    Status filter = parse(status);
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, String> chips = new LinkedHashMap<>();
    outbox
        .countsByStatus()
        .forEach(
            (s, n) -> {
              counts.put(s.name(), n);
              chips.put(s.name(), OutboxRow.chip(s));
            });
    model.addAttribute(
        "rows",
        outbox.recent(filter == null ? null : filter.name(), PAGE_SIZE).stream()
            .map(OutboxRow::of)
            .toList());
    model.addAttribute("status", filter == null ? null : filter.name());
    model.addAttribute("statuses", Arrays.stream(Status.values()).map(Status::name).toList());
    model.addAttribute("counts", counts);
    model.addAttribute("chips", chips);
    model.addAttribute("pageSize", PAGE_SIZE);
    model.addAttribute("sendsMail", outbox.sendsMail());
    model.addAttribute("mayRetry", mayRetry(request) && outbox.sendsMail());
    return "notifications/outbox";
  }

  @GetMapping("/{id}")
  String message(@PathVariable long id, HttpServletRequest request, Model model) {
    OutboxMessage m = outbox.find(id).orElseThrow(() -> new Outbox.NoSuchMessage(id));
    model.addAttribute("row", OutboxRow.of(m));
    model.addAttribute("m", m);
    model.addAttribute("text", m.bodyText());
    model.addAttribute("attachments", outbox.attachmentsOf(id));
    model.addAttribute("from", outbox.fromAddress());
    model.addAttribute("sendsMail", outbox.sendsMail());
    model.addAttribute("mayRetry", mayRetry(request) && outbox.sendsMail() && m.retryable());
    return "notifications/message";
  }

  @PostMapping("/{id}/retry")
  String retry(
      @PathVariable long id,
      @RequestParam(required = false) String back,
      @RequestParam(required = false) String status,
      RedirectAttributes flash) {
    try {
      outbox.retry(id);
      flash.addFlashAttribute("retried", id);
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    if (!"list".equals(back)) {
      return "redirect:/outbox/" + id;
    }
    Status filter = parse(status);
    if (filter != null) {
      flash.addAttribute("status", filter.name());
    }
    return "redirect:/outbox";
  }

  @ExceptionHandler(Outbox.NoSuchMessage.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String notFound() {
    return "error/404";
  }

  /**
   * Mirrors the authorization rule for POST /outbox/** (lead, manager, admin), so that readers such
   * as the auditor are not offered a button the server would refuse.
   */
  private static boolean mayRetry(HttpServletRequest request) {
    return request.isUserInRole("LEAD")
        || request.isUserInRole("MANAGER")
        || request.isUserInRole("ADMIN");
  }

  /** An unknown status shows every message rather than an error page. */
  private static Status parse(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
