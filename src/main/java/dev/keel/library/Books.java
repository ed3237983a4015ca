package dev.keel.library;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import dev.keel.platform.Listing;
import dev.keel.platform.Page;
import dev.keel.platform.Paging;
import dev.keel.platform.SortKey;
import dev.keel.platform.SortOrder;

/** The {@code books} and {@code book_authors} tables. */
@Repository
class Books {

	static final Map<String, SortKey> SORTS = Map.of("title", SortKey.required("title", text -> text), "publish_date",
			SortKey.nullable("publish_date", LocalDate::parse), "id", SortKey.required("id", Long::valueOf));

	private static final String COLUMNS = "t.id, t.title, t.description, t.publish_date, t.isbn, t.version";

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	Books(JdbcClient jdbc, JdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	private record Row(long id, String title, @Nullable String description, @Nullable LocalDate publishDate,
			@Nullable String isbn, long version) {

	}

	Optional<Book> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM books t WHERE t.id = :id")
			.param("id", id)
			.query(Row.class)
			.optional()
			.map(row -> withAuthors(List.of(row)).get(0));
	}

	boolean exists(long id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM books WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.single() > 0;
	}

	/** The version of a book, its row locked until the transaction ends. */
	Optional<Long> lock(long id) {
		return this.jdbc.sql("SELECT version FROM books WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(Long.class)
			.optional();
	}

	/** The authors of a book, in order. */
	List<Long> authorIds(long bookId) {
		return this.jdbc.sql("SELECT author_id FROM book_authors WHERE book_id = :book ORDER BY position")
			.param("book", bookId)
			.query(Long.class)
			.list();
	}

	/** The books of an author, their rows locked until the transaction ends. */
	List<Long> lockBooksOf(long authorId) {
		return this.jdbc.sql("""
				SELECT id FROM books
				WHERE id IN (SELECT book_id FROM book_authors WHERE author_id = :author)
				ORDER BY id FOR UPDATE
				""").param("author", authorId).query(Long.class).list();
	}

	/** Every author of any book of {@code authorId}, that author included. */
	List<Long> coAuthorsOf(long authorId) {
		return this.jdbc.sql("""
				SELECT DISTINCT author_id FROM book_authors
				WHERE book_id IN (SELECT book_id FROM book_authors WHERE author_id = :author)
				""").param("author", authorId).query(Long.class).list();
	}

	boolean isbnTaken(String isbn, @Nullable Long exceptBook) {
		return this.jdbc.sql("SELECT COUNT(*) FROM books WHERE isbn = :isbn AND id <> :except")
			.param("isbn", isbn)
			.param("except", (exceptBook != null) ? exceptBook : -1L)
			.query(Long.class)
			.single() > 0;
	}

	long insert(BookInput.Valid book) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO books (title, description, publish_date, isbn, version)
				VALUES (:title, :description, :published, :isbn, 1)
				""")
			.param("title", book.title())
			.param("description", book.description())
			.param("published", book.publishDate())
			.param("isbn", book.isbn())
			.update(key, "id");
		return key.getKeyAs(Long.class);
	}

	void update(long id, BookInput.Valid book) {
		this.jdbc.sql("""
				UPDATE books SET title = :title, description = :description, publish_date = :published,
				    isbn = :isbn, version = version + 1
				WHERE id = :id
				""")
			.param("id", id)
			.param("title", book.title())
			.param("description", book.description())
			.param("published", book.publishDate())
			.param("isbn", book.isbn())
			.update();
	}

	void bumpVersion(long id) {
		this.jdbc.sql("UPDATE books SET version = version + 1 WHERE id = :id").param("id", id).update();
	}

	void replaceAuthors(long bookId, List<Long> authorIds) {
		this.jdbc.sql("DELETE FROM book_authors WHERE book_id = :book").param("book", bookId).update();
		List<Object[]> links = new ArrayList<>();
		for (int position = 0; position < authorIds.size(); position++) {
			links.add(new Object[] { bookId, authorIds.get(position), position });
		}
		this.batches.batchUpdate("INSERT INTO book_authors (book_id, author_id, position) VALUES (?, ?, ?)", links);
	}

	void appendAuthor(long bookId, long authorId) {
		this.jdbc.sql("""
				INSERT INTO book_authors (book_id, author_id, position)
				SELECT :book, :author, COALESCE(MAX(position), -1) + 1 FROM book_authors WHERE book_id = :book
				""").param("book", bookId).param("author", authorId).update();
	}

	void removeAuthor(long bookId, long authorId) {
		this.jdbc.sql("DELETE FROM book_authors WHERE book_id = :book AND author_id = :author")
			.param("book", bookId)
			.param("author", authorId)
			.update();
	}

	void delete(long id) {
		this.jdbc.sql("DELETE FROM books WHERE id = :id").param("id", id).update();
	}

	/**
	 * Takes an author off every book: the books they wrote alone go, the others lose them
	 * and move to a new version. Set-based, so that no author has too many books for it.
	 */
	void removeFromAll(long authorId) {
		this.jdbc
			.sql("""
					DELETE FROM books WHERE id IN (
					    SELECT ba.book_id FROM book_authors ba WHERE ba.author_id = :author AND NOT EXISTS (
					        SELECT 1 FROM book_authors other WHERE other.book_id = ba.book_id AND other.author_id <> :author))
					""")
			.param("author", authorId)
			.update();
		this.jdbc.sql("""
				UPDATE books SET version = version + 1
				WHERE id IN (SELECT book_id FROM book_authors WHERE author_id = :author)
				""").param("author", authorId).update();
		this.jdbc.sql("DELETE FROM book_authors WHERE author_id = :author").param("author", authorId).update();
	}

	/**
	 * A page of the books whose title contains {@code title}, of author {@code authorId},
	 * published in the inclusive range; each filter applies only when given.
	 */
	static Listing query(@Nullable String title, @Nullable Long authorId, @Nullable LocalDate publishedAfter,
			@Nullable LocalDate publishedBefore, SortOrder sort, Paging paging) {
		Listing.Builder query = Listing.from("books", COLUMNS);
		if (title != null) {
			query.contains("title", "title", title);
		}
		if (authorId != null) {
			query
				.where("t.id IN (SELECT book_id FROM book_authors WHERE author_id = :author_id)", "author_id", authorId)
				.countInPage();
		}
		if (publishedAfter != null) {
			query.where("t.publish_date >= :published_after", "published_after", publishedAfter);
		}
		if (publishedBefore != null) {
			query.where("t.publish_date <= :published_before", "published_before", publishedBefore);
		}
		return query.build(sort, paging);
	}

	Page<Book> list(Listing query) {
		Page<Row> rows = query.read(this.jdbc,
				(rs, n) -> new Row(rs.getLong("id"), rs.getString("title"), rs.getString("description"),
						rs.getObject("publish_date", LocalDate.class), rs.getString("isbn"), rs.getLong("version")),
				row -> SortOrder.key(sortValue(row, query.sort()), row.id()));
		return new Page<>(withAuthors(rows.items()), rows.limit(), rows.offset(), rows.total(), rows.next());
	}

	private static @Nullable Object sortValue(Row row, SortOrder sort) {
		return switch (sort.column()) {
			case "title" -> row.title();
			case "publish_date" -> row.publishDate();
			default -> row.id();
		};
	}

	// One query for the authors of the whole page.
	private List<Book> withAuthors(List<Row> rows) {
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<Long, List<Author.Ref>> authors = new HashMap<>();
		this.jdbc.sql("""
				SELECT ba.book_id, a.id, a.name FROM book_authors ba JOIN authors a ON a.id = ba.author_id
				WHERE ba.book_id IN (:books) ORDER BY ba.book_id, ba.position
				""").param("books", rows.stream().map(Row::id).toList()).query((rs) -> {
			authors.computeIfAbsent(rs.getLong("book_id"), id -> new ArrayList<>())
				.add(new Author.Ref(rs.getLong("id"), rs.getString("name")));
		});
		List<Book> books = new ArrayList<>(rows.size());
		for (Row row : rows) {
			List<Author.Ref> refs = authors.getOrDefault(row.id(), List.of());
			books.add(new Book(row.id(), row.title(), row.description(), row.publishDate(), row.isbn(),
					refs.stream().map(Author.Ref::id).toList(), List.copyOf(refs), row.version()));
		}
		return books;
	}

}
