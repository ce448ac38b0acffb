package dev.recoup.web;

/**
 * The accounts list's search, filters and order, as query parameters: the same for the page, its
 * CSV export and the API. {@code owner} is a username ("all" or blank for everyone); {@code bucket}
 * an aging bucket index (0 = current).
 */
record AccountFilter(
    String q,
    String region,
    String channel,
    String owner,
    String status,
    Integer bucket,
    String sort,
    String dir) {

  AccountFilter withOwner(String username) {
    return new AccountFilter(q, region, channel, username, status, bucket, sort, dir);
  }

  boolean allOwners() {
    return owner == null || owner.isBlank() || owner.equals("all");
  }

  AccountList.Query toQuery(Long ownerId, int page, int size) {
    return new AccountList.Query(
        q, region, channel, ownerId, status, bucket, null, sort, dir, page, size);
  }
}
