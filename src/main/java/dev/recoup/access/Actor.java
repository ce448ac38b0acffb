package dev.recoup.access;

/** Who is acting right now: the signed-in person or the calling system. */
public record Actor(UserId id, String username, Role role) {

  public boolean is(Role r) {
    return role == r;
  }
}
