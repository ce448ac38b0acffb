package dev.recoup.disputes;

/**
 * A reason code: its SLA in days and where its disputes go. {@code ownerUsername} is the person on
 * the team outside collections who works them; null for {@link DisputeTeam#COLLECTIONS} (the
 * account's owner).
 */
public record DisputeReason(
    String code, String label, int slaDays, DisputeTeam team, String ownerUsername, int position) {}
