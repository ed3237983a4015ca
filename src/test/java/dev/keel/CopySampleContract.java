package dev.keel;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code copy-sample} from one kind of database into the other: the public rates dataset,
 * some library and search data and a few request counts go in here, a sample comes out
 * there, consistent and whole where it must be, its ids continuing; a second copy into
 * the same target is refused and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
abstract class CopySampleContract {

	static final Path DATASET = Path.of("../shared/data/ratestask/rates.sql");

	static final double FRACTION = 0.2;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient source;

	@LocalServerPort
	int port;

	@TempDir
	Path files;

	/** The target's JDBC URL, as given to {@code --to}. */
	abstract String targetUrl();

	/** The target, emptied of everything (schema included). */
	abstract void emptyTarget() throws Exception;

	/** After the copy: what a Keel served from the target answers, where the test can. */
	void answersOnTheCopy(JdbcClient target) {
	}

	JdbcClient target() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(targetUrl());
		dataSource.setUsername(targetUrl().startsWith("jdbc:h2:") ? "sa" : "postgres");
		dataSource.setPassword("");
		return JdbcClient.create(dataSource);
	}

	@BeforeEach
	void emptyTheTarget() throws Exception {
		emptyTarget();
	}

	@Test
	void copiesAConsistentSampleAndRefusesToCopyAgain(CapturedOutput output) throws Exception {
		assertThat(keel("import-rates", DATASET.toString())).isZero();
		addLibrary();
		addSearchItems();
		Http http = new Http(this.port);
		assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/stats/")).DELETE()).status())
			.isEqualTo(204);
		for (String path : List.of("/api/copy/a/", "/api/copy/a/", "/api/copy/a/", "/api/copy/b/")) {
			assertThat(http.get(path).status()).isEqualTo(200);
		}

		int mark = output.getOut().length();
		assertThat(keel("copy-sample", "--to", targetUrl(), "--fraction=" + FRACTION, "--seed", "7"))
			.as(output.getAll())
			.isZero();
		String progress = output.getOut().substring(mark);
		assertThat(progress).contains("copy-sample: 20% of this deployment", "seed 7", "rates: ", "library: ",
				"search: ", "stats: ", "Copied in");

		JdbcClient target = target();
		regionsAndPortsAreWhole(target);
		lanesAreAFractionWithEveryPrice(target);
		assertThat(rows(target, "SELECT * FROM region_daily_prices ORDER BY orig_region, dest_region, day"))
			.as("the region summary, as rebuilt from the copied prices")
			.isEqualTo(rows(target, """
					SELECT o.parent_slug AS orig_region, d.parent_slug AS dest_region, p.day,
					       COUNT(*) AS price_count, SUM(CAST(p.price AS BIGINT)) AS price_sum
					FROM prices p JOIN ports o ON o.code = p.orig_code JOIN ports d ON d.code = p.dest_code
					GROUP BY o.parent_slug, d.parent_slug, p.day ORDER BY 1, 2, 3
					"""))
			.isNotEmpty();
		libraryIsConsistent(target);
		searchItemsAreAFraction(target);
		assertThat(rows(target, "SELECT url, requests FROM stats_counts ORDER BY requests DESC, url"))
			.startsWith(List.of("/api/copy/a/", 3L), List.of("/api/copy/b/", 1L));
		idsContinue(target);
		answersOnTheCopy(target);

		Map<String, Long> before = counts(target);
		mark = output.getErr().length();
		assertThat(keel("copy-sample", "--to=" + targetUrl())).isEqualTo(2);
		assertThat(output.getErr().substring(mark).strip()).contains("is not empty: table ").doesNotContain("\n");
		assertThat(counts(target)).isEqualTo(before);
	}

	@Test
	void refusesWhatItCannotUse(CapturedOutput output) throws Exception {
		assertThat(keel("copy-sample", "--to", targetUrl(), "--fraction", "0")).isEqualTo(2);
		assertThat(keel("copy-sample", "--to", targetUrl(), "--fraction=1.5")).isEqualTo(2);
		assertThat(keel("copy-sample", "--fraction=0.5")).isEqualTo(2);
		assertThat(keel("copy-sample", "--to", targetUrl(), "--fractoin=0.5")).isEqualTo(2);
		assertThat(output.getErr()).contains("--fraction '0' is not a number above 0 and at most 1", "--to is required",
				"unknown option --fractoin", "usage: copy-sample --to JDBC_URL");
		int mark = output.getErr().length();
		assertThat(keel("copy-sample", "--to", "jdbc:postgresql://127.0.0.1:1/none")).isEqualTo(2);
		assertThat(output.getErr().substring(mark))
			.contains("cannot open the target jdbc:postgresql://127.0.0.1:1/none");
		assertThat(keel("copy-sample", "--to", "jdbc:mysql://127.0.0.1/none")).isEqualTo(2);
		assertThat(keel("copy-sample", "--to", targetUrl(), "--fraction=1", "--seed=1")).as(output.getAll()).isZero();
	}

	private void regionsAndPortsAreWhole(JdbcClient target) {
		assertThat(rows(target, "SELECT slug, name, parent_slug FROM regions ORDER BY slug"))
			.isEqualTo(rows(this.source, "SELECT slug, name, parent_slug FROM regions ORDER BY slug"))
			.isNotEmpty();
		assertThat(rows(target, "SELECT code, name, parent_slug FROM ports ORDER BY code"))
			.isEqualTo(rows(this.source, "SELECT code, name, parent_slug FROM ports ORDER BY code"))
			.isNotEmpty();
	}

	private void lanesAreAFractionWithEveryPrice(JdbcClient target) {
		String lanes = """
				SELECT orig_code, dest_code, COUNT(*), SUM(price), MIN(day), MAX(day) FROM prices
				GROUP BY orig_code, dest_code ORDER BY orig_code, dest_code
				""";
		List<List<Object>> all = rows(this.source, lanes);
		List<List<Object>> copied = rows(target, lanes);
		assertThat(copied).hasSize((int) Math.round(FRACTION * all.size()));
		assertThat(all).containsAll(copied);
	}

	private void libraryIsConsistent(JdbcClient target) {
		String authors = "SELECT id, name, bio, birth_date, version FROM authors ORDER BY id";
		String books = "SELECT id, title, description, publish_date, isbn, version FROM books ORDER BY id";
		String links = "SELECT book_id, author_id, position FROM book_authors ORDER BY book_id, position";
		List<List<Object>> copiedAuthors = rows(target, authors);
		List<List<Object>> copiedBooks = rows(target, books);
		assertThat(rows(this.source, authors)).as("authors with their ids").containsAll(copiedAuthors);
		assertThat(rows(this.source, books)).as("books with their ids").containsAll(copiedBooks);
		assertThat(copiedBooks).isNotEmpty();

		// Every copied book has all its authors, each of them copied.
		Set<Object> bookIds = new LinkedHashSet<>(copiedBooks.stream().map(row -> row.get(0)).toList());
		List<List<Object>> sourceLinks = rows(this.source, links).stream()
			.filter(link -> bookIds.contains(link.get(0)))
			.toList();
		assertThat(rows(target, links)).isEqualTo(sourceLinks);
		Set<Object> authorIds = new LinkedHashSet<>(copiedAuthors.stream().map(row -> row.get(0)).toList());
		assertThat(authorIds).containsAll(sourceLinks.stream().map(link -> link.get(1)).toList());

		// The chosen authors (a fraction) have every book of theirs copied.
		long whole = authorIds.stream()
			.filter(id -> this.source.sql("SELECT book_id FROM book_authors WHERE author_id = :id")
				.param("id", id)
				.query(Long.class)
				.list()
				.stream()
				.allMatch(bookIds::contains))
			.count();
		long all = this.source.sql("SELECT COUNT(*) FROM authors").query(Long.class).single();
		assertThat(whole).isGreaterThanOrEqualTo(Math.round(FRACTION * all));
	}

	private void searchItemsAreAFraction(JdbcClient target) {
		String items = "SELECT id, title, url, item_date, folded_title, fingerprint FROM search_items ORDER BY id";
		List<List<Object>> all = rows(this.source, items);
		List<List<Object>> copied = rows(target, items);
		assertThat(copied).hasSize((int) Math.round(FRACTION * all.size()));
		assertThat(all).containsAll(copied);
		if (targetUrl().startsWith("jdbc:postgresql:")) {
			assertThat(target.sql("SELECT COUNT(*) FROM search_items WHERE cardinality(title_words) = 0")
				.query(Long.class)
				.single()).isZero();
			assertThat(
					target.sql("SELECT COUNT(*) FROM search_words WHERE word = 'harbour'").query(Long.class).single())
				.isOne();
		}
	}

	private static void idsContinue(JdbcClient target) {
		long author = insert(target, "INSERT INTO authors (name, version) VALUES ('New on the copy', 1)");
		assertThat(author).isGreaterThan(max(target, "authors", author));
		long book = insert(target, "INSERT INTO books (title, version) VALUES ('New on the copy', 1)");
		assertThat(book).isGreaterThan(max(target, "books", book));
		target.sql("DELETE FROM books WHERE id = :id").param("id", book).update();
		target.sql("DELETE FROM authors WHERE id = :id").param("id", author).update();
	}

	private static long max(JdbcClient target, String table, long except) {
		return target.sql("SELECT COALESCE(MAX(id), 0) FROM " + table + " WHERE id <> :id")
			.param("id", except)
			.query(Long.class)
			.single();
	}

	private static long insert(JdbcClient jdbc, String sql) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.sql(sql).update(key, "id");
		return key.getKeyAs(Number.class).longValue();
	}

	private static Map<String, Long> counts(JdbcClient target) {
		Map<String, Long> counts = new HashMap<>();
		for (String table : List.of("regions", "ports", "prices", "region_daily_prices", "authors", "books",
				"book_authors", "search_items", "stats_counts")) {
			counts.put(table, target.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single());
		}
		return counts;
	}

	// Rows as lists of plain values, so H2's and PostgreSQL's compare equal.
	static List<List<Object>> rows(JdbcClient jdbc, String sql) {
		return jdbc.sql(sql).query((rs, n) -> {
			List<Object> row = new ArrayList<>();
			for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
				Object value = rs.getObject(i);
				row.add(switch (value) {
					case null -> "null";
					case Number number -> number.longValue();
					case java.sql.Date date -> date.toLocalDate();
					case java.sql.Timestamp timestamp -> timestamp.toLocalDateTime();
					default -> value.toString().strip();
				});
			}
			return row;
		}).list();
	}

	// 60 authors and 90 books of one to three authors each, ids given by the database.
	private void addLibrary() {
		Random random = new Random(42);
		List<Long> authors = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			KeyHolder key = new GeneratedKeyHolder();
			this.source.sql("INSERT INTO authors (name, bio, birth_date, version) VALUES (:name, :bio, :born, 1)")
				.param("name", "Copied author " + i)
				.param("bio", (i % 3 == 0) ? null : "Wrote " + i)
				.param("born", (i % 4 == 0) ? null : LocalDate.of(1900 + i, 1 + i % 12, 1 + i % 28))
				.update(key, "id");
			authors.add(key.getKeyAs(Number.class).longValue());
		}
		for (int i = 0; i < 90; i++) {
			KeyHolder key = new GeneratedKeyHolder();
			this.source.sql("INSERT INTO books (title, publish_date, version) VALUES (:title, :published, 2)")
				.param("title", "Copied book " + i)
				.param("published", LocalDate.of(1950 + i % 70, 6, 1))
				.update(key, "id");
			long book = key.getKeyAs(Number.class).longValue();
			Set<Long> writers = new LinkedHashSet<>();
			for (int n = 1 + random.nextInt(3); writers.size() < n;) {
				writers.add(authors.get(random.nextInt(authors.size())));
			}
			int position = 0;
			for (long author : writers) {
				this.source.sql("INSERT INTO book_authors (book_id, author_id, position) VALUES (:book, :author, :at)")
					.param("book", book)
					.param("author", author)
					.param("at", position++)
					.update();
			}
		}
	}

	private void addSearchItems() throws Exception {
		StringBuilder json = new StringBuilder("{\"items\": [");
		for (int i = 0; i < 200; i++) {
			json.append((i > 0) ? ",\n" : "")
				.append("{\"title\": \"Harbour report ")
				.append(i)
				.append(" of the copy\", \"uri\": \"https://copy.example.com/")
				.append(i)
				.append("\", \"date\": \"2019-0")
				.append(1 + i % 9)
				.append("-1")
				.append(i % 10)
				.append("\"}");
		}
		Path file = Files.writeString(this.files.resolve("items.json"), json.append("]}"));
		assertThat(keel("ingest-items", file.toString())).isZero();
	}

	/**
	 * Runs a command in this context as {@code java -jar keel.jar ...} would, and returns
	 * its exit code.
	 */
	int keel(String... args) throws Exception {
		DefaultApplicationArguments arguments = new DefaultApplicationArguments(args);
		for (ApplicationRunner runner : this.context.getBeansOfType(ApplicationRunner.class).values()) {
			if (runner.getClass().getName().startsWith("dev.keel.")) {
				runner.run(arguments);
			}
		}
		return this.context.getBeansOfType(ExitCodeGenerator.class)
			.values()
			.stream()
			.mapToInt(ExitCodeGenerator::getExitCode)
			.filter(code -> code != 0)
			.findFirst()
			.orElse(0);
	}

}
