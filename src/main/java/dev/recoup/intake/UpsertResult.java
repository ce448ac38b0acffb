package dev.recoup.intake;

/**
 * What one single-record upsert did: the record (kind, source system, external id, Recoup's id of
 * it), whether it was created, updated or found unchanged, and whether this answer is the stored
 * one of an earlier call with the same idempotency key ({@code replayed}).
 */
public record UpsertResult(
    ImportKind kind,
    String sourceSystem,
    String externalId,
    long id,
    Outcome outcome,
    boolean replayed) {

  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  public UpsertResult asReplay() {
    return new UpsertResult(kind, sourceSystem, externalId, id, outcome, true);
  }
}
