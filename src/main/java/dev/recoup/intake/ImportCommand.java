package dev.recoup.intake;

import dev.recoup.access.SystemUsers;
import dev.recoup.shared.RecoupCommand;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * {@code import --kind invoices --preset netsuite [--mapping NAME] [--source-system X]
 * [--date-order MDY|DMY|YMD] [--decimal-separator .|,] FILE...}: imports files as the {@code
 * import} system user (role SYSTEM, no password: it cannot sign in), so that the audit trail names
 * it, and prints each file's report. Exit code 0 when every file was read (rows may have been
 * rejected: the report says which), 2 when a file could not be read or its import failed.
 */
@Component
class ImportCommand implements RecoupCommand {

  /**
   * Imports from the command line (and the import benchmarks) act as this system user, so that the
   * runs and the audit trail name who did them and the same access rules apply as to any system.
   */
  static final SystemUsers.SystemUser SYSTEM_USER =
      new SystemUsers.SystemUser("import", "ERP import (command line)");

  private static final int ERRORS_SHOWN = 20;

  private final Imports imports;
  private final SavedMappings savedMappings;
  private final SystemUsers system;

  ImportCommand(Imports imports, SavedMappings savedMappings, SystemUsers system) {
    this.imports = imports;
    this.savedMappings = savedMappings;
    this.system = system;
  }

  @Override
  public String name() {
    return "import";
  }

  @Override
  public String usage() {
    return "import --kind KIND --preset recoup|netsuite|sap|oracle [--mapping NAME]"
        + " [--source-system X] [--date-order MDY|DMY|YMD] [--decimal-separator .|,] FILE...";
  }

  @Override
  public int run(String... args) {
    String kindName = null;
    String preset = Presets.RECOUP;
    String mappingName = null;
    String source = null;
    DateOrder dateOrder = null;
    Character separator = null;
    java.util.List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--kind" -> kindName = value(args, ++i, "--kind");
        case "--preset" -> preset = value(args, ++i, "--preset");
        case "--mapping" -> mappingName = value(args, ++i, "--mapping");
        case "--source-system" -> source = value(args, ++i, "--source-system");
        case "--date-order" ->
            dateOrder =
                DateOrder.valueOf(value(args, ++i, "--date-order").toUpperCase(Locale.ROOT));
        case "--decimal-separator" -> separator = value(args, ++i, "--decimal-separator").charAt(0);
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("Unknown option " + args[i] + "; " + usage());
          }
          files.add(Path.of(args[i]));
        }
      }
    }
    if (kindName == null || files.isEmpty()) {
      throw new IllegalArgumentException("Give --kind and at least one FILE; " + usage());
    }
    ImportKind kind = ImportKind.parse(kindName);
    String saved = mappingName;
    ColumnMapping base =
        saved != null
            ? asSystem(() -> savedMappings.find(kind, saved))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no saved mapping '" + saved + "' for " + kind.slug()))
                .mapping()
            : Presets.named(preset, kind);
    ColumnMapping mapping =
        new ColumnMapping(
            base.name(),
            kind,
            source == null ? base.sourceSystem() : source,
            base.columns(),
            base.constants(),
            dateOrder == null ? base.dateOrder() : dateOrder,
            separator == null ? base.decimalSeparator() : separator);
    int exit = 0;
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        ImportReport r =
            asSystem(() -> imports.importFile(kind, mapping, file.getFileName().toString(), in));
        print(r);
      } catch (NoSuchFileException e) {
        System.err.println(file + ": no such file");
        exit = 2;
      } catch (IOException e) {
        System.err.println(file + ": cannot be read: " + e.getMessage());
        exit = 2;
      } catch (IllegalArgumentException | IllegalStateException e) {
        System.err.println(file + ": " + e.getMessage());
        exit = 2;
      }
    }
    return exit;
  }

  private static void print(ImportReport r) {
    System.out.printf(
        "%s (%s, run %d): %,d rows: %,d created, %,d updated, %,d unchanged, %,d rejected%n",
        r.fileName(),
        r.kind().slug(),
        r.runId(),
        r.fileRows(),
        r.created(),
        r.updated(),
        r.unchanged(),
        r.rejected());
    TreeSet<String> currencies = new TreeSet<>(r.fileTotals().keySet());
    currencies.addAll(r.loadedTotals().keySet());
    if (!currencies.isEmpty()) {
      System.out.printf("  %-8s %20s %20s%n", "currency", "file", "loaded");
      for (String c : currencies) {
        System.out.printf(
            "  %-8s %20s %20s%n", c, plain(r.fileTotals().get(c)), plain(r.loadedTotals().get(c)));
      }
    }
    System.out.printf("  rows: file %,d, loaded %,d%n", r.fileRows(), r.loadedRows());
    int shown = 0;
    for (RowError e : r.errors()) {
      if (shown++ == ERRORS_SHOWN) {
        System.out.printf(
            "  ... %,d more rejected rows; all of them: GET /api/v1/imports/%d/rejected.csv%n",
            r.rejected() - ERRORS_SHOWN, r.runId());
        break;
      }
      System.out.printf("  row %d, %s: %s%n", e.row(), e.field(), e.message());
    }
  }

  private static String plain(BigDecimal v) {
    return v == null ? "-" : v.toPlainString();
  }

  private <T> T asSystem(java.util.function.Supplier<T> work) {
    return system.call(SYSTEM_USER, work);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
