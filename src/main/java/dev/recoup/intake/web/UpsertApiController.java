package dev.recoup.intake.web;

import dev.recoup.intake.ImportKind;
import dev.recoup.intake.Imports;
import dev.recoup.intake.UpsertResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single-record upserts by external id, for an ERP or a middleware that pushes records as they
 * change. The body holds the record's canonical fields (the Recoup CSV shape's names), plus an
 * optional {@code sourceSystem} (default API). Amounts may be JSON numbers or strings; they are
 * read as decimals, never as floating point.
 */
@RestController
@Tag(
    name = "Upserts",
    description =
        "Create or update one account, contact, invoice, payment, credit memo or application by"
            + " its external id; Idempotency-Key: the same request again gets the same answer,"
            + " another request under the same key 422")
class UpsertApiController {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final Imports imports;

  UpsertApiController(Imports imports) {
    this.imports = imports;
  }

  /** What a client gets back, also when an earlier answer is replayed. */
  record Upserted(String kind, String sourceSystem, String externalId, long id, String outcome) {}

  @PutMapping(value = "/api/v1/accounts/{externalId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Create or update a customer account by external id")
  ResponseEntity<Upserted> account(
      @PathVariable String externalId,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody String body) {
    return upsert(ImportKind.ACCOUNTS, externalId, key, body);
  }

  @PutMapping(value = "/api/v1/contacts/{externalId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Create or update a contact by external id")
  ResponseEntity<Upserted> contact(
      @PathVariable String externalId,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody String body) {
    return upsert(ImportKind.CONTACTS, externalId, key, body);
  }

  @PutMapping(value = "/api/v1/invoices/{externalId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Create or update an invoice by external id",
      description =
          "open_amount and status are the ERP's, kept beside Recoup's own open amount (amount"
              + " less applications).")
  ResponseEntity<Upserted> invoice(
      @PathVariable String externalId,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody String body) {
    return upsert(ImportKind.INVOICES, externalId, key, body);
  }

  @PutMapping(value = "/api/v1/payments/{externalId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Create or update a payment by external id")
  ResponseEntity<Upserted> payment(
      @PathVariable String externalId,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody String body) {
    return upsert(ImportKind.PAYMENTS, externalId, key, body);
  }

  @PutMapping(
      value = "/api/v1/credit-memos/{externalId}",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Create or update a credit memo by external id")
  ResponseEntity<Upserted> creditMemo(
      @PathVariable String externalId,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody String body) {
    return upsert(ImportKind.CREDIT_MEMOS, externalId, key, body);
  }

  @PutMapping(
      value = "/api/v1/applications/{externalId}",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Record an application of a payment or credit memo to an invoice",
      description =
          "Applications do not change: the same external id with other values is refused;"
              + " reverse it in the ERP.")
  ResponseEntity<Upserted> application(
      @PathVariable String externalId,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody String body) {
    return upsert(ImportKind.APPLICATIONS, externalId, key, body);
  }

  private ResponseEntity<Upserted> upsert(
      ImportKind kind, String externalId, String key, String body) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("body: not a JSON object");
    }
    if (!tree.isObject()) {
      throw new IllegalArgumentException("body: not a JSON object");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String sourceSystem = null;
    for (Map.Entry<String, JsonNode> e : tree.properties()) {
      JsonNode v = e.getValue();
      if (v.isObject() || v.isArray()) {
        throw new IllegalArgumentException(e.getKey() + ": must be a text, number or null");
      }
      String text =
          v.isNull() ? null : v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asString();
      if (e.getKey().equals("sourceSystem")) {
        sourceSystem = text;
      } else {
        fields.put(e.getKey(), text);
      }
    }
    UpsertResult r = imports.upsert(kind, sourceSystem, externalId, fields, key);
    Upserted out =
        new Upserted(r.kind().slug(), r.sourceSystem(), r.externalId(), r.id(), r.outcome().name());
    var response =
        ResponseEntity.status(
            r.outcome() == UpsertResult.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK);
    if (r.replayed()) {
      response.header("Idempotency-Replayed", "true");
    }
    return response.body(out);
  }
}
