package dev.recoup.web;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in person on every page, for the header and role-dependent navigation. */
@ControllerAdvice(annotations = Controller.class)
class CurrentUserAdvice {

  private final Access access;

  CurrentUserAdvice(Access access) {
    this.access = access;
  }

  @ModelAttribute("me")
  Actor me() {
    return access.currentActor().orElse(null);
  }
}
