package dev.recoup.intake.web;

import dev.recoup.intake.ColumnMapping;
import dev.recoup.intake.DifferenceKind;
import dev.recoup.intake.ImportKind;
import dev.recoup.intake.IntakeFiles;
import dev.recoup.intake.ReconciliationDifference;
import dev.recoup.intake.ReconciliationRun;
import dev.recoup.intake.Reconciliations;
import dev.recoup.shared.TableExport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The ERP reconciliation page: upload the ERP's open items (or aging) file, see what differs from
 * Recoup's ledger (missing on either side, another open amount or status) with totals per currency,
 * filter the differences by kind, export them; earlier reconciliations stay listed.
 */
@Controller
class ReconciliationController {

  /** How each kind of difference reads on the page, by its name. */
  static final Map<String, String> LABELS =
      Map.of(
          DifferenceKind.MISSING_IN_RECOUP.name(), "Missing in Recoup",
          DifferenceKind.MISSING_IN_ERP.name(), "Missing in the ERP",
          DifferenceKind.DIFFERENT_OPEN_AMOUNT.name(), "Other open amount",
          DifferenceKind.DIFFERENT_STATUS.name(), "Other status");

  private final Reconciliations reconciliations;
  private final MappingChoices choices;

  ReconciliationController(Reconciliations reconciliations, MappingChoices choices) {
    this.reconciliations = reconciliations;
    this.choices = choices;
  }

  @GetMapping("/reconciliation")
  String page(Model model) {
    model.addAttribute("runs", reconciliations.recent(50));
    model.addAttribute("options", choices.options(ImportKind.INVOICES));
    return "intake/reconciliations";
  }

  @GetMapping({"/reconciliation/runs.csv", "/reconciliation/runs.xlsx"})
  void runsExport(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try (TableExport x =
        TableExport.open(
            request,
            response,
            "reconciliations",
            "reconciliation",
            "source_system",
            "file",
            "mapping",
            "run_by",
            "run_at",
            "file_rows",
            "compared_rows",
            "rejected_rows",
            "agreeing",
            "missing_in_recoup",
            "missing_in_erp",
            "different_open_amount",
            "different_status")) {
      for (ReconciliationRun r : reconciliations.recent(500)) {
        x.row(
            r.id(),
            r.sourceSystem(),
            r.fileName(),
            r.mappingName(),
            r.runBy(),
            r.runAt(),
            r.fileRows(),
            r.comparedRows(),
            r.rejectedRows(),
            r.agreeing(),
            r.missingInRecoup(),
            r.missingInErp(),
            r.differentOpenAmount(),
            r.differentStatus());
      }
    }
  }

  /** Reads the ERP's file, compares it, and shows the result. */
  @PostMapping("/reconciliation/uploads")
  String upload(
      @RequestParam(required = false) String mapping,
      @RequestParam(required = false) String sourceSystem,
      @RequestParam(required = false) MultipartFile file,
      RedirectAttributes flash) {
    try {
      String name = Uploads.checked(file);
      List<String> header = List.of();
      if (mapping == null || mapping.isBlank() || mapping.equals(MappingChoices.GUESS)) {
        try (InputStream in = file.getInputStream()) {
          header = IntakeFiles.preview(in, name, 0).header();
        }
      }
      ColumnMapping m = choices.resolve(mapping, ImportKind.INVOICES, header);
      ReconciliationRun run;
      try (InputStream in = file.getInputStream()) {
        run = reconciliations.reconcile(m, sourceSystem, name, in);
      }
      flash.addFlashAttribute(
          "done",
          run.differences() == 0
              ? "The ERP's open items agree with Recoup's."
              : run.differences() + " differences found.");
      return "redirect:/reconciliation/" + run.id();
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
      flash.addFlashAttribute("mapping", mapping);
      flash.addFlashAttribute("sourceSystem", sourceSystem);
      return "redirect:/reconciliation";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping("/reconciliation/{id}")
  String result(@PathVariable long id, @RequestParam(required = false) String kind, Model model) {
    ReconciliationRun run = reconciliations.get(id);
    DifferenceKind k;
    try {
      k = DifferenceKind.parseOrNull(kind);
    } catch (IllegalArgumentException e) {
      model.addAttribute("error", e.getMessage());
      k = null;
    }
    model.addAttribute("run", run);
    model.addAttribute("kind", k);
    model.addAttribute("kinds", DifferenceKind.values());
    model.addAttribute("labels", LABELS);
    model.addAttribute("totals", reconciliations.totals(id));
    model.addAttribute(
        "differences", reconciliations.differences(id, k, Reconciliations.PAGE_LIMIT));
    model.addAttribute("shownOf", k == null ? run.differences() : run.count(k));
    model.addAttribute("limit", Reconciliations.PAGE_LIMIT);
    model.addAttribute("rejected", reconciliations.rejectedRows(id, 1000));
    return "intake/reconciliation";
  }

  @GetMapping({"/reconciliation/{id}/differences.csv", "/reconciliation/{id}/differences.xlsx"})
  void differencesExport(
      @PathVariable long id,
      @RequestParam(required = false) String kind,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    ReconciliationRun run = reconciliations.get(id);
    DifferenceKind k = DifferenceKind.parseOrNull(kind);
    try (TableExport x =
        TableExport.open(
            request,
            response,
            "reconciliation-" + run.id() + (k == null ? "" : "-" + k.slug()),
            "difference",
            "external_id",
            "number",
            "account",
            "account_external_id",
            "erp_row",
            "erp_currency",
            "erp_open",
            "erp_status",
            "recoup_currency",
            "recoup_open",
            "recoup_status",
            "difference",
            "recoup_invoice_id")) {
      reconciliations.forEachDifference(
          id,
          k,
          (ReconciliationDifference d) ->
              x.row(
                  d.kind().slug(),
                  d.externalId(),
                  d.number(),
                  d.accountName(),
                  d.accountExternalId(),
                  d.fileRow(),
                  d.erpOpen() == null ? null : d.erpOpen().currencyCode(),
                  d.erpOpen(),
                  d.erpStatus(),
                  d.recoupOpen() == null ? null : d.recoupOpen().currencyCode(),
                  d.recoupOpen(),
                  d.recoupStatus(),
                  d.difference(),
                  d.invoiceId()));
    }
  }
}
