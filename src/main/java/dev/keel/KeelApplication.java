package dev.keel;

import java.util.Arrays;
import java.util.Set;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Keel: one service hosting the rates, stats, library and search APIs.
 * <p>
 * With no arguments it serves HTTP. With a command as first argument (such as
 * {@code import-rates FILE}) it runs that command without a web server and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KeelApplication {

	static final Set<String> COMMANDS = Set.of("import-rates", "ingest-items");

	public static void main(String[] args) {
		// The command is the first argument that is not an --option, wherever options
		// stand.
		boolean command = Arrays.stream(args)
			.filter(arg -> !arg.startsWith("--"))
			.findFirst()
			.filter(COMMANDS::contains)
			.isPresent();
		var application = new SpringApplicationBuilder(KeelApplication.class)
			.web(command ? WebApplicationType.NONE : WebApplicationType.SERVLET);
		if (command) {
			// A command prints its own progress; the start-up chatter would drown it.
			application.bannerMode(Banner.Mode.OFF).properties("logging.level.root=warn");
			System.exit(SpringApplication.exit(application.run(args)));
		}
		application.run(args);
	}

}
