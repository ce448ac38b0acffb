package dev.recoup.intake;

import java.util.Iterator;
import java.util.List;

/**
 * A file being read, one mapped row at a time, in file order, without holding the file in memory.
 * Structural faults of the file (no header, a duplicate header, a required column the mapping
 * cannot find) are thrown as {@link IllegalArgumentException} "file: reason" when it is opened;
 * faults of one row come back as that row's errors and reading goes on.
 */
public interface ParsedRows extends Iterator<ParsedRow>, AutoCloseable {

  /** The header row as the file has it. */
  List<String> header();

  @Override
  void close();
}
