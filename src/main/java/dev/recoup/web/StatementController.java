package dev.recoup.web;

import dev.recoup.accounts.AccountId;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.Statements;
import dev.recoup.shared.ExcelDownload;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The statement of account from Account 360, as of a date (today when none is given), in the
 * account's language: a PDF to send, an Excel workbook for the customer's AP team. Whoever may read
 * the account may download its statement.
 */
@Controller
class StatementController {

  private final Statements statements;
  private final Aging aging;

  StatementController(Statements statements, Aging aging) {
    this.statements = statements;
    this.aging = aging;
  }

  @GetMapping("/accounts/{id}/statement.pdf")
  ResponseEntity<byte[]> pdf(
      @PathVariable long id,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate asOf) {
    AccountId account = new AccountId(id);
    LocalDate date = asOf == null ? aging.today() : asOf;
    byte[] pdf = statements.pdf(account, date);
    return download(pdf, statements.fileName(account, date) + ".pdf", MediaType.APPLICATION_PDF);
  }

  @GetMapping("/accounts/{id}/statement.xlsx")
  ResponseEntity<byte[]> xlsx(
      @PathVariable long id,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate asOf) {
    AccountId account = new AccountId(id);
    LocalDate date = asOf == null ? aging.today() : asOf;
    byte[] xlsx = statements.xlsx(account, date);
    return download(
        xlsx,
        statements.fileName(account, date) + ".xlsx",
        MediaType.parseMediaType(ExcelDownload.CONTENT_TYPE));
  }

  private static ResponseEntity<byte[]> download(byte[] body, String filename, MediaType type) {
    return ResponseEntity.ok()
        .contentType(type)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(filename).build().toString())
        .body(body);
  }
}
