#!/usr/bin/env bash
# Library catalog benchmark: GET /books/{id}, GET /authors/{id}/books, a title search and
# deep keyset pages, with and without the library cache, and POST /books, over a generated
# catalog of a million authors and three million books. See bench/README.md.
#
#   bench/library.sh                     # from the repository root
#   KEEL_REV=HEAD DURATION=10s bench/library.sh
#
# Progress goes to stderr; the report (machine, data, the table, the runs one by one and
# where the CPU went) goes to stdout and to bench/results/library-<UTC timestamp>.md.
# Everything bulky (build, generator and server logs, raw wrk output) stays in
# bench/work/library/, which git ignores. Addresses and ports: see bench/lib.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	# A smoke run: every step once, on a small catalog in a database of its own, so that the
	# full-size data stays.
	: "${AUTHORS:=20000}" "${BOOKS:=60000}" "${DEEP_PAGES:=50}" "${DB:=keel_bench_library_quick}"
	: "${DURATION:=2s}" "${WARMUP:=1s}" "${WARMUP_MIN:=1}" "${WARMUP_MAX:=1}"
fi
DURATION=${DURATION:-20s}          # one measured wrk run
CONNECTIONS=${CONNECTIONS:-32}     # wrk connections (wrk always uses 2 threads)
MODERATE=${MODERATE:-8}            # connections of the title search short of saturation
WARMUP=${WARMUP:-5s}               # one warm-up run; they repeat until throughput stops rising
WARMUP_MIN=${WARMUP_MIN:-8}        # warm-up runs at least: the JIT takes 30 to 60 s here
WARMUP_MAX=${WARMUP_MAX:-16}       # warm-up runs at most, per measurement
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}    # wrk's default (2 s) drops slower requests from the percentiles
AUTHORS=${AUTHORS:-1000000}        # authors generated
BOOKS=${BOOKS:-3000000}            # books generated, 1 to 3 authors each
REGENERATE=${REGENERATE:-0}        # 1: generate the data even if the database holds it already
GENERATE_ONLY=${GENERATE_ONLY:-0}  # 1: stop once the data is in place (generated or checked)
# GET /books?title=...: a selective term (96 of the 3,000,000 generated titles); a single
# noun such as "lighthouse" is in about 0.6 % of them.
TITLE_TERM=${TITLE_TERM:-quiet gospel}
DEEP_PAGES=${DEEP_PAGES:-1000}     # next cursors followed (limit 100) before the deep page
HOT_IDS=${HOT_IDS:-10000}          # cached random reads pick ids in 1..HOT_IDS, which the cache can hold
# A Redis database of its own (KEEL_BENCH_REDIS_URL, by default this index): the test suites
# share the server, and the benchmark empties this one at its start and end.
REDIS_DEFAULT_DB=13
DB=${DB:-keel_bench_library}       # PostgreSQL database (created if missing, data kept between runs)
# Empty: build the working tree. A commit (KEEL_REV=HEAD): build that, from a clean export.
KEEL_REV=${KEEL_REV:-}

# Apart from the other benchmarks' files, so that they can run one after the other without
# rebuilding each other's jar.
WORK=bench/work/library
GENERATOR=bench/generate_library.sql
RANDOM_SCRIPT=bench/library-random.lua
POST_SCRIPT=bench/library-post.lua
PAGE=100                           # limit of the deep pages

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/library.sh: %s\033[0m\n' "$*" >&2; exit 1; }

for name in CONNECTIONS MODERATE WARMUP_MIN WARMUP_MAX AUTHORS BOOKS REGENERATE GENERATE_ONLY DEEP_PAGES HOT_IDS; do
	[[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number, not '${!name}'"
done
((CONNECTIONS >= 2)) || die "CONNECTIONS must be at least 2 (wrk runs 2 threads)"
((AUTHORS >= 3 && BOOKS >= 1)) || die "AUTHORS must be at least 3 (a book has up to 3), BOOKS at least 1"
((AUTHORS <= 1000000000 && BOOKS <= 1000000000)) || die "AUTHORS and BOOKS must be at most 10^9 (the ISBNs are unique up to there)"
((DEEP_PAGES >= 1 && (DEEP_PAGES + 1) * PAGE <= BOOKS)) ||
	die "DEEP_PAGES must be at least 1 and (DEEP_PAGES + 1) × $PAGE at most BOOKS"
((HOT_IDS >= 1)) || die "HOT_IDS must be at least 1"
[[ $TITLE_TERM =~ ^[A-Za-z0-9\ ]{3,}$ ]] ||
	die "TITLE_TERM must be letters, digits and spaces, at least 3 (a trigram index needs 3)"
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB must be a plain lower-case database name, not '$DB'"
HOT=$HOT_IDS
((HOT <= AUTHORS)) || HOT=$AUTHORS
((HOT <= BOOKS)) || HOT=$BOOKS
# The fixed rows of the cached runs: in the middle of the tables.
FIXED_BOOK=$(((BOOKS + 1) / 2))
FIXED_AUTHOR=$(((AUTHORS + 1) / 2))

mkdir -p "$WORK"

# Addresses (KEEL_BENCH_DB_URL, KEEL_BENCH_REDIS_URL), instances and reports.
source bench/lib.sh
require_tools wrk python3 psql createdb curl md5sum
# The instance without the library cache and the one with it; free ports unless set.
pick_port UNCACHED_PORT
pick_port CACHED_PORT

# A JDK 21+ ($JAVA), and the jar under test built into $WORK ($JAR, $COMMIT).
source bench/build-jar.sh

# --- Database ------------------------------------------------------------------------------

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

psql_db() { psql "${PG[@]}" -X -A -t -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# The generated data is marked with a comment on the books table once complete: sizes and
# the generator's checksum (anything else means generating again), then when and how fast.
MARKER="bench/library.sh: $AUTHORS authors, $BOOKS books, generator $(md5sum "$GENERATOR" | cut -c1-12)"
GENERATED=          # this run's generation time in seconds, empty when the data was reused
GENERATED_BEFORE=   # the marker's note on an earlier generation

ensure_database "$DB"

generate() {
	local started
	if [[ -z $(psql_db -c "SELECT to_regclass('books')") ]]; then
		# The schema is Flyway's, as the service creates it; the generator only fills it.
		log "No library schema in $DB yet: starting the service once for Flyway (log: $WORK/schema.log)"
		start_instance schema "$UNCACHED_PORT" "$DB" KEEL_LIBRARY_CACHE_ENABLED=false
		stop_instance "$UNCACHED_PORT"
	fi
	log "Generating $AUTHORS authors and $BOOKS books in $DB with $GENERATOR (log: $WORK/generate.log)"
	started=$(now)
	psql "${PG[@]}" -X -v ON_ERROR_STOP=1 -v authors="$AUTHORS" -v books="$BOOKS" -d "$DB" -f "$GENERATOR" \
		>"$WORK/generate.log" 2>&1 || { tail -30 "$WORK/generate.log" >&2; die "generating the data failed"; }
	GENERATED=$(elapsed "$started")
	psql_db -v marker="$MARKER | generated in $GENERATED s, $(date -u +%Y-%m-%dT%H:%M:%SZ)" <<<"COMMENT ON TABLE books IS :'marker';"
	log "Generated in $GENERATED s"
}

marker=$(psql_db -c "SELECT obj_description(to_regclass('books'), 'pg_class')")
if ((REGENERATE)); then
	generate
elif [[ ${marker%% | *} != "$MARKER" ]]; then
	[[ -z $marker ]] || log "$DB holds other data (${marker%% | *}); generating again"
	generate
else
	GENERATED_BEFORE=${marker#* | }
	# Books an interrupted run posted (the data check below would otherwise fail).
	leftover=$(psql_db -c "WITH gone AS (DELETE FROM books WHERE id > $BOOKS RETURNING 1) SELECT count(*) FROM gone")
	((leftover == 0)) || log "Deleted $leftover books an earlier run posted"
	counts=$(psql_db -c "SELECT (SELECT count(*) FROM authors) || ' ' || (SELECT count(*) FROM books)")
	if [[ $counts == "$AUTHORS $BOOKS" ]]; then
		log "Reusing the data in $DB ($GENERATED_BEFORE; REGENERATE=1 to generate it again)"
		psql_db -c "SELECT setval(pg_get_serial_sequence('books', 'id'), $BOOKS)" >/dev/null
	else
		log "$DB holds $counts authors and books, not $AUTHORS $BOOKS; generating again"
		GENERATED_BEFORE=
		generate
	fi
fi

# What the data looks like, for the report.
IFS='|' read -r N_AUTHORS N_BOOKS N_LINKS N_ISBN N_NO_DATE N_NO_BIRTH DB_SIZE < <(psql_db -c "
	SELECT (SELECT count(*) FROM authors), (SELECT count(*) FROM books), (SELECT count(*) FROM book_authors),
	       (SELECT count(isbn) FROM books), (SELECT count(*) FROM books WHERE publish_date IS NULL),
	       (SELECT count(*) FROM authors WHERE birth_date IS NULL), pg_size_pretty(pg_database_size(current_database()))")
TITLE_MATCHES=$(psql_db -v term="$TITLE_TERM" <<<"SELECT count(*) FROM books WHERE LOWER(title) LIKE '%' || LOWER(:'term') || '%';")
log "Data: $N_AUTHORS authors, $N_BOOKS books, $N_LINKS authorships, $N_ISBN ISBNs; '$TITLE_TERM' in $TITLE_MATCHES titles"
((N_AUTHORS == AUTHORS && N_BOOKS == BOOKS)) || die "expected $AUTHORS authors and $BOOKS books in $DB"
((TITLE_MATCHES > 0)) || die "no title contains '$TITLE_TERM'; choose another TITLE_TERM"
if ((GENERATE_ONLY)); then
	log "GENERATE_ONLY=1: the data is in place in $DB; not measuring"
	exit 0
fi

# Waits until the database runs no queries: a server keeps working through requests wrk
# has given up on, and that backlog must not land in the next measurement.
wait_idle() {
	local waited=0 quiet=0 active
	while ((quiet < 2)); do
		active=$(psql_db -c "SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")
		if ((active == 0)); then quiet=$((quiet + 1)); else quiet=0; fi
		((waited < 300)) || die "$DB still busy after 150 s"
		sleep 0.5
		waited=$((waited + 1))
	done
	((waited <= 2)) || log "waited $((waited / 2)) s for $DB to go idle"
}

# --- Measurements --------------------------------------------------------------------------

# wrk latency ("850.00us", "4.21ms", "1.04s", "1.20m") in milliseconds.
to_ms() {
	awk -v t="$1" 'BEGIN {
		if (t ~ /us$/) f = 0.001; else if (t ~ /ms$/) f = 1; else if (t ~ /m$/) f = 60000; else f = 1000
		sub(/[a-z]+$/, "", t); printf "%.3f", t * f }'
}

# Cumulative CPU ticks: the whole machine (busy, not idle or iowait), the JVM $1, all
# PostgreSQL processes and Redis. wrk's own share is timed by the shell.
cpu_ticks() { # jvm-pid
	python3 - "$1" <<'PY'
import os, sys
jvm, totals = sys.argv[1], {"jvm": 0, "postgres": 0, "redis": 0}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        continue
    comm, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    if pid == jvm:
        totals["jvm"] += ticks
    elif comm == "postgres":
        totals["postgres"] += ticks
    elif comm.startswith("redis-server"):
        totals["redis"] += ticks
cpu = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
print(sum(cpu) - cpu[3] - cpu[4], totals["jvm"], totals["postgres"], totals["redis"])
PY
}

declare -A CPU
CPU_BEFORE=
CPU_STARTED=

cpu_begin() { # jvm-pid
	CPU_BEFORE=$(cpu_ticks "$1")
	CPU_STARTED=$(now)
}

# Where the machine's CPU went since cpu_begin, in cores: the service, PostgreSQL, Redis,
# wrk (its user and system seconds) and anything else (the idle instance, other people's
# builds and tests on a shared box).
cpu_end() { # key jvm-pid wrk-seconds
	local after
	after=$(cpu_ticks "$2")
	CPU[$1]=$(awk -v b="$CPU_BEFORE" -v a="$after" -v w="$3" -v t0="$CPU_STARTED" -v t1="$(now)" -v hz="$(getconf CLK_TCK)" '
		BEGIN { split(b, x); split(a, y); split(w, c); s = (t1 - t0) * hz
			busy = (y[1] - x[1]) / s; svc = (y[2] - x[2]) / s; pg = (y[3] - x[3]) / s; rd = (y[4] - x[4]) / s
			wrk = (c[1] + c[2]) / (t1 - t0); other = busy - svc - pg - rd - wrk
			# Processes that end meanwhile take their ticks along: clamp at 0.
			printf "%.2f %.2f %.2f %.2f %.2f", max0(svc), max0(pg), max0(rd), wrk, max0(other) }
		function max0(x) { return (x < 0) ? 0 : x }')
}

# WRK_ARGS: what wrk gets after its options for a load on port $1: a fixed path ("/books/7"),
# random ids ("random /books/ 3000000", "random /authors/ 1000000 /books", see
# bench/library-random.lua) or new books ("post 1000000", see bench/library-post.lua).
wrk_args() { # port load...
	local port=$1
	shift
	case $1 in
		random) WRK_ARGS=(-s "$RANDOM_SCRIPT" "$(url "$port" /)" -- "${@:2}") ;;
		post) WRK_ARGS=(-s "$POST_SCRIPT" "$(url "$port" /)" -- "${@:2}") ;;
		/*) WRK_ARGS=("$(url "$port" "$1")") ;;
		*) die "unknown load: $*" ;;
	esac
}

declare -A RPS P50 P99 ERRORS SENT

# One measured wrk run of $DURATION with $3 connections against the instance on port $2;
# keeps req/s, p50, p99, the requests wrk saw answered, the errors it saw and where the CPU
# went meanwhile.
run_wrk() { # key port connections load...
	local key=$1 port=$2 connections=$3 out wrk_cpu TIMEFORMAT='%U %S'
	shift 3
	wrk_args "$port" "$@"
	out=$WORK/wrk-$key.txt
	cpu_begin "${INSTANCE_PID[$port]}"
	# wrk needs a connection per thread at least.
	{ time wrk -t"$((connections < 2 ? 1 : 2))" -c"$connections" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency \
		"${WRK_ARGS[@]}" >"$out"; } 2>"$out.cpu"
	wrk_cpu=$(tail -1 "$out.cpu")
	cpu_end "$key" "${INSTANCE_PID[$port]}" "$wrk_cpu"
	RPS[$key]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	SENT[$key]=$(awk '/ requests in / { print $1 }' "$out")
	P50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	[[ -n ${RPS[$key]} && -n ${SENT[$key]} && ${P50[$key]} != 0.000 ]] || { cat "$out" >&2; die "$key: cannot parse wrk output"; }
	# Non-2xx answers and socket errors (timeouts are requests slower than WRK_TIMEOUT).
	ERRORS[$key]=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
		END { print n + 0 }' "$out")
	log "$key: ${RPS[$key]} req/s, p50 ${P50[$key]} ms, p99 ${P99[$key]} ms, errors ${ERRORS[$key]}," \
		"CPU (service, PostgreSQL, Redis, wrk, other) ${CPU[$key]}"
}

# Unmeasured wrk runs of $WARMUP until throughput stops rising: on a small machine the
# JIT compilers share the cores with the load, and a fresh instance takes 30 to 60 s of
# load to reach its steady state, in steps. Stops once two runs in a row come out no more
# than 5% above the best run before them (at least $WARMUP_MIN runs), or after $WARMUP_MAX runs.
declare -A WARMUP_RUNS
warm_up() { # key port connections load...
	local key=$1 port=$2 connections=$3 best=0 rps runs=0 flat=0 trail=""
	shift 3
	wrk_args "$port" "$@"
	while ((runs < WARMUP_MAX)); do
		wait_idle
		rps=$(wrk -t2 -c"$connections" -d"$WARMUP" --timeout "$WRK_TIMEOUT" "${WRK_ARGS[@]}" |
			awk '/^Requests\/sec:/ { print $2 }') || true
		[[ -n $rps ]] || die "$key: warm-up run ($*) on port $port failed"
		runs=$((runs + 1))
		trail="$trail ${rps%.*}"
		if awk -v r="$rps" -v b="$best" 'BEGIN { exit !(r <= 1.05 * b) }'; then flat=$((flat + 1)); else flat=0; fi
		best=$(awk -v r="$rps" -v b="$best" 'BEGIN { print (r > b) ? r : b }')
		((flat < 2 || runs < WARMUP_MIN)) || break
	done
	WARMUP_RUNS[$key]=$runs
	log "$key: warm-up req/s:$trail"
	((flat >= 2)) || log "$key: throughput still rising after $WARMUP_MAX warm-up runs"
}

# The library cache's own counters on port $1: "hits misses errors".
cache_counters() { # port
	curl -sf "$(url "$1" /actuator/prometheus)" | awk '
		/^keel_cache_gets_total\{/ && /cache="library"/ && /result="hit"/ { h += $NF }
		/^keel_cache_gets_total\{/ && /cache="library"/ && /result="miss"/ { m += $NF }
		/^keel_cache_errors_total\{/ && /cache="library"/ { e += $NF }
		END { printf "%.0f %.0f %.0f\n", h, m, e }'
}

# Warm-up, then the measured run, on an idle database; on the cached instance also what the
# cache did during the measured run.
declare -A CACHE_NOTE
measure() { # key port load...
	local key=$1 port=$2 before after
	shift 2
	log "$key: warm-up, then $DURATION of $* on port $port with $CONNECTIONS connections"
	warm_up "$key" "$port" "$CONNECTIONS" "$@"
	wait_idle
	before=$(cache_counters "$port") || die "cannot read /actuator/prometheus on port $port"
	run_wrk "$key" "$port" "$CONNECTIONS" "$@"
	after=$(cache_counters "$port") || die "cannot read /actuator/prometheus on port $port"
	if [[ $port == "$CACHED_PORT" ]]; then
		CACHE_NOTE[$key]=$(awk -v b="$before" -v a="$after" 'BEGIN { split(b, x); split(a, y)
			h = y[1] - x[1]; m = y[2] - x[2]; e = y[3] - x[3]
			printf "hit ratio %.1f %% (%d hits, %d misses", (h + m) ? 100 * h / (h + m) : 0, h, m
			if (e) printf ", %d cache errors", e; printf ")" }')
		log "$key: ${CACHE_NOTE[$key]}"
	fi
}

# Requests ids 1..$HOT once each from the cached instance (curl's URL range, 8 at a time),
# so that the cached random runs read a full cache rather than one the warm-up happened to fill.
fill_cache() { # prefix [suffix]
	local path="$1[1-$HOT]${2:-}"
	log "Filling the cache: GET $path on port $CACHED_PORT"
	curl -sf --no-progress-meter -Z --parallel-max 8 "$(url "$CACHED_PORT" "$path")" >/dev/null ||
		die "filling the cache with GET $path failed"
}

# One connection on the warm uncached instance: the latency of a request when nothing queues.
measure_single() { # key load...
	local key=$1
	shift
	log "$key: $DURATION of $* on port $UNCACHED_PORT with 1 connection, no warm-up (warmed by the run before)"
	WARMUP_RUNS[$key]=0
	wait_idle
	run_wrk "$key" "$UNCACHED_PORT" 1 "$@"
}

# --- Checks --------------------------------------------------------------------------------

# GET $2 on port $1, answered 200: the body.
get() { # port path
	curl -sf "$(url "$1" "$2")" || die "GET $2 on port $1 failed: $(curl -s "$(url "$1" "$2")" | head -c 300)"
}

# Both instances give the same answer: a cache that answered something else would make the
# cached figures meaningless.
same_answer() { # path
	local uncached cached
	uncached=$(get "$UNCACHED_PORT" "$1")
	cached=$(get "$CACHED_PORT" "$1")
	[[ $uncached == "$cached" ]] || die "GET $1: cached and uncached answers differ"
}

# The book $2 as GET /books/{id} answers it on port $1: the right id, at least one author.
check_book() { # port id
	get "$1" "/books/$2" | python3 -c '
import json, sys
book, id = json.load(sys.stdin), int(sys.argv[1])
if book["id"] != id or not 1 <= len(book["author_ids"]) <= 3 or not book["title"]:
    sys.exit(f"GET /books/{id}: unexpected answer {book}")' "$2" || die "GET /books/$2 on port $1 is not that book"
}

# GET /authors/{id}/books on port $1: the author's number of books, each listing them.
check_author_books() { # port id
	local expected
	expected=$(psql_db -c "SELECT count(*) FROM book_authors WHERE author_id = $2")
	get "$1" "/authors/$2/books" | python3 -c '
import json, sys
page, id, expected = json.load(sys.stdin), int(sys.argv[1]), int(sys.argv[2])
total = page["total"]
if total != expected or any(id not in b["author_ids"] for b in page["items"]):
    sys.exit(f"GET /authors/{id}/books: total {total}, expected {expected}, or a book without the author")
' "$2" "$expected" || die "GET /authors/$2/books on port $1 is not that author's books"
}

# Follows next cursors from GET /books?limit=100&<query> $DEEP_PAGES pages deep on the
# uncached instance; prints the cursor of the page after them, the page's first id and size.
deep_cursor() { # query
	python3 - "$(url "$UNCACHED_PORT" "/books?limit=$PAGE&$1")" "$DEEP_PAGES" <<'PY'
import json, sys, urllib.request
base, pages = sys.argv[1], int(sys.argv[2])
cursor = None
for n in range(pages):
    with urllib.request.urlopen(base + (f"&cursor={cursor}" if cursor else "")) as answer:
        cursor = json.load(answer)["next"]
    if cursor is None:
        sys.exit(f"{base}: no next cursor after page {n + 1}")
with urllib.request.urlopen(f"{base}&cursor={cursor}") as answer:
    page = json.load(answer)
print(cursor, page["items"][0]["id"], len(page["items"]))
PY
}

# Cursor of the deep page of GET /books sorted by $2 ("id", "title" or "-publish_date"),
# checked against the row PostgreSQL finds at that offset.
declare -A DEEP_PATH
prepare_deep() { # key sort
	local key=$1 sort=$2 query="" order cursor first size expected
	[[ $sort == id ]] || query="sort=$sort"
	case $sort in
		id) order=id ;;
		-*) order="${sort#-} DESC NULLS LAST, id DESC" ;;
		*) order="$sort, id" ;;
	esac
	log "$key: following $DEEP_PAGES next cursors of GET /books?limit=$PAGE${query:+&$query}"
	read -r cursor first size < <(deep_cursor "$query") || die "$key: following the cursors failed"
	expected=$(psql_db -c "SELECT id FROM books ORDER BY $order OFFSET $((DEEP_PAGES * PAGE)) LIMIT 1")
	((first == expected && size == PAGE)) ||
		die "$key: page $((DEEP_PAGES + 1)) starts with book $first ($size items), expected $expected ($PAGE items)"
	DEEP_PATH[$key]="/books?limit=$PAGE${query:+&$query}&cursor=$cursor"
}

# --- Run -----------------------------------------------------------------------------------

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# The cached runs start from a cold cache, and no answer cached from an earlier dataset
# survives a regeneration.
flush_redis
start_instance uncached "$UNCACHED_PORT" "$DB" KEEL_LIBRARY_CACHE_ENABLED=false
start_instance cached "$CACHED_PORT" "$DB" KEEL_LIBRARY_CACHE_ENABLED=true

for port in "$UNCACHED_PORT" "$CACHED_PORT"; do
	check_book "$port" 1
	check_book "$port" "$BOOKS"
	check_book "$port" "$FIXED_BOOK"
	check_author_books "$port" 1
	check_author_books "$port" "$FIXED_AUTHOR"
done
same_answer "/books/$FIXED_BOOK"
same_answer "/authors/$FIXED_AUTHOR/books"
TITLE_PATH="/books?title=${TITLE_TERM// /%20}"
title_total=$(get "$UNCACHED_PORT" "$TITLE_PATH" | python3 -c '
import json, sys
page, term = json.load(sys.stdin), sys.argv[1].lower()
if any(term not in b["title"].lower() for b in page["items"]):
    sys.exit("a title without the term")
print(page["total"])' "$TITLE_TERM") || die "GET $TITLE_PATH: a book whose title does not hold '$TITLE_TERM'"
((title_total == TITLE_MATCHES)) || die "GET $TITLE_PATH: total $title_total, PostgreSQL counts $TITLE_MATCHES"
same_answer "$TITLE_PATH"
prepare_deep deep-id id
prepare_deep deep-title title
prepare_deep deep-date -publish_date
same_answer "${DEEP_PATH[deep-id]}"
same_answer "${DEEP_PATH[deep-title]}"
same_answer "${DEEP_PATH[deep-date]}"
log "Checked: books, an author's books, the title search and the deep pages; cached and uncached answers agree"

# Both instances up, one under load at a time; each measurement warms its instance first.
measure book-off "$UNCACHED_PORT" random /books/ "$BOOKS"
fill_cache /books/
measure book-on-hot "$CACHED_PORT" random /books/ "$HOT"
measure book-on-fixed "$CACHED_PORT" "/books/$FIXED_BOOK"
measure author-off "$UNCACHED_PORT" random /authors/ "$AUTHORS" /books
fill_cache /authors/ /books
measure author-on-hot "$CACHED_PORT" random /authors/ "$HOT" /books
measure author-on-fixed "$CACHED_PORT" "/authors/$FIXED_AUTHOR/books"
measure title-off "$UNCACHED_PORT" "$TITLE_PATH"
measure title-on "$CACHED_PORT" "$TITLE_PATH"
# Fewer searches at once than the machine can answer: latency short of saturation.
CONNECTIONS=$MODERATE measure title-moderate "$UNCACHED_PORT" "$TITLE_PATH"
measure deep-id-off "$UNCACHED_PORT" "${DEEP_PATH[deep-id]}"
measure deep-id-on "$CACHED_PORT" "${DEEP_PATH[deep-id]}"
measure deep-title-off "$UNCACHED_PORT" "${DEEP_PATH[deep-title]}"
measure deep-title-on "$CACHED_PORT" "${DEEP_PATH[deep-title]}"
measure deep-date-off "$UNCACHED_PORT" "${DEEP_PATH[deep-date]}"
measure_single book-single random /books/ "$BOOKS"
measure_single author-single random /authors/ "$AUTHORS" /books
measure_single title-single "$TITLE_PATH"

# What the web stack alone manages on this machine: an endpoint that touches neither the
# database nor the cache. Cached figures cannot be expected much above it.
measure floor "$CACHED_PORT" /actuator/health/liveness

# Writes last: they evict cached lists and add rows the reads above did not see.
posted() { psql_db -c "SELECT count(*) FROM books WHERE id > $BOOKS"; }
code=$(curl -s -o "$WORK/post-check.json" -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"title":"bench/library.sh check","author_ids":[1,2]}' "$(url "$UNCACHED_PORT" /books)") ||
	die "POST /books failed"
[[ $code == 201 ]] || die "POST /books answered $code: $(head -c 300 "$WORK/post-check.json")"
declare -A CREATED
for key in post-off post-on; do
	port=$UNCACHED_PORT
	[[ $key == post-off ]] || port=$CACHED_PORT
	log "$key: warm-up, then $DURATION of POST /books on port $port with $CONNECTIONS connections"
	warm_up "$key" "$port" "$CONNECTIONS" post "$AUTHORS"
	wait_idle
	before=$(posted)
	run_wrk "$key" "$port" "$CONNECTIONS" post "$AUTHORS"
	wait_idle
	CREATED[$key]=$(($(posted) - before))
	log "$key: ${CREATED[$key]} books created (wrk saw ${SENT[$key]} answers)"
done
CACHE_TOTALS=$(cache_counters "$CACHED_PORT" | awk '{ printf "%d hits, %d misses, %d errors", $1, $2, $3 }')
stop_instances

# The catalog as generated, for the next run.
log "Deleting the posted books"
REMOVED=$(psql_db -c "WITH gone AS (DELETE FROM books WHERE id > $BOOKS RETURNING 1) SELECT count(*) FROM gone")
psql_db -c "SELECT setval(pg_get_serial_sequence('books', 'id'), $BOOKS)" >/dev/null
psql_db -c "VACUUM (ANALYZE) books, book_authors"
flush_redis

# --- Report --------------------------------------------------------------------------------

# 12345.6 -> 12,346
thousands() {
	awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); sign = ""; if (s ~ /^-/) { sign = "-"; s = substr(s, 2) }
		o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		print sign s o }'
}
ms() { awk -v t="$1" 'BEGIN { printf((t < 10) ? "%.2f ms" : "%.1f ms", t) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f %%", 100 * a / b }'; }

# Target and verdict of one row: "p50 < N" (ms) or "rps N", or nothing.
verdict() { # key [kind limit]
	local key=$1 ok=yes target
	case ${2:-} in
		p50) target="p50 < $3 ms"; lt "${P50[$key]}" "$3" || ok=no ;;
		rps) target="≥ $(thousands "$3") req/s"; ge "${RPS[$key]}" "$3" || ok=no ;;
		*)
			if ((ERRORS[$key] == 0)); then echo "— | —"; else echo "— | **${ERRORS[$key]} errors**"; fi
			return
			;;
	esac
	((ERRORS[$key] == 0)) || ok="no (${ERRORS[$key]} errors)"
	[[ $ok == yes ]] || ok="**$ok**"
	echo "$target | $ok"
}

row() { # key label cache notes [kind limit]
	echo "| $2 | $3 | $(thousands "${RPS[$1]}") | $(ms "${P50[$1]}") | $(ms "${P99[$1]}") | $4 | $(verdict "$1" "${@:5}") |"
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
redis_version=$(redis_version)
redis_version=${redis_version:-unknown}
deep_rows="rows $(thousands $((DEEP_PAGES * PAGE + 1)))–$(thousands $(((DEEP_PAGES + 1) * PAGE)))"
if [[ -n $GENERATED ]]; then
	data_note="generated by this run in $GENERATED s ($GENERATOR; indexes and constraints dropped during the load and rebuilt)"
else
	data_note="reused from an earlier run ($GENERATED_BEFORE)"
fi

REPORT=$WORK/report.md
{
	echo "# Library catalog benchmark, $STARTED_AT"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc) × ${cpu:-unknown}; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
	echo "- PostgreSQL: $(psql_db -c 'SHOW server_version') (database $DB); Redis: $redis_version (database $REDIS_DB)"
	echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); service, PostgreSQL, Redis and wrk share the machine"
	echo "- Keel: $COMMIT, production profile"
	echo "- Load: wrk -t2 -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT --latency, after warm-up runs of $WARMUP" \
		"until throughput stops rising (count in the last table)"
	echo
	echo "## Data"
	echo
	echo "- $(thousands "$N_AUTHORS") authors ($(percent "$N_NO_BIRTH" "$N_AUTHORS") without birth date)," \
		"$(thousands "$N_BOOKS") books ($(percent "$N_ISBN" "$N_BOOKS") with an ISBN," \
		"$(percent "$N_NO_DATE" "$N_BOOKS") without publish date), $(thousands "$N_LINKS") authorships" \
		"($(awk -v l="$N_LINKS" -v b="$N_BOOKS" 'BEGIN { printf "%.2f", l / b }') authors per book); database size $DB_SIZE"
	echo "- $data_note"
	echo "- Title search: '$TITLE_TERM' is in $(thousands "$TITLE_MATCHES") titles ($(percent "$TITLE_MATCHES" "$N_BOOKS"))"
	echo
	echo "## Results"
	echo
	echo "| measurement | cache | req/s | p50 | p99 | notes | target | met? |"
	echo "|---|---|---:|---:|---:|---|---|---|"
	row book-off "GET /books/{id}, random id of $(thousands "$BOOKS")" off "" p50 10
	row book-on-hot "GET /books/{id}, random id of the first $(thousands "$HOT")" on "${CACHE_NOTE[book-on-hot]}" rps 10000
	row book-on-fixed "GET /books/$FIXED_BOOK" on "${CACHE_NOTE[book-on-fixed]}" rps 10000
	row author-off "GET /authors/{id}/books, random id of $(thousands "$AUTHORS")" off "first page (20)" p50 10
	row author-on-hot "GET /authors/{id}/books, random id of the first $(thousands "$HOT")" on "${CACHE_NOTE[author-on-hot]}" rps 10000
	row author-on-fixed "GET /authors/$FIXED_AUTHOR/books" on "${CACHE_NOTE[author-on-fixed]}" rps 10000
	row title-off "GET /books?title=$TITLE_TERM" off "$(thousands "$TITLE_MATCHES") matches, first page (20)" p50 50
	row title-on "GET /books?title=$TITLE_TERM" on "${CACHE_NOTE[title-on]}" rps 10000
	row title-moderate "GET /books?title=$TITLE_TERM, $MODERATE connections" off "short of saturation" p50 50
	row deep-id-off "GET /books?limit=$PAGE&cursor=…, page $(thousands $((DEEP_PAGES + 1))) by id" off "$deep_rows"
	row deep-id-on "GET /books?limit=$PAGE&cursor=…, page $(thousands $((DEEP_PAGES + 1))) by id" on \
		"$deep_rows; ${CACHE_NOTE[deep-id-on]}" rps 10000
	row deep-title-off "GET /books?limit=$PAGE&sort=title&cursor=…, page $(thousands $((DEEP_PAGES + 1)))" off "$deep_rows"
	row deep-title-on "GET /books?limit=$PAGE&sort=title&cursor=…, page $(thousands $((DEEP_PAGES + 1)))" on \
		"$deep_rows; ${CACHE_NOTE[deep-title-on]}" rps 10000
	row deep-date-off "GET /books?limit=$PAGE&sort=-publish_date&cursor=…, page $(thousands $((DEEP_PAGES + 1)))" off \
		"$deep_rows"
	row book-single "GET /books/{id}, random id, 1 connection" off "latency without queueing"
	row author-single "GET /authors/{id}/books, random id, 1 connection" off "latency without queueing"
	row title-single "GET /books?title=$TITLE_TERM, 1 connection" off "latency without queueing"
	row post-off "POST /books" off "$(thousands "${CREATED[post-off]}") books created (wrk saw $(thousands "${SENT[post-off]}") answers)"
	row post-on "POST /books" on "$(thousands "${CREATED[post-on]}") books created (wrk saw $(thousands "${SENT[post-on]}") answers); every write evicts"
	row floor "GET /actuator/health/liveness (no database, no cache)" — "floor of the web stack"
	echo
	echo "- cache off: port $UNCACHED_PORT, KEEL_LIBRARY_CACHE_ENABLED=false; cache on: port $CACHED_PORT, Redis database" \
		"$REDIS_DB, emptied before the instances start. One instance under load at a time."
	echo "- Random ids: bench/library-random.lua draws a new id per request, uniform over the range shown. The" \
		"cached runs draw from the first $(thousands "$HOT") ids, each requested once before the warm-up; the hit ratio" \
		"is that of the measured run alone (keel_cache_gets_total{cache=\"library\"} before and after)."
	echo "- Deep pages: the next cursors of GET /books?limit=$PAGE (by id), &sort=title and &sort=-publish_date," \
		"followed $(thousands "$DEEP_PAGES") pages deep with the uncached instance; the page then measured was checked" \
		"against the row PostgreSQL puts at offset $(thousands $((DEEP_PAGES * PAGE))). A cursor carries the total, so" \
		"deep pages do not count. The issue sets them no target."
	echo "- POST /books: bench/library-post.lua, a new title, a past publish date and 1 to 3 distinct random" \
		"authors per request, no ISBN; created = new rows in books during the measured run. The $(thousands "$REMOVED")" \
		"books posted (warm-ups and check included) were deleted afterwards."
	echo "- Cached instance over the whole run: $CACHE_TOTALS."
	echo "- wrk keeps $CONNECTIONS requests in flight, so once the machine is saturated p50 is about" \
		"$CONNECTIONS / throughput: p50 < 10 ms at $CONNECTIONS connections takes about" \
		"$(thousands $((CONNECTIONS * 100))) req/s. The 1-connection rows show a request's latency without that queue."
	echo
	echo "## Runs one by one"
	echo
	echo "CPU in cores, of $(nproc); \"other\" is everything else on the machine (the idle instance, other people's work)."
	echo
	echo "| run | warm-up runs | req/s | p50 | p99 | wrk errors | service JVM | PostgreSQL | Redis | wrk | other |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for key in book-off book-on-hot book-on-fixed author-off author-on-hot author-on-fixed title-off title-on \
		title-moderate deep-id-off deep-id-on deep-title-off deep-title-on deep-date-off book-single author-single title-single post-off post-on floor; do
		read -r svc pg rd wk other <<<"${CPU[$key]}"
		echo "| $key | ${WARMUP_RUNS[$key]} | $(thousands "${RPS[$key]}") | $(ms "${P50[$key]}") | $(ms "${P99[$key]}") |" \
			"${ERRORS[$key]} | $svc | $pg | $rd | $wk | $other |"
	done
} >"$REPORT"

cat "$REPORT"
save_report library "$REPORT"
