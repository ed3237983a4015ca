package dev.keel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries of STYLE.md, checked by Spring Modulith, and their diagrams.
 * <p>
 * The Documenter writes into {@code target/}; {@code docs/modules} receives the diagrams
 * with their relationship lines sorted, and only a diagram whose content changed is
 * rewritten, so a test run leaves the working tree as it found it unless the modules
 * themselves changed.
 */
class ModularityTests {

	private static final ApplicationModules modules = ApplicationModules.of(KeelApplication.class);

	private static final Path GENERATED = Path.of("target/spring-modulith-docs");

	private static final Path DOCS = Path.of("docs/modules");

	@Test
	void modulesKeepTheirBoundaries() {
		assertThat(modules.getModuleByName("platform")).isPresent();
		assertThat(modules.getModuleByName("rates")).isPresent();

		modules.verify();
	}

	@Test
	void writesTheModuleDiagramsIntoDocs() throws IOException {
		deleteTree(GENERATED);
		new Documenter(modules, Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();

		Map<String, String> diagrams = new TreeMap<>();
		try (Stream<Path> files = Files.list(GENERATED)) {
			for (Path file : files.filter(file -> file.toString().endsWith(".puml")).toList()) {
				diagrams.put(file.getFileName().toString(), stable(Files.readString(file)));
			}
		}
		assertThat(diagrams).containsKeys("components.puml", "module-platform.puml", "module-rates.puml",
				"module-stats.puml", "module-library.puml", "module-search.puml");

		Files.createDirectories(DOCS);
		for (Map.Entry<String, String> diagram : diagrams.entrySet()) {
			Path doc = DOCS.resolve(diagram.getKey());
			if (!Files.exists(doc) || !Files.readString(doc).equals(diagram.getValue())) {
				Files.writeString(doc, diagram.getValue());
			}
		}
		try (Stream<Path> files = Files.list(DOCS)) {
			for (Path stale : files.filter(file -> file.toString().endsWith(".puml"))
				.filter(file -> !diagrams.containsKey(file.getFileName().toString()))
				.toList()) {
				Files.delete(stale);
			}
		}
	}

	@Test
	void sortsOnlyTheRelationshipLinesOfADiagram() {
		String generated = """
				@startuml
				Component(B, "B")
				Component(A, "A")

				Rel(C, A, "uses")
				Rel(B, A, "depends on")

				SHOW_LEGEND(true)
				@enduml""";

		assertThat(stable(generated)).isEqualTo("""
				@startuml
				Component(B, "B")
				Component(A, "A")

				Rel(B, A, "depends on")
				Rel(C, A, "uses")

				SHOW_LEGEND(true)
				@enduml""");
	}

	/**
	 * The diagram with each run of relationship lines sorted: Structurizr keeps
	 * relationships in a hash set, so they come out in a different order from run to run.
	 */
	static String stable(String diagram) {
		List<String> lines = new ArrayList<>(diagram.lines().toList());
		int start = 0;
		while (start < lines.size()) {
			int end = start;
			while (end < lines.size() && lines.get(end).startsWith("Rel(")) {
				end++;
			}
			lines.subList(start, end).sort(Comparator.naturalOrder());
			start = end + 1;
		}
		return String.join("\n", lines) + (diagram.endsWith("\n") ? "\n" : "");
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
