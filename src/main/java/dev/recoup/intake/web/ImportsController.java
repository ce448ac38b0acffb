package dev.recoup.intake.web;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.intake.ColumnMapping;
import dev.recoup.intake.DateOrder;
import dev.recoup.intake.FilePreview;
import dev.recoup.intake.ImportKind;
import dev.recoup.intake.ImportReport;
import dev.recoup.intake.ImportRunView;
import dev.recoup.intake.Imports;
import dev.recoup.intake.IntakeFiles;
import dev.recoup.intake.SavedMappings;
import dev.recoup.shared.CsvDownload;
import dev.recoup.shared.FormSubmission;
import dev.recoup.shared.Money;
import dev.recoup.shared.NoSuchRecord;
import dev.recoup.shared.TableExport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The imports page: recent import runs, the upload of an ERP file, the mapping step (a preview of
 * the first rows and, per canonical field, the file's column that feeds it), the run's progress
 * while it goes on and its report when it is done (counts, control totals, rejected rows and their
 * CSV to fix and re-import). Also the saved column mappings.
 */
@Controller
class ImportsController {

  static final int PREVIEW_ROWS = 10;
  private static final int RECENT = 50;

  private final Imports imports;
  private final SavedMappings savedMappings;
  private final MappingChoices choices;
  private final Uploads uploads;
  private final Access access;
  private final String maxUpload;

  ImportsController(
      Imports imports,
      SavedMappings savedMappings,
      MappingChoices choices,
      Uploads uploads,
      Access access,
      @Value("${spring.servlet.multipart.max-file-size:1MB}") String maxUpload) {
    this.maxUpload = maxUpload;
    this.imports = imports;
    this.savedMappings = savedMappings;
    this.choices = choices;
    this.uploads = uploads;
    this.access = access;
  }

  @GetMapping("/imports")
  String page(Model model) {
    model.addAttribute("runs", imports.recent(RECENT));
    model.addAttribute("kinds", ImportKind.values());
    model.addAttribute("options", choices.options(null));
    model.addAttribute("saved", savedMappings.all());
    model.addAttribute("extensions", ".csv, .txt, .xlsx");
    model.addAttribute("maxUpload", maxUpload);
    return "intake/imports";
  }

  @GetMapping({"/imports/runs.csv", "/imports/runs.xlsx"})
  void runsExport(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try (TableExport x =
        TableExport.open(
            request,
            response,
            "imports",
            "run",
            "kind",
            "file",
            "source_system",
            "mapping",
            "started_by",
            "started_at",
            "status",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "file_rows",
            "loaded_rows",
            "failure")) {
      for (ImportRunView r : imports.recent(500)) {
        ImportReport rep = r.report();
        x.row(
            r.id(),
            r.kind().slug(),
            r.fileName(),
            r.sourceSystem(),
            r.mappingName(),
            r.startedBy(),
            r.createdAt(),
            r.status(),
            rep == null ? null : rep.created(),
            rep == null ? null : rep.updated(),
            rep == null ? null : rep.unchanged(),
            rep == null ? null : rep.rejected(),
            rep == null ? null : rep.fileRows(),
            rep == null ? null : rep.loadedRows(),
            r.failure());
      }
    }
  }

  /** Keeps the file and goes on to the mapping step; refuses other file types with a reason. */
  @PostMapping("/imports/uploads")
  String upload(
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String mapping,
      @RequestParam(required = false) MultipartFile file,
      RedirectAttributes flash) {
    try {
      ImportKind k = kindOf(kind);
      Uploads.Upload u = uploads.save(file, k, mapping, me().username());
      try (InputStream in = Files.newInputStream(u.file())) {
        IntakeFiles.preview(in, u.fileName(), 1);
      } catch (IOException e) {
        throw new IllegalArgumentException("file: could not be read: " + e.getMessage());
      }
      return "redirect:/imports/uploads/" + u.token();
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/imports";
    }
  }

  /** The mapping step: the first rows and, per field of the kind, the column that feeds it. */
  @GetMapping("/imports/uploads/{token}")
  String mappingStep(
      @PathVariable String token, @RequestParam(required = false) String mapping, Model model) {
    Uploads.Upload u = uploads.find(token, me().username());
    FilePreview preview;
    try (InputStream in = Files.newInputStream(u.file())) {
      preview = IntakeFiles.preview(in, u.fileName(), PREVIEW_ROWS);
    } catch (IOException e) {
      throw new IllegalStateException("The upload could not be read again", e);
    }
    String choice = mapping != null ? mapping : u.mappingChoice();
    @SuppressWarnings("unchecked")
    Map<String, String> form = (Map<String, String>) model.getAttribute("form");
    ColumnMapping base = null;
    if (form == null) {
      try {
        base = choices.resolve(choice, u.kind(), preview.header());
      } catch (IllegalArgumentException e) {
        model.addAttribute("error", e.getMessage());
        base = choices.resolve(MappingChoices.GUESS, u.kind(), preview.header());
        choice = MappingChoices.GUESS;
      }
      form = formOf(base, preview.header());
    }
    model.addAttribute("upload", u);
    model.addAttribute("preview", preview);
    model.addAttribute("fileFacts", facts(u, preview));
    model.addAttribute("kind", u.kind());
    model.addAttribute("fields", fieldRows(u.kind(), form, base, preview.header()));
    model.addAttribute("form", form);
    model.addAttribute("choice", choice);
    model.addAttribute("choiceLabel", choices.label(choice));
    model.addAttribute("options", choices.options(u.kind()));
    model.addAttribute("dateOrders", DateOrder.values());
    return "intake/mapping";
  }

  /** Runs the import with the mapping of the form (saving it first when named). */
  @PostMapping("/imports/uploads/{token}/run")
  String run(
      @PathVariable String token,
      @RequestParam Map<String, String> params,
      RedirectAttributes flash) {
    Uploads.Upload u = uploads.find(token, me().username());
    Map<String, String> form = new LinkedHashMap<>(params);
    form.remove("_csrf");
    try {
      String saveAs = blankToNull(form.get("saveAs"));
      String name = saveAs != null ? saveAs : blankToNull(form.get("baseName"));
      ColumnMapping m = mappingOf(u.kind(), form, name == null ? "custom" : name);
      if (saveAs != null) {
        m = savedMappings.save(m).mapping();
      }
      long id = imports.submit(u.kind(), m, u.fileName(), u.file());
      flash.addFlashAttribute(
          "done",
          saveAs == null
              ? "Import started."
              : "Mapping \"" + m.name() + "\" saved; import started.");
      return "redirect:/imports/" + id;
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
      flash.addFlashAttribute("form", form);
      return "redirect:/imports/uploads/" + token;
    }
  }

  /** A run: its progress while it goes on, its report when done. Works after a reload. */
  @GetMapping("/imports/{id}")
  String run(@PathVariable long id, Model model) {
    ImportRunView run = find(id);
    model.addAttribute("run", run);
    ImportReport report = run.report();
    if (report != null) {
      model.addAttribute("report", report);
      model.addAttribute("totals", totals(report));
    }
    return "intake/run";
  }

  /** What the progress bar polls: status, share of the file read, rows read. */
  @GetMapping("/imports/{id}/progress")
  @ResponseBody
  Map<String, Object> progress(@PathVariable long id) {
    ImportRunView run = find(id);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", run.id());
    p.put("status", run.status().name());
    p.put("phase", run.phase());
    p.put("percent", run.percent());
    p.put("rowsRead", run.rowsRead());
    p.put("bytesRead", run.bytesRead());
    p.put("bytesTotal", run.bytesTotal());
    p.put("active", run.active());
    p.put("failure", run.failure());
    return p;
  }

  /** The rejected rows as CSV: the file's own columns, then row, field and reason. */
  @GetMapping("/imports/{id}/rejected.csv")
  void rejected(@PathVariable long id, HttpServletResponse response) throws IOException {
    ImportRunView run = find(id);
    String base = run.fileName() == null ? "import" : run.fileName().replaceAll("\\.[^.]*$", "");
    PrintWriter w =
        CsvDownload.open(
            response,
            "rejected-rows-" + id + "-" + base.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv");
    imports.writeQuarantine(id, w);
    w.flush();
  }

  @PostMapping("/imports/mappings/{id}/delete")
  String deleteMapping(@PathVariable long id, RedirectAttributes flash) {
    return FormSubmission.attempt(
        flash,
        "/imports#mappings",
        () -> {
          String name =
              savedMappings
                  .find(id)
                  .map(m -> m.name())
                  .orElseThrow(
                      () -> new IllegalArgumentException("mapping: it was deleted already"));
          savedMappings.delete(id);
          return "Mapping \"" + name + "\" deleted.";
        });
  }

  /** "Invoices · CSV · UTF-8 · delimiter ';' · 12,345 bytes". */
  static String facts(Uploads.Upload u, FilePreview p) {
    StringBuilder b = new StringBuilder();
    String kind = u.kind().slug().replace('-', ' ');
    b.append(Character.toUpperCase(kind.charAt(0))).append(kind.substring(1));
    b.append(" · ").append(p.format() == null ? "" : p.format().toUpperCase(Locale.ROOT));
    if (p.charset() != null && !p.charset().isEmpty()) {
      b.append(" · ").append(p.charset());
    }
    if (p.delimiter() != null && !p.delimiter().isEmpty()) {
      b.append(" · delimiter ")
          .append(p.delimiter().equals("\t") ? "TAB" : "'" + p.delimiter() + "'");
    }
    b.append(" · ").append(String.format(Locale.ROOT, "%,d", u.size())).append(" bytes");
    return b.toString();
  }

  private ImportRunView find(long id) {
    return imports.run(id).orElseThrow(() -> new NoSuchRecord("No import run " + id));
  }

  private Actor me() {
    return access.currentActor().orElseThrow(() -> new AccessDeniedException("Sign in"));
  }

  static ImportKind kindOf(String kind) {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("kind: choose what the file holds");
    }
    return ImportKind.parse(kind);
  }

  /** The form's values for a mapping: the file's header per field, fixed values, formats. */
  static Map<String, String> formOf(ColumnMapping m, List<String> header) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String field : columnKeys(m.kind())) {
      String wanted = m.columns().get(field);
      String found = wanted == null ? null : headerMatching(header, wanted);
      form.put("col." + field, found == null ? "" : found);
    }
    for (String field : constantKeys(m.kind())) {
      form.put("const." + field, m.constants().getOrDefault(field, ""));
    }
    form.put("dateOrder", m.dateOrder() == null ? DateOrder.MDY.name() : m.dateOrder().name());
    form.put("decimalSeparator", String.valueOf(m.decimalSeparator()));
    form.put("sourceSystem", m.sourceSystem() == null ? "" : m.sourceSystem());
    form.put("baseName", m.name() == null ? "" : m.name());
    form.put("saveAs", "");
    return form;
  }

  /** One line of the mapping editor; an extra key takes only a column or only a fixed value. */
  record FieldRow(
      String field,
      boolean required,
      boolean takesColumn,
      boolean takesConstant,
      String column,
      String constant,
      String expected,
      String hint) {}

  /** The kind's fields, then the extra columns a preset may use (document type, clearing). */
  static List<String> columnKeys(ImportKind kind) {
    List<String> keys = new ArrayList<>(kind.fields());
    keys.addAll(SavedMappings.EXTRA_COLUMNS);
    return keys;
  }

  static List<String> constantKeys(ImportKind kind) {
    List<String> keys = new ArrayList<>(kind.fields());
    keys.addAll(SavedMappings.EXTRA_CONSTANTS);
    return keys;
  }

  private static final Map<String, String> HINTS =
      Map.of(
          "document_type",
          "the ERP's document type (Invoice, Credit Memo, RV, DZ ...): rows of another kind are"
              + " refused",
          "clearing_document",
          "SAP: an item with a clearing document is cleared",
          "fiscal_year",
          "SAP: document numbers restart each fiscal year; with this column the record's id is"
              + " company/year/number",
          "amount_sign",
          "positive (default), negative (the ERP writes these negative) or any");

  static List<FieldRow> fieldRows(
      ImportKind kind, Map<String, String> form, ColumnMapping base, List<String> header) {
    List<FieldRow> rows = new ArrayList<>();
    List<String> columns = columnKeys(kind);
    List<String> constants = constantKeys(kind);
    List<String> all = new ArrayList<>(columns);
    constants.stream().filter(k -> !all.contains(k)).forEach(all::add);
    for (String field : all) {
      String column = form.getOrDefault("col." + field, "");
      String expected = null;
      if (base != null && column.isEmpty() && kind.required().contains(field)) {
        String wanted = base.columns().get(field);
        if (wanted != null && headerMatching(header, wanted) == null) {
          expected = wanted;
        }
      }
      rows.add(
          new FieldRow(
              field,
              kind.required().contains(field),
              columns.contains(field),
              constants.contains(field),
              column,
              form.getOrDefault("const." + field, ""),
              expected,
              HINTS.get(field)));
    }
    return rows;
  }

  /** The mapping the form describes; every required field needs a column or a fixed value. */
  static ColumnMapping mappingOf(ImportKind kind, Map<String, String> form, String name) {
    Map<String, String> columns = new LinkedHashMap<>();
    Map<String, String> constants = new LinkedHashMap<>();
    for (String field : columnKeys(kind)) {
      String column = blankToNull(form.get("col." + field));
      if (column != null) {
        columns.put(field, column);
      }
    }
    for (String field : constantKeys(kind)) {
      String constant = blankToNull(form.get("const." + field));
      if (constant != null) {
        constants.put(field, constant);
      }
    }
    for (String field : kind.required()) {
      if (!columns.containsKey(field) && !constants.containsKey(field)) {
        throw new IllegalArgumentException(
            field + ": choose the file's column for " + field + " (or give a fixed value)");
      }
    }
    DateOrder order;
    try {
      order =
          DateOrder.valueOf(form.getOrDefault("dateOrder", "MDY").strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dateOrder: MDY, DMY or YMD");
    }
    String sep = form.getOrDefault("decimalSeparator", ".").strip();
    if (!sep.equals(".") && !sep.equals(",")) {
      throw new IllegalArgumentException("decimalSeparator: '.' or ','");
    }
    String source = blankToNull(form.get("sourceSystem"));
    if (source != null) {
      source = source.toUpperCase(Locale.ROOT);
      if (source.length() > 32) {
        throw new IllegalArgumentException("sourceSystem: at most 32 characters");
      }
    }
    return new ColumnMapping(name, kind, source, columns, constants, order, sep.charAt(0));
  }

  /**
   * The file's header a mapping's column names: the same ignoring case and spaces, or the first of
   * its alternatives ({@code Customer|Name}) the file has.
   */
  static String headerMatching(List<String> header, String wanted) {
    List<String> names = new ArrayList<>();
    names.add(wanted);
    if (wanted.indexOf('|') >= 0) {
      names.addAll(List.of(wanted.split("\\|")));
    }
    for (String name : names) {
      for (String h : header) {
        if (h != null && key(h).equals(key(name))) {
          return h;
        }
      }
    }
    return null;
  }

  private static String key(String s) {
    return s.replace('\u00a0', ' ')
        .replace("\ufeff", "")
        .strip()
        .replaceAll("\\s+", " ")
        .toLowerCase(Locale.ROOT);
  }

  /** One currency's control totals: the file's beside what was loaded. */
  record TotalRow(
      String currency,
      BigDecimal fileAmount,
      BigDecimal loadedAmount,
      Money file,
      Money loaded,
      Money difference) {
    public boolean differs() {
      return difference != null && !difference.isZero();
    }
  }

  static List<TotalRow> totals(ImportReport report) {
    Map<String, BigDecimal> file = report.fileTotals() == null ? Map.of() : report.fileTotals();
    Map<String, BigDecimal> loaded =
        report.loadedTotals() == null ? Map.of() : report.loadedTotals();
    TreeSet<String> currencies = new TreeSet<>(file.keySet());
    currencies.addAll(loaded.keySet());
    List<TotalRow> rows = new ArrayList<>();
    for (String c : currencies) {
      BigDecimal f = file.getOrDefault(c, BigDecimal.ZERO);
      BigDecimal l = loaded.getOrDefault(c, BigDecimal.ZERO);
      try {
        rows.add(
            new TotalRow(
                c,
                f,
                l,
                Money.of(f.stripTrailingZeros(), c),
                Money.of(l.stripTrailingZeros(), c),
                Money.of(f.subtract(l).stripTrailingZeros(), c)));
      } catch (IllegalArgumentException e) {
        // Not a currency Recoup knows (the file's rows in it were rejected): shown as it is.
        rows.add(new TotalRow(c, f, l, null, null, null));
      }
    }
    return rows;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
