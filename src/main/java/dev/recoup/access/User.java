package dev.recoup.access;

import java.time.Instant;

/** A person or system that signs in; collectors own accounts, leads run a team of collectors. */
public record User(
    UserId id,
    String username,
    String displayName,
    String email,
    Role role,
    UserId leadId,
    String region,
    boolean enabled,
    Instant createdAt) {}
