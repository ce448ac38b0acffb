package dev.recoup.intake.web;

import dev.recoup.intake.ColumnMapping;
import dev.recoup.intake.DateOrder;
import dev.recoup.intake.ImportKind;
import dev.recoup.intake.ImportReport;
import dev.recoup.intake.ImportRunView;
import dev.recoup.intake.Imports;
import dev.recoup.intake.Presets;
import dev.recoup.intake.SavedMappings;
import dev.recoup.shared.CsvDownload;
import dev.recoup.shared.NoSuchRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/imports")
@Tag(
    name = "Imports",
    description =
        "ERP files (CSV, Excel) of accounts, contacts, invoices, credit memos, payments and"
            + " applications: created, updated, unchanged and rejected rows, control totals")
class ImportsApiController {

  private final Imports imports;
  private final SavedMappings savedMappings;

  ImportsApiController(Imports imports, SavedMappings savedMappings) {
    this.imports = imports;
    this.savedMappings = savedMappings;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary = "Import a file and return its report",
      description =
          "kind: accounts, contacts, invoices, credit-memos, payments, applications. The columns"
              + " are read with a preset (recoup, netsuite, sap, oracle; default recoup) or a"
              + " saved mapping (mapping=name). sourceSystem, dateOrder (MDY, DMY, YMD) and"
              + " decimalSeparator ('.' or ',') override the mapping's. Re-importing the same"
              + " file changes nothing; each rejected row is reported with its row number (the"
              + " header is row 1), field and reason, and kept for GET"
              + " /api/v1/imports/{id}/rejected.csv. 422 when the file cannot be read at all.")
  ImportReport importFile(
      @RequestParam String kind,
      @RequestParam(required = false) String preset,
      @RequestParam(required = false) String mapping,
      @RequestParam(required = false) String sourceSystem,
      @RequestParam(required = false) String dateOrder,
      @RequestParam(required = false) String decimalSeparator,
      @RequestPart("file") MultipartFile file)
      throws IOException {
    ImportKind k = ImportKind.parse(kind);
    ColumnMapping base;
    if (mapping != null && !mapping.isBlank()) {
      base =
          savedMappings
              .find(k, mapping.strip())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "mapping: no saved mapping '" + mapping.strip() + "' for " + k.slug()))
              .mapping();
    } else {
      base = Presets.named(preset == null || preset.isBlank() ? Presets.RECOUP : preset, k);
    }
    ColumnMapping m =
        new ColumnMapping(
            base.name(),
            k,
            blank(sourceSystem) ? base.sourceSystem() : sourceSystem.strip(),
            base.columns(),
            base.constants(),
            blank(dateOrder) ? base.dateOrder() : dateOrder(dateOrder),
            blank(decimalSeparator) ? base.decimalSeparator() : separator(decimalSeparator));
    if (file == null || file.isEmpty()) {
      throw new IllegalArgumentException("file: the file is empty");
    }
    try (InputStream in = file.getInputStream()) {
      return imports.importFile(k, m, fileName(file), in);
    }
  }

  @GetMapping
  @Operation(summary = "The latest file imports, newest first")
  List<ImportRunView> recent(@RequestParam(defaultValue = "20") int limit) {
    return imports.recent(Math.min(Math.max(limit, 1), 200));
  }

  @GetMapping("/{id}")
  @Operation(
      summary =
          "An import run: status, progress (bytes read of the file), and its report once done")
  ImportRunView run(@PathVariable long id) {
    return imports.run(id).orElseThrow(() -> new NoSuchRecord("No import run " + id));
  }

  @GetMapping("/{id}/rejected.csv")
  @Operation(
      summary = "The rejected rows of a run as CSV",
      description =
          "The file's own columns, then row, field and reason: fix the rows and import the file"
              + " again with the same mapping (the extra columns are ignored).")
  void rejected(@PathVariable long id, HttpServletResponse response) throws IOException {
    imports.run(id).orElseThrow(() -> new NoSuchRecord("No import run " + id));
    PrintWriter w = CsvDownload.open(response, "import-" + id + "-rejected.csv");
    imports.writeQuarantine(id, w);
    w.flush();
  }

  private static String fileName(MultipartFile file) {
    String name = file.getOriginalFilename();
    if (name == null || name.isBlank()) {
      return "upload";
    }
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static DateOrder dateOrder(String s) {
    try {
      return DateOrder.valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dateOrder: one of MDY, DMY, YMD");
    }
  }

  private static char separator(String s) {
    String t = s.strip();
    if (!t.equals(".") && !t.equals(",")) {
      throw new IllegalArgumentException("decimalSeparator: '.' or ','");
    }
    return t.charAt(0);
  }
}
