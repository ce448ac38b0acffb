package dev.recoup;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module structure of style.md: no cycles, only declared dependencies, no reach into internals.
 */
class ModularityTests {

  static final ApplicationModules modules = ApplicationModules.of(RecoupApplication.class);

  @Test
  void verifiesModuleStructure() {
    modules.verify();
  }

  @Test
  void writesModuleDocumentation() {
    new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    org.assertj.core.api.Assertions.assertThat(
            java.nio.file.Files.exists(
                java.nio.file.Path.of("target/spring-modulith-docs/components.puml")))
        .isTrue();
  }
}
