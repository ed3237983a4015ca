package dev.keel.library;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import dev.keel.platform.Listing;
import dev.keel.platform.Page;
import dev.keel.platform.Paging;
import dev.keel.platform.SortKey;
import dev.keel.platform.SortOrder;

/** The {@code authors} table. */
@Repository
class Authors {

	static final Map<String, SortKey> SORTS = Map.of("name", SortKey.required("name", text -> text), "birth_date",
			SortKey.nullable("birth_date", LocalDate::parse), "id", SortKey.required("id", Long::valueOf));

	private static final String COLUMNS = "t.id, t.name, t.bio, t.birth_date, t.version";

	private final JdbcClient jdbc;

	Authors(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Author> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM authors t WHERE t.id = :id")
			.param("id", id)
			.query(Author.class)
			.optional();
	}

	/** The authors of a book, in order. */
	List<Author> ofBook(long bookId) {
		return this.jdbc.sql("""
				SELECT %s FROM book_authors ba JOIN authors t ON t.id = ba.author_id
				WHERE ba.book_id = :book ORDER BY ba.position
				""".formatted(COLUMNS)).param("book", bookId).query(Author.class).list();
	}

	/** The version of an author, its row locked until the transaction ends. */
	Optional<Long> lock(long id) {
		return this.jdbc.sql("SELECT version FROM authors WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(Long.class)
			.optional();
	}

	/**
	 * Which of {@code ids} name no author. (An author deleted after this check is caught
	 * by the foreign key when the links are written.)
	 */
	Set<Long> missing(Collection<Long> ids) {
		Set<Long> missing = new HashSet<>(ids);
		missing.removeAll(
				this.jdbc.sql("SELECT id FROM authors WHERE id IN (:ids)").param("ids", ids).query(Long.class).list());
		return missing;
	}

	long insert(AuthorInput author) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO authors (name, bio, birth_date, version) VALUES (:name, :bio, :birth, 1)")
			.param("name", author.name())
			.param("bio", author.bio())
			.param("birth", author.birthDate())
			.update(key, "id");
		return key.getKeyAs(Long.class);
	}

	void update(long id, AuthorInput author) {
		this.jdbc.sql("""
				UPDATE authors SET name = :name, bio = :bio, birth_date = :birth, version = version + 1
				WHERE id = :id
				""")
			.param("id", id)
			.param("name", author.name())
			.param("bio", author.bio())
			.param("birth", author.birthDate())
			.update();
	}

	void delete(long id) {
		this.jdbc.sql("DELETE FROM authors WHERE id = :id").param("id", id).update();
	}

	/** A page of the authors whose name contains {@code name} (any, when null). */
	static Listing query(@Nullable String name, SortOrder sort, Paging paging) {
		Listing.Builder query = Listing.from("authors", COLUMNS);
		if (name != null) {
			query.contains("name", "name", name);
		}
		return query.build(sort, paging);
	}

	Page<Author> list(Listing query) {
		return query.read(this.jdbc,
				(rs, n) -> new Author(rs.getLong("id"), rs.getString("name"), rs.getString("bio"),
						rs.getObject("birth_date", LocalDate.class), rs.getLong("version")),
				author -> SortOrder.key(sortValue(author, query.sort()), author.id()));
	}

	private static @Nullable Object sortValue(Author author, SortOrder sort) {
		return switch (sort.column()) {
			case "name" -> author.name();
			case "birth_date" -> author.birthDate();
			default -> author.id();
		};
	}

}
