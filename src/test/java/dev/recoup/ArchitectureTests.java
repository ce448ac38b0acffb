package dev.recoup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Rules of style.md the compiler cannot check: time from the Clock, exact money, no legacy dates.
 */
class ArchitectureTests {

  static final JavaClasses main =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.recoup");

  @Test
  void timeComesFromTheInjectedClock() {
    ArchRule rule =
        noClasses()
            .should()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(java.time.LocalDate.class, "now")
            .orShould()
            .callMethod(java.time.LocalDateTime.class, "now")
            .orShould()
            .callMethod(java.time.OffsetDateTime.class, "now")
            .orShould()
            .callMethod(java.time.ZonedDateTime.class, "now")
            .orShould()
            .callMethod(java.time.LocalTime.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .because("no-argument now() reads the system clock; take a Clock (style.md, Time)");
    rule.check(main);
  }

  @Test
  void amountsAreNeverBinaryFloatingPoint() {
    ArchRule noFloatingFields =
        noFields()
            .should()
            .haveRawType(double.class)
            .orShould()
            .haveRawType(float.class)
            .orShould()
            .haveRawType(Double.class)
            .orShould()
            .haveRawType(Float.class)
            .because("amounts are BigDecimal at currency scale (style.md, Money)");
    ArchRule noFloatingResults =
        noMethods()
            .should()
            .haveRawReturnType(double.class)
            .orShould()
            .haveRawReturnType(float.class)
            .because("amounts are BigDecimal at currency scale (style.md, Money)");
    ArchRule noDoubleToDecimal =
        noClasses()
            .should()
            .callMethod(java.math.BigDecimal.class, "valueOf", double.class)
            .orShould()
            .callConstructor(java.math.BigDecimal.class, double.class)
            .because("a BigDecimal made from a double carries its binary error");
    noFloatingFields.check(main);
    noFloatingResults.check(main);
    noDoubleToDecimal.check(main);
  }

  @Test
  void legacyDatesAreNotUsed() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Date")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.sql.Timestamp")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Calendar")
        .because("business dates are LocalDate, moments Instant (style.md, Time)")
        .check(main);
  }

  @Test
  void controllersStayInsideTheirModule() {
    fields()
        .that()
        .areDeclaredInClassesThat()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .notBePublic()
        .check(main);
    methods()
        .that()
        .areDeclaredInClassesThat()
        .haveSimpleNameEndingWith("Controller")
        .and()
        .areAnnotatedWith(org.springframework.web.bind.annotation.GetMapping.class)
        .should()
        .notBePublic()
        .check(main);
  }
}
