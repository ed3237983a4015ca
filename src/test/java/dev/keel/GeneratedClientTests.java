package dev.keel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.keel.platform.OnEmbeddedStorage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Java client generated from the live description by openapi-generator (its
 * {@code java} generator, {@code native} library: the JDK's HttpClient and Jackson)
 * compiles, and creates an author and a book and reads them back against the running
 * service.
 */
@OnEmbeddedStorage
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientTests {

	private static final String PACKAGE = "dev.keel.client";

	// Written against the generated API as a user of the client would write it; compiled
	// with the generated sources.
	private static final String DRIVER = """
			package dev.keel.client;

			import java.time.LocalDate;
			import java.util.LinkedHashSet;
			import java.util.List;
			import java.util.Map;
			import java.util.function.Function;

			import dev.keel.client.api.LibraryApi;
			import dev.keel.client.model.Author;
			import dev.keel.client.model.AuthorInput;
			import dev.keel.client.model.Book;
			import dev.keel.client.model.BookInput;

			public class Driver implements Function<String, Map<String, Object>> {

				private final String isbn;

				public Driver(String isbn) {
					this.isbn = isbn;
				}

				@Override
				public Map<String, Object> apply(String baseUri) {
					ApiClient client = new ApiClient();
					client.updateBaseUri(baseUri);
					LibraryApi library = new LibraryApi(client);
					try {
						Author created = library.createAuthor(
								new AuthorInput().name("Ursula K. Le Guin").birthDate(LocalDate.of(1929, 10, 21)));
						Book book = library.createBook(new BookInput().title("The Dispossessed")
							.isbn(this.isbn)
							.publishDate(LocalDate.of(1974, 5, 1))
							.authorIds(new LinkedHashSet<>(List.of(created.getId()))));
						Author author = library.getAuthor(created.getId());
						Book read = library.getBook(book.getId());
						List<Author> authors = library.listBookAuthors(book.getId());
						return Map.of("author_id", author.getId(), "name", author.getName(), "birth_date",
								author.getBirthDate(), "book_id", read.getId(), "title", read.getTitle(), "isbn",
								read.getIsbn(), "author_ids", read.getAuthorIds(), "first_author",
								authors.get(0).getName(), "version", read.getVersion());
					}
					catch (ApiException ex) {
						throw new IllegalStateException(ex.getCode() + " " + ex.getResponseBody(), ex);
					}
				}

			}
			""";

	@LocalServerPort
	int port;

	@TempDir
	Path work;

	@Test
	@SuppressWarnings("unchecked")
	void aClientGeneratedFromTheDescriptionCreatesAndReadsAnAuthorAndABook() throws Exception {
		String isbn = FreshIsbn.next();
		Path description = this.work.resolve("api-docs.json");
		Files.writeString(description, get("/v3/api-docs"));
		Path sources = this.work.resolve("client");
		new DefaultGenerator()
			.opts(new CodegenConfigurator().setGeneratorName("java")
				.setLibrary("native")
				.setInputSpec(description.toString())
				.setOutputDir(sources.toString())
				.setInvokerPackage(PACKAGE)
				.setApiPackage(PACKAGE + ".api")
				.setModelPackage(PACKAGE + ".model")
				// Plain nullable fields: no jackson-databind-nullable on the classpath.
				.addAdditionalProperty("openApiNullable", false)
				.addAdditionalProperty("useJakartaEe", true)
				.addGlobalProperty("apiTests", "false")
				.addGlobalProperty("modelTests", "false")
				.addGlobalProperty("apiDocs", "false")
				.addGlobalProperty("modelDocs", "false")
				.toClientOptInput())
			.generate();
		Path driver = sources.resolve("src/main/java/dev/keel/client/Driver.java");
		Files.writeString(driver, DRIVER);

		Path classes = this.work.resolve("classes");
		compile(sources.resolve("src/main/java"), classes);

		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			Function<String, Map<String, Object>> client = (Function<String, Map<String, Object>>) loader
				.loadClass(PACKAGE + ".Driver")
				.getConstructor(String.class)
				.newInstance(isbn);
			Map<String, Object> read = client.apply("http://127.0.0.1:" + this.port);
			assertThat(read).containsEntry("name", "Ursula K. Le Guin")
				.containsEntry("birth_date", java.time.LocalDate.of(1929, 10, 21))
				.containsEntry("title", "The Dispossessed")
				.containsEntry("isbn", isbn)
				.containsEntry("author_ids", List.of(read.get("author_id")))
				.containsEntry("first_author", "Ursula K. Le Guin")
				.containsEntry("version", 1L);
			// And the service holds what the client says it created.
			JsonNode book = JsonMapper.builder().build().readTree(get("/books/" + read.get("book_id")));
			assertThat(book.path("authors").path(0).path("name").asString()).isEqualTo("Ursula K. Le Guin");
		}
	}

	private static void compile(Path sources, Path classes) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
				"-classpath", System.getProperty("java.class.path")));
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int status = compiler.run(null, output, output, arguments.toArray(String[]::new));
		assertThat(status).as("the generated client compiles: %s", output).isZero();
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
