package dev.recoup.intake;

import java.time.Instant;

/**
 * One import run as a page or a client polls it: where it is ({@link ImportStatus} and the phase:
 * reading, checking, merging), how far through the file it has read (bytes read of the file's size,
 * for a progress bar; the size is unknown for a stream, then 0), rows read, who started it and
 * when, the report once it is done, and the reason it failed.
 */
public record ImportRunView(
    long id,
    ImportKind kind,
    String fileName,
    String sourceSystem,
    String mappingName,
    ImportStatus status,
    String phase,
    long bytesRead,
    long bytesTotal,
    long rowsRead,
    String startedBy,
    Instant createdAt,
    Instant finishedAt,
    ImportReport report,
    String failure) {

  /** Share of the file read, 0-100; 100 once done. */
  public int percent() {
    if (status == ImportStatus.DONE) {
      return 100;
    }
    if (bytesTotal <= 0) {
      return 0;
    }
    return (int) Math.min(99, bytesRead * 100 / bytesTotal);
  }

  /** Whether the run is still going (queued or running). */
  public boolean active() {
    return status == ImportStatus.QUEUED || status == ImportStatus.RUNNING;
  }
}
