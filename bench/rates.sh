#!/usr/bin/env bash
# Freight-rates benchmark: GET /rates under load, with and without the response cache,
# on the public dataset and on a generated one 100 times larger. See bench/README.md.
#
#   bench/rates.sh                       # from the repository root
#   DURATION=10s CONNECTIONS=64 bench/rates.sh
#
# Progress goes to stderr; the report (machine, import times, the table, notes and query
# plans) goes to stdout and to bench/results/rates-<UTC timestamp>.md. Everything bulky
# (build and server logs, raw wrk output, the x100 dump) stays in bench/work/, which git
# ignores. Addresses and ports: see bench/lib.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-5s}           # one warm-up run; they repeat until throughput stops rising
WARMUP_MIN=${WARMUP_MIN:-8}    # warm-up runs at least: the JIT takes 30 to 60 s here
WARMUP_MAX=${WARMUP_MAX:-16}   # warm-up runs at most, per measurement
WRK_TIMEOUT=${WRK_TIMEOUT:-30s} # wrk's default (2 s) drops slower requests from the percentiles
SQL_RUNS=${SQL_RUNS:-30}       # executions per statement when timing the SQL alone
# A Redis database of its own (KEEL_BENCH_REDIS_URL, by default this index): test suites
# share the server and the "keel:rates:" keys, and their evictions would otherwise empty
# the benchmark's cache mid-run.
REDIS_DEFAULT_DB=15
# Empty: build the working tree. A commit (KEEL_REV=HEAD): build that, from a clean export.
KEEL_REV=${KEEL_REV:-}

DATA=../shared/data/ratestask/rates.sql
WORK=bench/work
X100=$WORK/rates-x100.sql
DB_REAL=${DB_REAL:-keel_bench}      # PostgreSQL databases, dropped and created by each run
DB_X100=${DB_X100:-keel_bench_x100}

# The two queries: README example (a port against a region subtree, read from prices)
# and root to root over a month (both regions, read from the per-day region summary).
QUERIES=(readme root)
declare -A Q_FROM=([readme]=2016-01-01 [root]=2016-01-01)
declare -A Q_TO=([readme]=2016-01-10 [root]=2016-01-31)
declare -A Q_ORIGIN=([readme]=CNSGH [root]=china_main)
declare -A Q_DESTINATION=([readme]=north_europe_main [root]=northern_europe)
declare -A Q_DAYS=([readme]=10 [root]=31)
declare -A Q_LABEL=(
	[readme]="README example: CNSGH → north_europe_main, 10 days"
	[root]="root to root: china_main → northern_europe, 31 days"
)
# The statement that reads the figures for each query (see AverageRates); it runs after
# a lookup of what the two locations are, timed separately.
declare -A Q_SQL=([readme]=lane_averages.sql [root]=region_averages.sql)

query_string() { # query
	echo "date_from=${Q_FROM[$1]}&date_to=${Q_TO[$1]}&origin=${Q_ORIGIN[$1]}&destination=${Q_DESTINATION[$1]}"
}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/rates.sh: %s\033[0m\n' "$*" >&2; exit 1; }

mkdir -p "$WORK"
[[ -r $DATA ]] || die "dataset not found: $DATA (expected next to the repository, in ../shared/data/ratestask/)"

# Addresses (KEEL_BENCH_DB_URL, KEEL_BENCH_REDIS_URL), instances and reports.
source bench/lib.sh
require_tools wrk python3 psql createdb dropdb curl
# The instance without the rates cache and the one with it; free ports unless set.
pick_port UNCACHED_PORT
pick_port CACHED_PORT

# A JDK 21+ ($JAVA), and the jar under test built into $WORK ($JAR, $COMMIT).
source bench/build-jar.sh

# The SQL timed in psql is the SQL inside that jar, not src/, which may have moved on.
SQL_DIR=$WORK/sql
rm -rf "$SQL_DIR"
mkdir -p "$SQL_DIR"
python3 - "$JAR" "$SQL_DIR" <<'EOF'
import sys, zipfile, os
prefix = "BOOT-INF/classes/dev/keel/rates/"
with zipfile.ZipFile(sys.argv[1]) as jar:
    for name in jar.namelist():
        if name.startswith(prefix) and name.endswith(".sql"):
            with open(os.path.join(sys.argv[2], name[len(prefix):]), "wb") as out:
                out.write(jar.read(name))
EOF
for query in "${QUERIES[@]}"; do
	[[ -f $SQL_DIR/${Q_SQL[$query]} ]] || die "the jar has no dev/keel/rates/${Q_SQL[$query]}; update Q_SQL"
done
# The per-request lookup of what origin and destination are: its name has changed before.
LOOKUP_SQL=
for name in expand_locations.sql locations.sql; do
	[[ -f $SQL_DIR/$name ]] && { LOOKUP_SQL=$name; break; }
done
[[ -n $LOOKUP_SQL ]] || die "the jar has neither expand_locations.sql nor locations.sql; update LOOKUP_SQL"

# --- Databases -----------------------------------------------------------------------------

declare -A IMPORT_WALL IMPORT_SELF IMPORT_SUMMARY

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Recreates database $1 and imports dump $2 into it with the service's own importer
# (Flyway creates the schema on this first start). Times the whole command, JVM start
# included, and keeps the importer's own figure too.
load_database() { # database dump label
	local db=$1 dump=$2 label=$3 started
	log "Recreating $db and importing $dump (log: $WORK/import-$label.log)"
	dropdb "${PG[@]}" --if-exists --force "$db" 2>/dev/null
	createdb "${PG[@]}" "$db"
	started=$(now)
	keel_env "$db"
	# Options may stand before or after the command; the service skips its web server either way.
	env "${KEEL_ENV[@]}" "$JAVA" -jar "$JAR" import-rates "$dump" --spring.profiles.active=production \
		>"$WORK/import-$label.log" 2>&1 ||
		{ tail -30 "$WORK/import-$label.log" >&2; die "import of $dump failed"; }
	IMPORT_WALL[$label]=$(elapsed "$started")
	IMPORT_SUMMARY[$label]=$(grep '^Imported' "$WORK/import-$label.log") || die "no summary line in import-$label.log"
	IMPORT_SELF[$label]=$(sed -E 's/.* in ([0-9.]+) s$/\1/' <<<"${IMPORT_SUMMARY[$label]}")
	log "${IMPORT_SUMMARY[$label]} (${IMPORT_WALL[$label]} s with JVM start)"
	# No VACUUM here: the importer runs VACUUM (ANALYZE) itself, and what it leaves is what
	# users get.
}

# Waits until database $1 runs no queries: a server keeps working through requests wrk
# has given up on, and that backlog must not land in the next measurement.
wait_idle() { # database
	local waited=0 quiet=0 active
	while ((quiet < 2)); do
		active=$(psql "${PG[@]}" -X -A -t -d "$1" -c \
			"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")
		if ((active == 0)); then quiet=$((quiet + 1)); else quiet=0; fi
		((waited < 300)) || die "$1 still busy after 150 s"
		sleep 0.5
		waited=$((waited + 1))
	done
	((waited <= 2)) || log "waited $((waited / 2)) s for $1 to go idle"
}

# --- Measurements --------------------------------------------------------------------------

# wrk latency ("850.00us", "4.21ms", "1.04s", "1.20m") in milliseconds.
to_ms() {
	awk -v t="$1" 'BEGIN {
		if (t ~ /us$/) f = 0.001; else if (t ~ /ms$/) f = 1; else if (t ~ /m$/) f = 60000; else f = 1000
		sub(/[a-z]+$/, "", t); printf "%.3f", t * f }'
}

declare -A RPS P50 P99 ERRORS CPU SQL_MS LOOKUP_MS CACHE_HITS

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

# One measured wrk run on $2 against the instance with pid $3; keeps req/s, p50, p99, the
# errors wrk saw and where the machine's CPU went meanwhile (in cores: the service,
# PostgreSQL, Redis, wrk, anything else, e.g. other people's builds on a shared box).
run_wrk() { # key url jvm-pid
	local key=$1 url=$2 pid=$3 out before after started wrk_cpu TIMEFORMAT='%U %S'
	out=$WORK/wrk-${key//\//-}.txt
	before=$(cpu_ticks "$pid")
	started=$(now)
	{ time wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency "$url" >"$out"; } 2>"$out.cpu"
	wrk_cpu=$(tail -1 "$out.cpu")
	after=$(cpu_ticks "$pid")
	CPU[$key]=$(awk -v b="$before" -v a="$after" -v w="$wrk_cpu" -v t0="$started" -v t1="$(now)" -v hz="$(getconf CLK_TCK)" '
		BEGIN { split(b, x); split(a, y); split(w, c); s = (t1 - t0) * hz
			busy = (y[1] - x[1]) / s; svc = (y[2] - x[2]) / s; pg = (y[3] - x[3]) / s; rd = (y[4] - x[4]) / s
			wrk = (c[1] + c[2]) / (t1 - t0); other = busy - svc - pg - rd - wrk
			printf "%.2f %.2f %.2f %.2f %.2f", svc, pg, rd, wrk, (other < 0) ? 0 : other }')
	RPS[$key]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	P50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	[[ -n ${RPS[$key]} && ${P50[$key]} != 0.000 ]] || { cat "$out" >&2; die "$key: cannot parse wrk output"; }
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
warm_up() { # key url [database]
	local key=$1 url=$2 db=${3:-} best=0 rps runs=0 flat=0 trail=""
	while ((runs < WARMUP_MAX)); do
		[[ -z $db ]] || wait_idle "$db"
		rps=$(wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout "$WRK_TIMEOUT" "$url" | awk '/^Requests\/sec:/ { print $2 }')
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

# Checks the answer first (a benchmark of error pages would look great), then warms up,
# then the measured run.
measure() { # key port query database
	local key=$1 port=$2 query=$3 db=$4 url body days
	url="http://127.0.0.1:$port/rates?$(query_string "$query")"
	body=$(curl -sf "$url") || die "$key: GET $url failed"
	days=$(grep -o '"day"' <<<"$body" | wc -l)
	((days == ${Q_DAYS[$query]})) || die "$key: expected ${Q_DAYS[$query]} days, got: ${body:0:300}"
	log "$key: warm-up, then $DURATION with $CONNECTIONS connections"
	warm_up "$key" "$url" "$db"
	wait_idle "$db"
	run_wrk "$key" "$url" "${INSTANCE_PID[$port]}"
}

# What the web stack alone manages on this machine: an endpoint that touches neither the
# database nor the cache. Cached figures cannot be expected much above it.
measure_floor() { # port
	local url="http://127.0.0.1:$1/actuator/health/liveness"
	log "floor: warm-up, then $DURATION of GET /actuator/health/liveness"
	warm_up floor "$url"
	run_wrk floor "$url" "${INSTANCE_PID[$1]}"
}

# The cache's own counters, to show the cached instance really answered from Redis.
cache_counters() { # port
	curl -sf "http://127.0.0.1:$1/actuator/prometheus" | awk '
		/^keel_cache_gets_total\{cache="rates",result="hit"\}/ { h = $2 }
		/^keel_cache_gets_total\{cache="rates",result="miss"\}/ { m = $2 }
		/^keel_cache_errors_total\{cache="rates"\}/ { e = $2 }
		END { printf "%d hits, %d misses, %d errors", h, m, e }'
}

# The SQL alone. psql interpolates :name raw, so every named parameter of the service's
# SQL is given to psql as a ready SQL literal ('CNSGH', '2016-01-01') or, for a list
# parameter, as comma-separated literals: the file runs unchanged but for its comments,
# with the values the service would bind. PSQL_VARS gets the -v options for one query.
sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

bind_parameters() { # database query
	local db=$1 query=$2 origin=${Q_ORIGIN[$2]} destination=${Q_DESTINATION[$2]} side
	declare -gA BIND=(
		[origin]=$(sql_literal "$origin") [destination]=$(sql_literal "$destination")
		[locations]="$(sql_literal "$origin"), $(sql_literal "$destination")"
		[date_from]=$(sql_literal "${Q_FROM[$query]}") [date_to]=$(sql_literal "${Q_TO[$query]}")
	)
	# What a location covers, worked out here rather than by the service's own SQL: a
	# region, its subtree and every port in it; a port, itself and its region.
	for side in origin destination; do
		local regions ports
		IFS=$'\t' read -r regions ports < <(psql "${PG[@]}" -X -A -t -F $'\t' -d "$db" -v ON_ERROR_STOP=1 \
			-v location="${BIND[$side]}" <<'EOF'
WITH RECURSIVE subtree (slug) AS (
    SELECT slug FROM regions WHERE slug = :location
    UNION
    SELECT r.slug FROM regions r JOIN subtree s ON r.parent_slug = s.slug
)
SELECT coalesce((SELECT string_agg(quote_literal(slug), ', ' ORDER BY slug) FROM subtree),
                (SELECT quote_literal(parent_slug) FROM ports WHERE code = :location)),
       (SELECT string_agg(quote_literal(code), ', ' ORDER BY code) FROM ports
        WHERE code = :location OR parent_slug IN (SELECT slug FROM subtree))
EOF
		)
		[[ -n $regions && -n $ports ]] || die "$db: cannot expand ${Q_ORIGIN[$query]} / ${Q_DESTINATION[$query]}"
		BIND[${side}_regions]=$regions
		BIND[${side}_ports]=$ports
	done
}

# psql input for one of the jar's SQL files; fails on a parameter it cannot bind.
psql_sql() { # file
	local name
	while read -r name; do
		[[ -n ${BIND[$name]+set} ]] || die "$1 uses :$name, which bench/rates.sh cannot bind (see bind_parameters)"
	done < <(grep -v '^[[:space:]]*--' "$SQL_DIR/$1" | grep -oE '(^|[^:]):[A-Za-z_][A-Za-z0-9_]*' | sed 's/.*://' | sort -u)
	grep -v '^[[:space:]]*--' "$SQL_DIR/$1"
	echo ';'
}

psql_bound() { # database, psql options...
	local db=$1 name vars=()
	shift
	for name in "${!BIND[@]}"; do vars+=(-v "$name=${BIND[$name]}"); done
	psql "${PG[@]}" -X -q -d "$db" -v ON_ERROR_STOP=1 "${vars[@]}" "$@"
}

# Median ms of $SQL_RUNS executions of one of the jar's SQL files, in one psql session
# with \timing (so the client round trip over TCP is included, as for the service, and
# the first, colder, runs weigh little in the median).
time_sql() { # database file
	local sql script=$WORK/timing.sql
	sql=$(psql_sql "$2") || exit 1
	{
		printf '%s\n' '\timing on' '\o /dev/null'
		for _ in $(seq "$SQL_RUNS"); do echo "$sql"; done
	} >"$script"
	psql_bound "$1" -f "$script" | awk '/^Time:/ { print $2 }' | sort -n |
		awk '{ t[NR] = $1 } END { if (NR == 0) exit 1
			printf "%.3f", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

PLANS=$WORK/plans.md
: >"$PLANS"

explain() { # database file query label
	local sql
	sql=$(psql_sql "$2") || exit 1
	{
		printf '\n### %s, %s (%s)\n\n```\n' "$4" "${Q_LABEL[$3]}" "$2"
		psql_bound "$1" -A -t <<<"EXPLAIN (ANALYZE, BUFFERS) $sql"
		printf '```\n'
	} >>"$PLANS"
}

# One dataset: both instances on database $1, every query uncached then cached, then the
# SQL alone (with the instances stopped, so psql has the machine to itself).
bench_dataset() { # database label
	local db=$1 label=$2 query
	start_instance "uncached-$label" "$UNCACHED_PORT" "$db" KEEL_RATES_CACHE_ENABLED=false
	start_instance "cached-$label" "$CACHED_PORT" "$db" KEEL_RATES_CACHE_ENABLED=true
	for query in "${QUERIES[@]}"; do
		measure "$label/$query/off" "$UNCACHED_PORT" "$query" "$db"
		measure "$label/$query/on" "$CACHED_PORT" "$query" "$db"
		# Same answer with and without the cache, or the cached figures mean nothing.
		[[ "$(curl -sf "http://127.0.0.1:$UNCACHED_PORT/rates?$(query_string "$query")")" == \
			"$(curl -sf "http://127.0.0.1:$CACHED_PORT/rates?$(query_string "$query")")" ]] ||
			die "$label/$query: cached and uncached answers differ"
	done
	[[ $label == real ]] && measure_floor "$CACHED_PORT"
	CACHE_HITS[$label]=$(cache_counters "$CACHED_PORT")
	stop_instances
	for query in "${QUERIES[@]}"; do
		log "$label/$query: timing the SQL alone in psql ($SQL_RUNS runs each)"
		bind_parameters "$db" "$query"
		SQL_MS[$label/$query]=$(time_sql "$db" "${Q_SQL[$query]}") || die "psql timing of ${Q_SQL[$query]} failed"
		LOOKUP_MS[$label/$query]=$(time_sql "$db" "$LOOKUP_SQL") || die "psql timing of $LOOKUP_SQL failed"
		explain "$db" "${Q_SQL[$query]}" "$query" "$label"
		explain "$db" "$LOOKUP_SQL" "$query" "$label"
	done
}

# --- Run -----------------------------------------------------------------------------------

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)

load_database "$DB_REAL" "$DATA" real
bench_dataset "$DB_REAL" real

# The generated dump only depends on the dataset and the generator: reuse it when newer.
if [[ ! -s $X100 || $X100 -ot $DATA || $X100 -ot bench/generate_rates_x100.py ]]; then
	log "Generating $X100"
	python3 bench/generate_rates_x100.py "$DATA" "$X100.tmp" >&2
	mv "$X100.tmp" "$X100"
fi
load_database "$DB_X100" "$X100" x100
bench_dataset "$DB_X100" x100

# --- Report --------------------------------------------------------------------------------

# 12345.6 -> 12,346
thousands() {
	awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); o = ""
		while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		print s o }'
}
ms() { awk -v t="$1" 'BEGIN { printf((t < 10) ? "%.2f ms" : "%.1f ms", t) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

prices_of() { sed -E 's/.* and ([0-9,]+) prices.*/\1/' <<<"${IMPORT_SUMMARY[$1]}"; }

# Target and verdict of one row.
verdict() { # label query cache
	local k="$1/$2/$3" target ok=yes limit=40
	if [[ $3 == on ]]; then
		target="≥ 10,000 req/s"
		ge "${RPS[$k]}" 10000 || ok=no
	elif [[ $2 == readme ]]; then
		target="≥ 1,000 req/s, p50 < 10 ms"
		ge "${RPS[$k]}" 1000 && lt "${P50[$k]}" 10 || ok=no
	else
		[[ $1 == x100 ]] && limit=100
		target="p50 < $limit ms"
		lt "${P50[$k]}" "$limit" || ok=no
	fi
	((${ERRORS[$k]} == 0)) || ok="no (${ERRORS[$k]} errors)"
	[[ $ok == yes ]] || ok="**$ok**"
	printf '%s | %s' "$target" "$ok"
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)

REPORT=$WORK/report.md
{
	echo "# Freight rates benchmark, $STARTED_AT"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc) × ${cpu:-unknown}; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
	echo "- PostgreSQL: $(psql "${PG[@]}" -X -A -t -d "$DB_REAL" -c 'SHOW server_version')"
	echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); service, PostgreSQL, Redis and wrk share the machine"
	echo "- Keel: $COMMIT"
	echo "- Load: wrk -t2 -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT --latency, after warm-up runs of $WARMUP" \
		"until throughput stops rising (count in the CPU table);" \
		"SQL alone: median of $SQL_RUNS runs in one psql session"
	echo
	echo "## Imports"
	echo
	echo "| dataset | import (whole command, JVM start included) | importer's own time | summary |"
	echo "|---|---|---|---|"
	for label in real x100; do
		echo "| $label | ${IMPORT_WALL[$label]} s | ${IMPORT_SELF[$label]} s | ${IMPORT_SUMMARY[$label]} |"
	done
	echo
	echo "## GET /rates"
	echo
	echo "| dataset | query | cache | req/s | p50 | p99 | SQL alone in psql (median) | target | met? |"
	echo "|---|---|---|---:|---:|---:|---|---|---|"
	for label in real x100; do
		for query in "${QUERIES[@]}"; do
			for cache in off on; do
				k="$label/$query/$cache"
				if [[ $cache == off ]]; then
					sql="$(ms "${SQL_MS[$label/$query]}") (+ $(ms "${LOOKUP_MS[$label/$query]}") lookup)"
				else
					sql="—"
				fi
				echo "| $label ($(prices_of "$label") prices) | ${Q_LABEL[$query]} | $cache |" \
					"$(thousands "${RPS[$k]}") | $(ms "${P50[$k]}") | $(ms "${P99[$k]}") | $sql | $(verdict "$label" "$query" "$cache") |"
			done
		done
	done
	echo
	echo "- cache off: port $UNCACHED_PORT, KEEL_RATES_CACHE_ENABLED=false; cache on: port $CACHED_PORT, Redis database $REDIS_DB."
	echo "- SQL alone: ${Q_SQL[readme]} (README example) or ${Q_SQL[root]} (root to root), plus the lookup" \
		"$LOOKUP_SQL that precedes it, taken from the benchmarked jar, with the values the service binds as literals."
	for label in real x100; do
		echo "- Cached instance, $label: ${CACHE_HITS[$label]} (warm-up included)."
	done
	echo "- wrk keeps $CONNECTIONS requests in flight, so once the machine is saturated p50 is about" \
		"$CONNECTIONS / throughput: p50 < 10 ms at $CONNECTIONS connections takes about" \
		"$(thousands $((CONNECTIONS * 100))) req/s."
	echo "- Floor of the web stack on this machine, GET /actuator/health/liveness (no database, no cache):" \
		"$(thousands "${RPS[floor]}") req/s, p50 $(ms "${P50[floor]}"), p99 $(ms "${P99[floor]}")."
	echo
	echo "## Where the CPU went during each measured run"
	echo
	echo "In cores, of $(nproc); \"other\" is everything else on the machine (the idle instance, other people's work)."
	echo
	echo "| run | warm-up runs | req/s | service JVM | PostgreSQL | Redis | wrk | other |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	for label in real x100; do
		for query in "${QUERIES[@]}"; do
			for cache in off on; do
				k="$label/$query/$cache"
				read -r svc pg rd wk other <<<"${CPU[$k]}"
				echo "| $label, $query, cache $cache | ${WARMUP_RUNS[$k]} | $(thousands "${RPS[$k]}") | $svc | $pg | $rd | $wk | $other |"
			done
		done
	done
	read -r svc pg rd wk other <<<"${CPU[floor]}"
	echo "| floor: /actuator/health/liveness | ${WARMUP_RUNS[floor]} | $(thousands "${RPS[floor]}") | $svc | $pg | $rd | $wk | $other |"
	echo
	echo "## Query plans (EXPLAIN ANALYZE, BUFFERS)"
	cat "$PLANS"
} >"$REPORT"

cat "$REPORT"
save_report rates "$REPORT"
