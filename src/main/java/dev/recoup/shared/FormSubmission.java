package dev.recoup.shared;

import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The post-redirect-get of every page form: run the action, put a confirmation or the domain's
 * plain reason ("field: what is wrong") in the flash for the page the browser is sent back to.
 * Access errors are not caught: they answer 403.
 */
public final class FormSubmission {

  private FormSubmission() {}

  public static String attempt(
      RedirectAttributes flash, String redirectTo, Supplier<String> actionReturningConfirmation) {
    try {
      flash.addFlashAttribute("done", actionReturningConfirmation.get());
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:" + redirectTo;
  }
}
