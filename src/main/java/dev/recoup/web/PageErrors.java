package dev.recoup.web;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Unknown records on pages answer the 404 page rather than a server error. */
@ControllerAdvice(annotations = Controller.class)
class PageErrors {

  @ExceptionHandler(dev.recoup.shared.NoSuchRecord.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String notFound() {
    return "error/404";
  }
}
