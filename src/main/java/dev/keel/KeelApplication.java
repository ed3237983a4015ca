package dev.keel;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keel: one service hosting the rates, stats, library and search APIs.
 * <p>
 * With no arguments (or only {@code --options}) it serves HTTP. With a command as first
 * word (such as {@code import-rates FILE}) it runs that command without a web server and
 * exits; {@code help} lists the commands, and any other word is refused with exit code 2.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KeelApplication {

	public static void main(String[] args) {
		CommandLine line = CommandLine.of(args);
		switch (line.action()) {
			case HELP -> line.explain(System.out, System.err);
			case UNKNOWN -> {
				line.explain(System.out, System.err);
				System.exit(CommandLine.USAGE);
			}
			case SERVE -> start(new SpringApplicationBuilder(KeelApplication.class), args);
			case RUN -> {
				var application = new SpringApplicationBuilder(KeelApplication.class).web(WebApplicationType.NONE)
					// A command prints its own progress; the start-up chatter would drown
					// it. A failed start is reported by SpringApplication (or in one line
					// by DatabaseInUse); the context's own warning would repeat it.
					.bannerMode(Banner.Mode.OFF)
					.properties("logging.level.root=warn",
							"logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext=error");
				System.exit(SpringApplication.exit(start(application, args)));
			}
		}
	}

	private static ConfigurableApplicationContext start(SpringApplicationBuilder application, String[] args) {
		try {
			return application.run(args);
		}
		catch (RuntimeException ex) {
			if (DatabaseInUse.causes(ex)) {
				System.exit(CommandLine.DATABASE_IN_USE);
			}
			throw ex;
		}
	}

}
