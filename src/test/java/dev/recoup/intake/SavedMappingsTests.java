package dev.recoup.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recoup.access.Access;
import dev.recoup.intake.SavedMappings.SavedMapping;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * Lena's ERP writes invoices with its own headers, day-first dates and decimal commas. She saves
 * the mapping once under a name and finds it again for invoices (not for payments); saving under
 * the same name replaces it; she deletes it when the ERP changes. Each change is audited; the
 * auditor reads but does not save.
 */
@RecoupTest
class SavedMappingsTests {

  @Autowired SavedMappings mappings;
  @Autowired Access access;
  @Autowired JdbcClient jdbc;

  @AfterEach
  void signOut() {
    SignedIn.out();
  }

  @Test
  void savedByNameListedPerKindReplacedAndDeleted() {
    SignedIn.as(access, "lena");
    ColumnMapping mine =
        new ColumnMapping(
            "Lena's Navision invoices",
            ImportKind.INVOICES,
            "NAV-TEST",
            Map.of(
                "external_id", "Belegnr.",
                "number", "Belegnr.",
                "account_external_id", "Debitor",
                "currency", "Währung",
                "issue_date", "Belegdatum",
                "due_date", "Fälligkeitsdatum",
                "amount", "Betrag",
                "open_amount", "Restbetrag",
                "document_type", "Belegart"),
            Map.of("entity", "IE"),
            DateOrder.DMY,
            ',');
    SavedMapping saved = mappings.save(mine);

    assertThat(saved.mapping().columns()).containsEntry("open_amount", "Restbetrag");
    assertThat(saved.mapping().columns()).containsEntry("document_type", "Belegart");
    assertThat(saved.mapping().constants()).containsExactly(Map.entry("entity", "IE"));
    assertThat(saved.mapping().dateOrder()).isEqualTo(DateOrder.DMY);
    assertThat(saved.mapping().decimalSeparator()).isEqualTo(',');
    assertThat(saved.updatedBy()).isEqualTo("lena");
    assertThat(mappings.list(ImportKind.INVOICES))
        .extracting(SavedMapping::id)
        .contains(saved.id());
    assertThat(mappings.list(ImportKind.PAYMENTS))
        .extracting(SavedMapping::id)
        .doesNotContain(saved.id());
    assertThat(mappings.load(saved.id())).isEqualTo(saved.mapping());

    // The same name (in other case) replaces it rather than adding a second one.
    SavedMapping replaced =
        mappings.save(
            new ColumnMapping(
                "LENA'S NAVISION INVOICES",
                ImportKind.INVOICES,
                "NAV-TEST",
                Map.of(
                    "external_id", "Belegnr.",
                    "number", "Belegnr.",
                    "account_external_id", "Debitor",
                    "currency", "Währung",
                    "issue_date", "Belegdatum",
                    "due_date", "Fälligkeit",
                    "amount", "Betrag"),
                Map.of(),
                DateOrder.DMY,
                ','));
    assertThat(replaced.id()).isEqualTo(saved.id());
    assertThat(mappings.load(saved.id()).columns()).containsEntry("due_date", "Fälligkeit");
    assertThat(mappings.find(ImportKind.INVOICES, "lena's navision invoices")).isPresent();

    mappings.delete(saved.id());
    assertThat(mappings.find(saved.id())).isEmpty();
    assertThat(
            jdbc.sql(
                    "select action from audit_event where subject_type = 'saved_mapping'"
                        + " and subject_id = ? order by id")
                .param(String.valueOf(saved.id()))
                .query(String.class)
                .list())
        .containsExactly("mapping.saved", "mapping.replaced", "mapping.deleted");
  }

  @Test
  void aMappingMustCoverTheRequiredFieldsAndOnlyTheKindsFields() {
    SignedIn.as(access, "lena");
    assertThatThrownBy(
            () ->
                mappings.save(
                    new ColumnMapping(
                        "half",
                        ImportKind.PAYMENTS,
                        null,
                        Map.of("external_id", "Receipt"),
                        Map.of(),
                        DateOrder.MDY,
                        '.')))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("account_external_id: a payments mapping needs a column");
    assertThatThrownBy(
            () ->
                mappings.save(
                    new ColumnMapping(
                        "odd",
                        ImportKind.PAYMENTS,
                        null,
                        Map.of("shoe_size", "Size"),
                        Map.of(),
                        DateOrder.MDY,
                        '.')))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("columns: shoe_size is not a field of payments");
  }

  @Test
  void theAuditorReadsButDoesNotSave() {
    SignedIn.as(access, "audrey");
    assertThat(mappings.all()).isNotNull();
    assertThatThrownBy(() -> mappings.save(Presets.named("netsuite", ImportKind.PAYMENTS)))
        .isInstanceOf(AccessDeniedException.class);
  }
}
