package dev.recoup.disputes;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No dispute has this id: pages answer their 404 page, the API 404. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class NoSuchDispute extends RuntimeException {
  public NoSuchDispute(DisputeId id) {
    super("No dispute " + id.value());
  }
}
