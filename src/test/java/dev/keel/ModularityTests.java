package dev.keel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/** The module boundaries of STYLE.md, checked by Spring Modulith, and their diagrams. */
class ModularityTests {

	private static final ApplicationModules modules = ApplicationModules.of(KeelApplication.class);

	@Test
	void modulesKeepTheirBoundaries() {
		assertThat(modules.getModuleByName("platform")).isPresent();
		assertThat(modules.getModuleByName("rates")).isPresent();

		modules.verify();
	}

	@Test
	void writesTheModuleDiagramsIntoDocs() throws IOException {
		new Documenter(modules, Documenter.Options.defaults().withOutputFolder("docs/modules")).writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();

		try (Stream<Path> files = Files.list(Path.of("docs/modules"))) {
			assertThat(files.map(file -> file.getFileName().toString())).contains("components.puml",
					"module-platform.puml", "module-rates.puml");
		}
	}

}
