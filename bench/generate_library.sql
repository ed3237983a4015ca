-- Library catalog data for bench/library.sh: :authors authors and :books books, each book
-- with 1 to 3 distinct authors, loaded set-based (INSERT ... SELECT FROM generate_series).
--
--   psql -X -v ON_ERROR_STOP=1 -v authors=1000000 -v books=3000000 -d DB -f bench/generate_library.sql
--
-- The schema must exist already (Flyway creates it when the service first starts on the
-- database). Everything up to COMMIT is one transaction: the tables are emptied, the
-- secondary indexes and constraints dropped, the rows loaded, the indexes and constraints
-- rebuilt with exactly the definitions they had, and the identity sequences moved past the
-- ids used; if any step fails, the database is as it was. Building an index once over
-- loaded rows is much faster than maintaining it row by row, the trigram GIN indexes most
-- of all. Only the primary keys stay in place: their ids arrive in order.
--
-- The data is seeded (setseed), so every run produces the same rows.
--
-- authors: "<first> <initial>. <last>" from 60 × 26 × 80 combinations; 40 % without bio;
--          10 % without birth_date, the rest 1900-01-01 to 18 years ago.
-- books:   titles from six patterns over 60 adjectives and 250 nouns (each noun is in
--          about 0.6 % of titles); 30 % without description; 10 % without publish_date,
--          the rest 1800-01-01 to today, recent dates likelier; 70 % with a valid ISBN-13,
--          978 + a 9-digit permutation of the id (unique) + its check digit.
-- book_authors: 60 % of books with one author, 30 % two, 10 % three, drawn uniformly
--          (about 4.5 authorships per author at the default sizes); positions 0..n-1.

\set ON_ERROR_STOP on
\timing on

-- Index builds sort in memory up to this; the server default (64 MB) spills to disk.
SET maintenance_work_mem = '1GB';
SELECT setseed(0.42) \g /dev/null

BEGIN;

\echo 'library generator: saving and dropping secondary indexes and constraints'
-- Everything on the three tables but the primary keys, in the order it is rebuilt:
-- unique constraints and plain indexes first, foreign keys (which check every row) last.
CREATE TEMP TABLE saved_ddl ON COMMIT DROP AS
SELECT 1 AS step, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
           pg_get_constraintdef(c.oid)) AS ddl,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_ddl
FROM pg_constraint c
WHERE c.conrelid IN ('authors'::regclass, 'books'::regclass, 'book_authors'::regclass) AND c.contype = 'u'
UNION ALL
SELECT 1, pg_get_indexdef(i.indexrelid), format('DROP INDEX %s', i.indexrelid::regclass)
FROM pg_index i
WHERE i.indrelid IN ('authors'::regclass, 'books'::regclass, 'book_authors'::regclass)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
UNION ALL
SELECT 2, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
           pg_get_constraintdef(c.oid)),
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname)
FROM pg_constraint c
WHERE c.contype = 'f'
  AND (c.conrelid IN ('authors'::regclass, 'books'::regclass, 'book_authors'::regclass)
    OR c.confrelid IN ('authors'::regclass, 'books'::regclass, 'book_authors'::regclass));

SELECT ddl FROM saved_ddl ORDER BY step, ddl;
SELECT drop_ddl FROM saved_ddl ORDER BY step DESC, ddl \gexec

TRUNCATE book_authors, books, authors RESTART IDENTITY;

-- ISBN-13 of a 9-digit number n: 978, n, and the check digit (weights 1, 3, 1, 3, ...;
-- 9·1 + 7·3 + 8·1 = 38 for the prefix). One expression, so PostgreSQL inlines it.
CREATE FUNCTION pg_temp.isbn13(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT '978' || lpad(n::text, 9, '0') || ((10 - (38
        + 3 * (n / 100000000 % 10) + (n / 10000000 % 10) + 3 * (n / 1000000 % 10)
        + (n / 100000 % 10) + 3 * (n / 10000 % 10) + (n / 1000 % 10)
        + 3 * (n / 100 % 10) + (n / 10 % 10) + 3 * (n % 10)) % 10) % 10)::text
$$;

-- The word lists. Functions rather than a table: PostgreSQL inlines them and folds each list
-- into a constant once per statement, where a table's array column would be read (and
-- decompressed, being large) for every row.

CREATE FUNCTION pg_temp.first_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['Ada', 'Alan', 'Alice', 'Amara', 'Anders', 'Anna', 'Arjun', 'Beatrix', 'Bruno', 'Camille',
        'Carlos', 'Chen', 'Clara', 'Daniel', 'Dmitri', 'Elena', 'Elif', 'Emil', 'Emma', 'Farah',
        'Felix', 'Grace', 'Hana', 'Hugo', 'Ines', 'Isaac', 'Ivan', 'Jamal', 'Jana', 'Jonas',
        'Julia', 'Kenji', 'Lars', 'Layla', 'Leo', 'Lucia', 'Malik', 'Maria', 'Marta', 'Mateo',
        'Mei', 'Nadia', 'Nia', 'Noah', 'Olga', 'Omar', 'Pablo', 'Priya', 'Rosa', 'Ruth',
        'Samuel', 'Sara', 'Sofia', 'Tariq', 'Thomas', 'Vera', 'Viktor', 'Yara', 'Yusuf', 'Zoe']
$$;

CREATE FUNCTION pg_temp.last_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['Abara', 'Adler', 'Almeida', 'Andersen', 'Baker', 'Banerjee', 'Barros', 'Becker', 'Bianchi', 'Brandt',
        'Castro', 'Coelho', 'Costa', 'Dahl', 'Diaz', 'Dubois', 'Duarte', 'Eriksen', 'Fischer', 'Fontaine',
        'Garcia', 'Gomez', 'Greene', 'Haddad', 'Hansen', 'Hartmann', 'Holm', 'Horvat', 'Ito', 'Ivanova',
        'Jensen', 'Kaur', 'Keller', 'Kim', 'Kovac', 'Kowalski', 'Larsen', 'Lindqvist', 'Lopez', 'Lund',
        'Marino', 'Martin', 'Mendes', 'Meyer', 'Moreau', 'Murphy', 'Nakamura', 'Nilsson', 'Novak', 'Novotny',
        'Okafor', 'Olsen', 'Ortiz', 'Park', 'Perez', 'Petrov', 'Quinn', 'Rahman', 'Reyes', 'Rossi',
        'Sato', 'Schmidt', 'Silva', 'Singh', 'Sousa', 'Stein', 'Suzuki', 'Tanaka', 'Torres', 'Ueda',
        'Vargas', 'Vogel', 'Walsh', 'Weber', 'Wong', 'Yamada', 'Yilmaz', 'Zhang', 'Ziegler', 'Zoric']
$$;

CREATE FUNCTION pg_temp.adjectives() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['Silent', 'Hidden', 'Broken', 'Golden', 'Forgotten', 'Distant', 'Burning', 'Frozen', 'Crimson', 'Quiet',
        'Last', 'First', 'Secret', 'Endless', 'Wandering', 'Bitter', 'Gentle', 'Hollow', 'Lonely', 'Lost',
        'Northern', 'Southern', 'Ancient', 'Restless', 'Shining', 'Wild', 'Winter', 'Summer', 'Autumn', 'Midnight',
        'Scarlet', 'Silver', 'Iron', 'Pale', 'Dark', 'Bright', 'Little', 'Great', 'Strange', 'Sleeping',
        'Painted', 'Empty', 'Open', 'Rising', 'Falling', 'Crooked', 'Velvet', 'Paper', 'Glass', 'Stone',
        'Salt', 'Copper', 'Hungry', 'Patient', 'Fragile', 'Savage', 'Tender', 'Woven', 'Drowned', 'Hundredth']
$$;

CREATE FUNCTION pg_temp.nouns() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['Garden', 'River', 'House', 'Mountain', 'Letter', 'Daughter', 'Mother', 'Father', 'Kingdom', 'Island',
        'Harbor', 'City', 'Forest', 'Road', 'Bridge', 'Tower', 'Window', 'Door', 'Mirror', 'Clock',
        'Map', 'Ship', 'Sea', 'Storm', 'Rain', 'Wind', 'Fire', 'Ash', 'Shadow', 'Night',
        'Morning', 'Evening', 'Century', 'Empire', 'Republic', 'Village', 'Valley', 'Desert', 'Ocean', 'Lake',
        'Field', 'Orchard', 'Vineyard', 'Meadow', 'Lighthouse', 'Station', 'Railway', 'Market', 'Library', 'Museum',
        'Theatre', 'Circus', 'Carnival', 'Festival', 'Wedding', 'Funeral', 'Journey', 'Voyage', 'Return', 'Exile',
        'Promise', 'Secret', 'Lie', 'Truth', 'Dream', 'Memory', 'Silence', 'Song', 'Dance', 'Painter',
        'Sailor', 'Soldier', 'Doctor', 'Teacher', 'Widow', 'Orphan', 'Stranger', 'Neighbor', 'Friend', 'Enemy',
        'Queen', 'King', 'Prince', 'Princess', 'Bishop', 'Knight', 'Thief', 'Spy', 'Witness', 'Judge',
        'Hunter', 'Fisherman', 'Gardener', 'Baker', 'Tailor', 'Clockmaker', 'Cartographer', 'Astronomer', 'Alchemist', 'Inventor',
        'Wolf', 'Fox', 'Bear', 'Raven', 'Owl', 'Swan', 'Heron', 'Whale', 'Tiger', 'Horse',
        'Rose', 'Lily', 'Oak', 'Willow', 'Cedar', 'Birch', 'Ivy', 'Thorn', 'Moss', 'Fern',
        'Moon', 'Sun', 'Star', 'Comet', 'Planet', 'Sky', 'Cloud', 'Thunder', 'Frost', 'Snow',
        'Cathedral', 'Chapel', 'Castle', 'Palace', 'Cottage', 'Farm', 'Mill', 'Mine', 'Quarry', 'Well',
        'Lantern', 'Candle', 'Compass', 'Anchor', 'Sword', 'Crown', 'Ring', 'Key', 'Lock', 'Chain',
        'Book', 'Diary', 'Ledger', 'Atlas', 'Almanac', 'Chronicle', 'Gospel', 'Verse', 'Ballad', 'Sonnet',
        'Winterland', 'Borderland', 'Frontier', 'Coast', 'Shore', 'Cliff', 'Cave', 'Canyon', 'Glacier', 'Volcano',
        'Engine', 'Machine', 'Factory', 'Foundry', 'Workshop', 'Laboratory', 'Observatory', 'Archive', 'Vault', 'Cellar',
        'Summerhouse', 'Boathouse', 'Greenhouse', 'Farmhouse', 'Courthouse', 'Schoolhouse', 'Jailhouse', 'Teahouse', 'Guesthouse', 'Gatehouse',
        'Apprentice', 'Heir', 'Pilgrim', 'Prophet', 'Saint', 'Sinner', 'Traitor', 'Rebel', 'Hermit', 'Wanderer',
        'Feather', 'Stone', 'Bone', 'Blood', 'Salt', 'Honey', 'Bread', 'Wine', 'Milk', 'Smoke',
        'Winter', 'Spring', 'Harvest', 'Equinox', 'Solstice', 'Dawn', 'Dusk', 'Twilight', 'Noon', 'Hour',
        'Question', 'Answer', 'Riddle', 'Puzzle', 'Game', 'Gambit', 'Wager', 'Bargain', 'Debt', 'Inheritance',
        'Glasshouse', 'Windmill', 'Waterfall', 'Crossroads', 'Causeway', 'Pier', 'Quay', 'Dock', 'Canal', 'Lagoon',
        'Voice', 'Whisper', 'Echo', 'Cry', 'Laughter', 'Prayer', 'Curse', 'Blessing', 'Vow', 'Oath']
$$;

-- One word of a list, at random.
CREATE FUNCTION pg_temp.pick(words text[]) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT words[1 + floor(random() * cardinality(words))::int]
$$;

\echo 'library generator: authors'
INSERT INTO authors (id, name, bio, birth_date, version)
SELECT id, first || ' ' || initial || '. ' || last,
       CASE WHEN random() >= 0.4 THEN 'Writes about the ' || lower(noun1) || ' and the ' || lower(noun2) || '.' END,
       CASE WHEN random() >= 0.1
            THEN DATE '1900-01-01'
                 + floor(random() * ((current_date - INTERVAL '18 years')::date - DATE '1900-01-01'))::int END,
       1
-- random() in a subquery's output is computed once per row (PostgreSQL does not flatten it).
FROM (SELECT id,
             pg_temp.pick(pg_temp.first_names()) AS first,
             chr(65 + floor(random() * 26)::int) AS initial,
             pg_temp.pick(pg_temp.last_names()) AS last,
             pg_temp.pick(pg_temp.nouns()) AS noun1,
             pg_temp.pick(pg_temp.nouns()) AS noun2
      FROM generate_series(1, :authors) AS id) a;

\echo 'library generator: books'
INSERT INTO books (id, title, description, publish_date, isbn, version)
SELECT id,
       CASE pattern
           WHEN 0 THEN 'The ' || adjective1 || ' ' || noun1
           WHEN 1 THEN noun1 || ' of ' || noun2
           WHEN 2 THEN 'The ' || noun1 || ' of the ' || adjective1 || ' ' || noun2
           WHEN 3 THEN CASE WHEN noun1 ~ '^[AEIOU]' THEN 'An ' ELSE 'A ' END || noun1 || ' for ' || first
           WHEN 4 THEN noun1 || ' and ' || noun2
           ELSE 'The ' || adjective1 || ' ' || noun1 || ', Volume ' || volume
       END,
       CASE WHEN random() >= 0.3
            THEN 'A ' || lower(adjective2) || ' story of the ' || lower(noun2) || ' and the ' || lower(noun3) || '.' END,
       -- Squaring a uniform number makes recent dates likelier; never in the future.
       CASE WHEN random() >= 0.1
            THEN current_date - floor(power(random(), 2) * (current_date - DATE '1800-01-01'))::int END,
       -- 7919 is prime to 10^9, so id · 7919 mod 10^9 differs for every id up to 10^9.
       CASE WHEN random() < 0.7 THEN pg_temp.isbn13(id::bigint * 7919 % 1000000000) END,
       1
FROM (SELECT id,
             floor(random() * 6)::int AS pattern,
             pg_temp.pick(pg_temp.adjectives()) AS adjective1,
             pg_temp.pick(pg_temp.adjectives()) AS adjective2,
             pg_temp.pick(pg_temp.nouns()) AS noun1,
             pg_temp.pick(pg_temp.nouns()) AS noun2,
             pg_temp.pick(pg_temp.nouns()) AS noun3,
             pg_temp.pick(pg_temp.first_names()) AS first,
             2 + floor(random() * 8)::int AS volume
      FROM generate_series(1, :books) AS id) b;

\echo 'library generator: book_authors'
-- Authors first + k · step (mod :authors) for k = 0..n-1: with 1 <= step <= (:authors - 1) / 2,
-- step and 2 · step are both non-zero mod :authors, so the n authors differ.
INSERT INTO book_authors (book_id, author_id, position)
SELECT b.id, (b.first + k * b.step) % :authors + 1, k
FROM (SELECT id,
             floor(random() * :authors)::bigint AS first,
             1 + floor(random() * ((:authors - 1) / 2))::bigint AS step,
             CASE WHEN r < 0.6 THEN 1 WHEN r < 0.9 THEN 2 ELSE 3 END AS n
      FROM (SELECT id, random() AS r FROM generate_series(1, :books) AS id) g) b,
     generate_series(0, b.n - 1) AS k;

\echo 'library generator: rebuilding indexes and constraints'
SELECT ddl FROM saved_ddl ORDER BY step, ddl \gexec

-- The service inserts with the identity: it must continue after the generated ids.
SELECT setval(pg_get_serial_sequence('authors', 'id'), (SELECT max(id) FROM authors)) \g /dev/null
SELECT setval(pg_get_serial_sequence('books', 'id'), (SELECT max(id) FROM books)) \g /dev/null

COMMIT;

\echo 'library generator: VACUUM (ANALYZE)'
-- Statistics for the planner and the visibility map for index-only scans, as a database
-- that has lived a while would have them.
VACUUM (ANALYZE) authors, books, book_authors;
