package dev.recoup.shared;

/**
 * A record asked for by id does not exist (or not where it was looked for). Every module's "no such
 * ..." extends it, so pages answer their 404 page and the API a 404, in one place.
 */
public class NoSuchRecord extends RuntimeException {

  public NoSuchRecord(String message) {
    super(message);
  }
}
