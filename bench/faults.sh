#!/usr/bin/env bash
# Faults benchmark: what Keel does when Redis hangs or PostgreSQL is gone, and what the
# eviction outbox costs a write. See bench/README.md.
#
#   bench/faults.sh                      # from the repository root
#   BENCH_QUICK=1 bench/faults.sh        # a smoke run, a few minutes, the figures mean nothing
#
# It runs a redis-server of its own on a free port (it freezes that one with SIGSTOP; the
# machine's shared Redis is never signalled) and reaches PostgreSQL through a socat
# forwarder of its own for the database-down step (it kills the forwarder, never the
# server). Progress goes to stderr; the report goes to stdout and to
# bench/results/faults-<UTC timestamp>.md. Logs and raw wrk output stay in bench/work/faults/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	: "${AUTHORS:=2000}" "${DB:=keel_bench_faults_quick}" "${WRITE_ROUNDS:=1}" "${DOWN_SAMPLES:=4}"
	: "${OLD_DOWN_SAMPLES:=1}" "${DURATION:=3s}" "${WARMUP:=1s}" "${WARMUP_MIN:=1}" "${WARMUP_MAX:=2}"
fi
DURATION=${DURATION:-15s}          # one measured wrk run
CONNECTIONS=${CONNECTIONS:-32}     # wrk connections (wrk always uses 2 threads)
WARMUP=${WARMUP:-5s}               # one warm-up run; they repeat until throughput stops rising
WARMUP_MIN=${WARMUP_MIN:-4}        # warm-up runs at least before each measured run
WARMUP_MAX=${WARMUP_MAX:-10}       # warm-up runs at most
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}    # wrk's default (2 s) would drop slow requests from the percentiles
AUTHORS=${AUTHORS:-10000}          # authors seeded (SQL); GET /authors/{id} draws from all of them
WRITE_ROUNDS=${WRITE_ROUNDS:-2}    # POST /books runs per build, alternated, each on a fresh database
DOWN_SAMPLES=${DOWN_SAMPLES:-10}   # timed requests per endpoint while PostgreSQL is unreachable
OLD_DOWN_SAMPLES=${OLD_DOWN_SAMPLES:-3} # the same on the old build, where each may hang 30 s
OLD_MAX_TIME=${OLD_MAX_TIME:-35}   # curl --max-time of those, in seconds
DOWN_INTERVAL=${DOWN_INTERVAL:-1}  # seconds between those requests' starts (when the last has answered)
CIRCUIT_WAIT=${CIRCUIT_WAIT:-60}   # seconds of load at most for the Redis circuit to open
OLD_REV=${OLD_REV:-7d66559}        # the build before the outbox, the circuit and the fail-fast pool
DB=${DB:-keel_bench_faults}        # reads and database down; ${DB}_writes and ${DB}_old beside it
REDIS_SERVER=${REDIS_SERVER:-redis-server} # the Redis this script starts, freezes and stops
SOCAT=${SOCAT:-socat}
# Empty: build the working tree. A commit (KEEL_REV=HEAD): build that, from a clean export.
KEEL_REV=${KEEL_REV:-}

WORK=bench/work/faults
POST_SCRIPT=bench/library-post.lua
RANDOM_SCRIPT=bench/library-random.lua

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/faults.sh: %s\033[0m\n' "$*" >&2; exit 1; }

for name in CONNECTIONS WARMUP_MIN WARMUP_MAX AUTHORS WRITE_ROUNDS DOWN_SAMPLES OLD_DOWN_SAMPLES OLD_MAX_TIME CIRCUIT_WAIT; do
	[[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number, not '${!name}'"
done
((CONNECTIONS >= 2)) || die "CONNECTIONS must be at least 2 (wrk runs 2 threads)"
((AUTHORS >= 3)) || die "AUTHORS must be at least 3 (a book has up to 3)"
((WRITE_ROUNDS >= 1 && DOWN_SAMPLES >= 1 && OLD_DOWN_SAMPLES >= 1)) || die "WRITE_ROUNDS and the samples must be at least 1"
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB must be a plain lower-case database name, not '$DB'"
# The Redis is this script's own, so that freezing it cannot touch anybody else's.
[[ -z ${KEEL_BENCH_REDIS_URL:-} ]] ||
	die "bench/faults.sh starts and freezes a Redis of its own; set REDIS_PORT (its port), not KEEL_BENCH_REDIS_URL"
command -v "$REDIS_SERVER" >/dev/null || die "$REDIS_SERVER is required (REDIS_SERVER=...)"
if [[ -z ${REDIS_PORT:-} ]]; then
	REDIS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
[[ $REDIS_PORT =~ ^[0-9]+$ ]] || die "REDIS_PORT must be a port number, not '$REDIS_PORT'"
KEEL_BENCH_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/1
REDIS_DEFAULT_DB=1

mkdir -p "$WORK"

# Addresses (KEEL_BENCH_DB_URL), instances and reports.
source bench/lib.sh
require_tools wrk python3 psql createdb dropdb curl redis-cli "$SOCAT" setsid
PORTS_TAKEN+=("$REDIS_PORT")
pick_port UNCACHED_PORT  # HEAD, library cache off
pick_port CACHED_PORT    # HEAD, library cache on
pick_port OLD_PORT       # $OLD_REV, library cache on
pick_port WRITE_PORT     # the instance under POST /books, either build
pick_port DOWN_PORT      # the instance whose database goes away, either build
pick_port FORWARD_PORT   # socat, forwarding to PostgreSQL

# Two jars: the one under test (working tree or $KEEL_REV) and $OLD_REV.
source bench/build-jar.sh
NEW_JAR=$WORK/keel-new.jar
NEW_COMMIT=$COMMIT
mv "$JAR" "$NEW_JAR"
KEEL_REV=$OLD_REV
source bench/build-jar.sh
OLD_JAR=$WORK/keel-old.jar
OLD_COMMIT=$COMMIT
mv "$JAR" "$OLD_JAR"

# --- Redis and the forwarder of this run ---------------------------------------------------

REDIS_PID=
FORWARDER_PID=

start_redis() {
	port_in_use "$REDIS_PORT" && die "port $REDIS_PORT is already in use; not starting a Redis there"
	"$REDIS_SERVER" --save "" --appendonly no --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize no \
		>"$WORK/redis.log" 2>&1 &
	REDIS_PID=$!
	for _ in $(seq 50); do
		[[ $(redis_cli PING 2>/dev/null) == PONG ]] && break
		sleep 0.1
	done
	[[ $(redis_cli PING 2>/dev/null) == PONG ]] || { tail "$WORK/redis.log" >&2; die "own Redis did not start on $REDIS_PORT"; }
	log "Own Redis up on port $REDIS_PORT (pid $REDIS_PID)"
}

# socat in a process group of its own: killing the group also ends the children that carry
# the connections already open, as a dead database host would.
start_forwarder() {
	port_in_use "$FORWARD_PORT" && die "port $FORWARD_PORT is already in use; not starting the forwarder there"
	setsid "$SOCAT" "TCP-LISTEN:$FORWARD_PORT,bind=127.0.0.1,fork,reuseaddr" "TCP:$PG_HOST:$PG_PORT" \
		>>"$WORK/socat.log" 2>&1 &
	FORWARDER_PID=$!
	for _ in $(seq 50); do port_in_use "$FORWARD_PORT" && break; sleep 0.1; done
	port_in_use "$FORWARD_PORT" || die "the forwarder did not listen on $FORWARD_PORT"
	# Its own process group, or killing the group would miss the connections' children.
	[[ $(ps -o pgid= -p "$FORWARDER_PID" | tr -d ' ') == "$FORWARDER_PID" ]] ||
		die "the forwarder (pid $FORWARDER_PID) is not in a process group of its own"
}

kill_forwarder() {
	[[ -n $FORWARDER_PID ]] || return 0
	kill -TERM -- "-$FORWARDER_PID" 2>/dev/null || true
	wait "$FORWARDER_PID" 2>/dev/null || true
	FORWARDER_PID=
}

cleanup() {
	# A frozen Redis would hold up the instances' graceful shutdown.
	[[ -z $REDIS_PID ]] || kill -CONT "$REDIS_PID" 2>/dev/null || true
	stop_instances
	kill_forwarder
	if [[ -n $REDIS_PID ]]; then
		kill "$REDIS_PID" 2>/dev/null || true
		wait "$REDIS_PID" 2>/dev/null || true
	fi
}
trap cleanup EXIT

# --- Database ------------------------------------------------------------------------------

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

psql_in() { local db=$1; shift; psql "${PG[@]}" -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

reset_database() { # database
	dropdb "${PG[@]}" --if-exists "$1"
	createdb "${PG[@]}" "$1"
}

# $AUTHORS authors in database $1, once the service has created the schema. Set-based: a
# few hundred milliseconds where the API would take a minute.
seed_authors() { # database
	psql_in "$1" -v n="$AUTHORS" <<'SQL'
INSERT INTO authors (name, bio, birth_date, version)
SELECT 'Author ' || g, CASE WHEN g % 5 < 3 THEN 'Biography of author ' || g END,
       DATE '1900-01-01' + (g * 37 % 36000), 1
FROM generate_series(1, :n) g;
SELECT setval(pg_get_serial_sequence('authors', 'id'), :n);
ANALYZE authors;
SQL
}

# Until database $1 runs no queries: requests wrk gave up on must not spill into the next run.
wait_idle() { # database
	local waited=0 quiet=0 active
	while ((quiet < 2)); do
		active=$(psql_in "$1" -c "SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")
		if ((active == 0)); then quiet=$((quiet + 1)); else quiet=0; fi
		((waited < 300)) || die "$1 still busy after 150 s"
		sleep 0.5
		waited=$((waited + 1))
	done
}

# --- Measurements --------------------------------------------------------------------------

to_ms() {
	awk -v t="$1" 'BEGIN {
		if (t ~ /us$/) f = 0.001; else if (t ~ /ms$/) f = 1; else if (t ~ /m$/) f = 60000; else f = 1000
		sub(/[a-z]+$/, "", t); printf "%.3f", t * f }'
}

wrk_args() { # port load...
	local port=$1
	shift
	case $1 in
		random) WRK_ARGS=(-s "$RANDOM_SCRIPT" "$(url "$port" /)" -- "${@:2}") ;;
		post) WRK_ARGS=(-s "$POST_SCRIPT" "$(url "$port" /)" -- "${@:2}") ;;
		*) die "unknown load: $*" ;;
	esac
}

declare -A RPS P50 P99 ERRORS SENT LOAD WARMUP_RUNS

run_wrk() { # key port load...
	local key=$1 port=$2 out
	shift 2
	wrk_args "$port" "$@"
	out=$WORK/wrk-$key.txt
	LOAD[$key]=$(load_average)
	wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency "${WRK_ARGS[@]}" >"$out"
	RPS[$key]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	SENT[$key]=$(awk '/ requests in / { print $1 }' "$out")
	P50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	[[ -n ${RPS[$key]} && -n ${SENT[$key]} ]] || { cat "$out" >&2; die "$key: cannot parse wrk output"; }
	ERRORS[$key]=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
		END { print n + 0 }' "$out")
	log "$key: ${RPS[$key]} req/s, p50 ${P50[$key]} ms, p99 ${P99[$key]} ms, errors ${ERRORS[$key]}, load ${LOAD[$key]}"
}

# Unmeasured runs of $WARMUP until throughput stops rising (two runs in a row no more than
# 5 % above the best before them, at least $WARMUP_MIN runs, at most $WARMUP_MAX).
warm_up() { # key database port load...
	local key=$1 db=$2 port=$3 best=0 rps runs=0 flat=0 trail=""
	shift 3
	wrk_args "$port" "$@"
	while ((runs < WARMUP_MAX)); do
		wait_idle "$db"
		rps=$(wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout "$WRK_TIMEOUT" "${WRK_ARGS[@]}" |
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
}

# The library cache's counters on port $1: "hits misses bypassed errors".
cache_counters() { # port
	curl -sf --max-time 10 "$(url "$1" /actuator/prometheus)" | awk '
		/^keel_cache_gets_total\{/ && /cache="library"/ && /result="hit"/ { h += $NF }
		/^keel_cache_gets_total\{/ && /cache="library"/ && /result="miss"/ { m += $NF }
		/^keel_cache_gets_total\{/ && /cache="library"/ && /result="bypass"/ { b += $NF }
		/^keel_cache_errors_total\{/ && /cache="library"/ { e += $NF }
		END { printf "%.0f %.0f %.0f %.0f\n", h, m, b, e }'
}

# "N hits, N misses, N bypassed, N errors" between two cache_counters readings.
counter_note() { # before after
	awk -v b="$1" -v a="$2" 'BEGIN { split(b, x); split(a, y)
		printf "%d hits, %d misses, %d bypassed, %d cache errors", y[1] - x[1], y[2] - x[2], y[3] - x[3], y[4] - x[4] }'
}

declare -A NOTE

# Warm-up, then the measured run; the cache's counters over the measured run into NOTE.
measure() { # key database port load...
	local key=$1 db=$2 port=$3 before after
	shift 3
	log "$key: warm-up, then $DURATION of $* on port $port with $CONNECTIONS connections"
	warm_up "$key" "$db" "$port" "$@"
	wait_idle "$db"
	before=$(cache_counters "$port") || die "cannot read /actuator/prometheus on port $port"
	run_wrk "$key" "$port" "$@"
	after=$(cache_counters "$port") || die "cannot read /actuator/prometheus on port $port"
	NOTE[$key]=$(counter_note "$before" "$after")
	log "$key: ${NOTE[$key]}"
}

# One timed request: "status seconds retry-after" (000 when curl gave up or got no answer).
timed() { # url max-seconds
	local headers=$WORK/headers.$BASHPID result retry
	result=$(curl -s -o /dev/null -D "$headers" --max-time "$2" -w '%{http_code} %{time_total}' "$1") || true
	retry=$(awk -F': *' 'tolower($1) == "retry-after" { gsub("\r", "", $2); print $2 }' "$headers" 2>/dev/null)
	rm -f "$headers"
	echo "${result:-000 0} ${retry:--}"
}

# --- Run -----------------------------------------------------------------------------------

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(load_average)
start_redis

# 1. Reads, Redis healthy: the database alone (cache off), then the cache.
log "Resetting $DB"
reset_database "$DB"
JAR=$NEW_JAR
start_instance uncached "$UNCACHED_PORT" "$DB" KEEL_LIBRARY_CACHE_ENABLED=false
seed_authors "$DB"
start_instance cached "$CACHED_PORT" "$DB" KEEL_LIBRARY_CACHE_ENABLED=true
for port in "$UNCACHED_PORT" "$CACHED_PORT"; do
	curl -sf "$(url "$port" "/authors/$AUTHORS")" | grep -q "\"name\":\"Author $AUTHORS\"" ||
		die "GET /authors/$AUTHORS on port $port is not the seeded author"
done
measure read-off "$DB" "$UNCACHED_PORT" random /authors/ "$AUTHORS"
stop_instance "$UNCACHED_PORT"
# Every id once, so that the measured run reads a full cache.
curl -sf --no-progress-meter -Z --parallel-max 8 "$(url "$CACHED_PORT" "/authors/[1-$AUTHORS]")" >/dev/null ||
	die "filling the cache failed"
measure read-on "$DB" "$CACHED_PORT" random /authors/ "$AUTHORS"

# The old build, cache on, started while Redis answers (its health needs Redis) and warmed.
JAR=$OLD_JAR
start_instance old-cached "$OLD_PORT" "$DB" KEEL_LIBRARY_CACHE_ENABLED=true
curl -sf --no-progress-meter -Z --parallel-max 8 "$(url "$OLD_PORT" "/authors/[1-$AUTHORS]")" >/dev/null ||
	die "filling the old build's cache failed"
measure old-read-on "$DB" "$OLD_PORT" random /authors/ "$AUTHORS"

# 2. Redis frozen: SIGSTOP keeps its connections open and silent, the way a hung host does.
log "Freezing the own Redis (SIGSTOP to pid $REDIS_PID)"
kill -STOP "$REDIS_PID"
FROZEN_AT=$(now)
base=$(cache_counters "$CACHED_PORT")
wrk_args "$CACHED_PORT" random /authors/ "$AUTHORS"
wrk -t2 -c"$CONNECTIONS" -d"${CIRCUIT_WAIT}s" --timeout "$WRK_TIMEOUT" "${WRK_ARGS[@]}" >"$WORK/wrk-circuit.txt" &
circuit_wrk=$!
CIRCUIT_OPEN=
while kill -0 "$circuit_wrk" 2>/dev/null; do
	current=$(cache_counters "$CACHED_PORT") || current=$base
	if awk -v b="$base" -v a="$current" 'BEGIN { split(b, x); split(a, y); exit !(y[3] > x[3]) }'; then
		CIRCUIT_OPEN=$(since "$FROZEN_AT")
		break
	fi
	sleep 0.2
done
kill "$circuit_wrk" 2>/dev/null || true
wait "$circuit_wrk" 2>/dev/null || true
[[ -n $CIRCUIT_OPEN ]] || die "no read bypassed the frozen Redis within $CIRCUIT_WAIT s of load"
CIRCUIT_NOTE=$(counter_note "$base" "$(cache_counters "$CACHED_PORT")")
log "Circuit open after $CIRCUIT_OPEN s of load on the frozen Redis ($CIRCUIT_NOTE)"
measure read-frozen "$DB" "$CACHED_PORT" random /authors/ "$AUTHORS"
# The old build has no circuit: every read waits for the Redis timeout. No warm-up: it was
# warmed with Redis healthy, and more minutes at a few requests a second change nothing.
WARMUP_RUNS[old-read-frozen]=0
wait_idle "$DB"
run_wrk old-read-frozen "$OLD_PORT" random /authors/ "$AUTHORS"
stop_instance "$OLD_PORT"

# Back: the probe finds Redis answering and reads are cached again.
log "Thawing the own Redis (SIGCONT)"
kill -CONT "$REDIS_PID"
THAWED_AT=$(now)
base=$(cache_counters "$CACHED_PORT")
RECOVERED=
for _ in $(seq 300); do
	curl -sf -o /dev/null "$(url "$CACHED_PORT" "/authors/$((RANDOM % AUTHORS + 1))")" || true
	current=$(cache_counters "$CACHED_PORT")
	if awk -v b="$base" -v a="$current" 'BEGIN { split(b, x); split(a, y); exit !(y[1] + y[2] > x[1] + x[2]) }'; then
		RECOVERED=$(since "$THAWED_AT")
		break
	fi
	sleep 0.1
done
[[ -n $RECOVERED ]] || die "reads did not go through the cache again within 30 s of SIGCONT"
log "Reads through the cache again $RECOVERED s after SIGCONT"
WARMUP_RUNS[read-thawed]=0
wait_idle "$DB"
before=$(cache_counters "$CACHED_PORT")
run_wrk read-thawed "$CACHED_PORT" random /authors/ "$AUTHORS"
NOTE[read-thawed]=$(counter_note "$before" "$(cache_counters "$CACHED_PORT")")
log "read-thawed: ${NOTE[read-thawed]}"
HIT_TOTAL=$(cache_counters "$CACHED_PORT" | cut -d' ' -f1)
stop_instance "$CACHED_PORT"

# 3. Writes: POST /books, each build on a fresh database with the same authors and an empty
# Redis, alternated so that the machine's other load falls on both alike.
declare -A CREATED OWED
write_round() { # key jar
	local key=$1 db=${DB}_writes before
	reset_database "$db"
	redis_cli FLUSHALL >/dev/null
	JAR=$2
	start_instance "$key" "$WRITE_PORT" "$db" KEEL_LIBRARY_CACHE_ENABLED=true
	seed_authors "$db"
	measure "$key" "$db" "$WRITE_PORT" post "$AUTHORS"
	wait_idle "$db"
	CREATED[$key]=$(psql_in "$db" -c "SELECT count(*) FROM books")
	OWED[$key]=-
	[[ -z $(psql_in "$db" -c "SELECT to_regclass('cache_evictions')") ]] ||
		OWED[$key]=$(psql_in "$db" -c "SELECT count(*) FROM cache_evictions")
	stop_instance "$WRITE_PORT"
}
WRITE_KEYS=()
for round in $(seq "$WRITE_ROUNDS"); do
	write_round "write-new-$round" "$NEW_JAR"
	write_round "write-old-$round" "$OLD_JAR"
	WRITE_KEYS+=("write-new-$round" "write-old-$round")
done
dropdb "${PG[@]}" --if-exists "${DB}_writes"

# 4. PostgreSQL unreachable: the instance reaches it through the forwarder, which is killed.
# Each endpoint gets a request every $DOWN_INTERVAL s from the kill on (or as soon as the one
# before has answered), the two side by side, so the rows show when answers turn fast.
declare -A DOWN_ROWS DOWN_SUMMARY DOWN_BACK
down_test() { # build jar database samples
	local build=$1 db=$3 samples=$4 killed t path pids=() file first
	JAR=$2
	start_forwarder
	start_instance "down-$build" "$DOWN_PORT" "$db" KEEL_LIBRARY_CACHE_ENABLED=false \
		KEEL_DB_URL="jdbc:postgresql://127.0.0.1:$FORWARD_PORT/$db"
	[[ $build == new ]] || seed_authors "$db"
	for _ in $(seq 20); do curl -sf -o /dev/null "$(url "$DOWN_PORT" /authors/1)" || die "GET /authors/1 failed before the fault"; done
	log "down-$build: killing the forwarder; $samples timed requests to each endpoint"
	kill_forwarder
	killed=$(now)
	for path in /authors/1 /actuator/health; do
		(
			for n in $(seq "$samples"); do
				# Not before (n - 1) × the interval after the kill.
				sleep "$(awk -v k="$killed" -v n="$n" -v i="$DOWN_INTERVAL" -v t="$(now)" \
					'BEGIN { d = k + (n - 1) * i - t; printf "%.2f", (d > 0) ? d : 0 }')"
				stamp=$(since "$killed")
				read -r code seconds retry <<<"$(timed "$(url "$DOWN_PORT" "$path")" "$OLD_MAX_TIME")"
				echo "$path $n $stamp $code $seconds $retry"
			done
		) >"$WORK/down-$build-${path//\//_}.txt" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do wait "$pid"; done
	DOWN_ROWS[$build]=
	for path in /authors/1 /actuator/health; do
		file=$WORK/down-$build-${path//\//_}.txt
		DOWN_ROWS[$build]+=$(awk '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$file")$'\n'
		# Of the requests sent 1 s or more after the kill: "median max statuses settled", where
		# settled is when the requests began to all answer within 0.1 s ("never" if the last did not).
		DOWN_SUMMARY[$build$path]=$(awk '$3 >= 1' "$file" | sort -k5,5g | awk '{ t[NR] = $5; c[$4]++ } END {
			if (NR == 0) { print "0 0 none"; exit }
			m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			codes = ""; for (k in c) codes = codes (codes ? "," : "") c[k] "×" k
			printf "%.4f %.4f %s", m, t[NR], codes }')
		DOWN_SUMMARY[$build$path]+=" $(awk '$4 != 503 || $5 >= 0.1 { s = ""; next } s == "" { s = $3 }
			END { print (s == "") ? "never" : s " s" }' "$file")"
	done
	# Back: the forwarder again, until the database answers.
	start_forwarder
	t=$(now)
	first=
	for _ in $(seq 120); do
		if curl -sf --max-time 5 -o /dev/null "$(url "$DOWN_PORT" /authors/1)"; then first=$(since "$t"); break; fi
		sleep 0.5
	done
	DOWN_BACK[$build]=${first:-not within a minute}
	log "down-$build: GET /authors/1 answered 200 again ${first:-not within a minute} s after the forwarder came back"
	stop_instance "$DOWN_PORT"
	kill_forwarder
}
rm -f "$WORK"/down-*.txt
down_test new "$NEW_JAR" "$DB" "$DOWN_SAMPLES"
reset_database "${DB}_old"
down_test old "$OLD_JAR" "${DB}_old" "$OLD_DOWN_SAMPLES"
dropdb "${PG[@]}" --if-exists "${DB}_old"
LOAD_END=$(load_average)

# --- Report --------------------------------------------------------------------------------

thousands() {
	awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); o = ""
		while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		print s o }'
}
ms() { awk -v t="$1" 'BEGIN { printf((t < 10) ? "%.2f ms" : (t < 10000) ? "%.1f ms" : "%.2f s", (t < 10000) ? t : t / 1000) }'; }
mean() { awk '{ s += $1; n++ } END { printf "%.3f", s / n }'; }

errors_note() { [[ ${ERRORS[$1]} == 0 ]] || echo "; **${ERRORS[$1]} wrk errors**"; }
row() { # key label notes
	echo "| $2 | $(thousands "${RPS[$1]}") | $(ms "${P50[$1]}") | $(ms "${P99[$1]}") | $3$(errors_note "$1") |"
}

# Writes: the mean of the rounds per build.
write_mean() { # build field
	local -n values=$2
	for key in "${WRITE_KEYS[@]}"; do
		if [[ $key == write-$1-* ]]; then echo "${values[$key]}"; fi
	done | mean
}
W_NEW_RPS=$(write_mean new RPS)
W_OLD_RPS=$(write_mean old RPS)
W_NEW_P50=$(write_mean new P50)
W_OLD_P50=$(write_mean old P50)
W_NEW_P99=$(write_mean new P99)
W_OLD_P99=$(write_mean old P99)
WRITE_COST=$(awk -v n="$W_NEW_RPS" -v o="$W_OLD_RPS" 'BEGIN { printf "%+.1f %%", 100 * (n / o - 1) }')
# Machine time per write at saturation: the two cores over the throughput.
WRITE_US=$(awk -v n="$W_NEW_RPS" -v o="$W_OLD_RPS" -v c="$(nproc)" 'BEGIN { printf "%+.0f", c * 1e6 * (1 / n - 1 / o) }')

down_cells() { # build path
	local median max codes settled
	read -r median max codes settled <<<"${DOWN_SUMMARY[$1$2]}"
	echo "— | $(ms "$(awk -v s="$median" 'BEGIN { print s * 1000 }')") | $(ms "$(awk -v s="$max" 'BEGIN { print s * 1000 }')") (max) |" \
		"requests sent 1 s or more after the kill: ${codes//×/ × }; every answer 503 within 0.1 s from: ${settled}"
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
REPORT=$WORK/report.md
{
	echo "# Faults benchmark, $STARTED_AT"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc) × ${cpu:-unknown}; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- Load average (1, 5, 15 min): $LOAD_START at the start, $LOAD_END at the end; the machine is shared" \
		"with other builds and tests, and each run's own figure is in the last table"
	echo "- Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
	echo "- PostgreSQL: $(psql_in postgres -c 'SHOW server_version') on $PG_HOST:$PG_PORT; Redis:" \
		"$(redis_version) of this run alone (port $REDIS_PORT, no persistence), the one frozen"
	echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); service, PostgreSQL, Redis and wrk share the machine"
	echo "- Keel: $NEW_COMMIT (\"new\") and $OLD_COMMIT (\"old\", before the outbox, the Redis circuit and the" \
		"fail-fast pool), production profile"
	echo "- Load: wrk -t2 -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT --latency, after warm-up runs of $WARMUP" \
		"until throughput stops rising; $(thousands "$AUTHORS") authors seeded in SQL, GET /authors/{id} with a" \
		"random id of all of them on every request (bench/library-random.lua)"
	echo
	echo "## Results"
	echo
	echo "| measurement | req/s | p50 | p99 | notes |"
	echo "|---|---:|---:|---:|---|"
	row read-on "GET /authors/{id}, cache on, Redis healthy" "${NOTE[read-on]}"
	row read-off "GET /authors/{id}, cache off (KEEL_LIBRARY_CACHE_ENABLED=false)" "the database alone: the ceiling for a read that bypasses Redis"
	row read-frozen "GET /authors/{id}, cache on, Redis frozen (SIGSTOP)" \
		"${NOTE[read-frozen]}; circuit open ${CIRCUIT_OPEN} s after SIGSTOP under load, measured after ${WARMUP_RUNS[read-frozen]} warm-up runs past that"
	row read-thawed "GET /authors/{id}, cache on, right after SIGCONT" "${NOTE[read-thawed]}; first read through the cache $RECOVERED s after SIGCONT"
	row old-read-on "old: GET /authors/{id}, cache on, Redis healthy" "${NOTE[old-read-on]}"
	row old-read-frozen "old: GET /authors/{id}, cache on, Redis frozen" "no circuit: every read waits for the 1 s Redis timeout; no warm-up"
	echo "| POST /books, new (mean of $WRITE_ROUNDS) | $(thousands "$W_NEW_RPS") | $(ms "$W_NEW_P50") | $(ms "$W_NEW_P99") | with the outbox; against old: throughput $WRITE_COST, machine time per write $WRITE_US µs |"
	echo "| POST /books, old (mean of $WRITE_ROUNDS) | $(thousands "$W_OLD_RPS") | $(ms "$W_OLD_P50") | $(ms "$W_OLD_P99") | evictions straight to Redis after the commit |"
	echo "| PostgreSQL unreachable, new: GET /authors/1 | $(down_cells new /authors/1); answers again ${DOWN_BACK[new]} s after the database is back |"
	echo "| PostgreSQL unreachable, new: GET /actuator/health | $(down_cells new /actuator/health) |"
	echo "| PostgreSQL unreachable, old: GET /authors/1 | $(down_cells old /authors/1); curl --max-time $OLD_MAX_TIME (000: gave up); answers again ${DOWN_BACK[old]} s after the database is back |"
	echo "| PostgreSQL unreachable, old: GET /actuator/health | $(down_cells old /actuator/health); curl --max-time $OLD_MAX_TIME (000: gave up) |"
	echo
	echo "- Redis frozen: the benchmark's own redis-server gets SIGSTOP, so its connections stay open and" \
		"nothing answers, as with a hung host. Under load, the new build counted $CIRCUIT_NOTE before" \
		"the first bypassed read (the circuit's opening) $CIRCUIT_OPEN s after SIGSTOP. Bypassed reads go" \
		"to the database (keel_cache_gets_total{result=\"bypass\"})."
	echo "- After SIGCONT the new build's background probe finds Redis again and reads count hits and" \
		"misses once more; hits over the cached instance's life: $(thousands "$HIT_TOTAL")."
	echo "- POST /books: bench/library-post.lua (a new title, a past publish date, 1 to 3 random authors of" \
		"$(thousands "$AUTHORS")), cache on, Redis healthy. Each run on a fresh database (${DB}_writes, dropped" \
		"and recreated, the same authors seeded) and an emptied Redis, the builds alternated. Machine time" \
		"per write is $(nproc) cores / throughput; the difference is what recording and deleting the" \
		"evictions in cache_evictions adds (plus anything else that changed between the builds)."
	echo "- PostgreSQL unreachable: the instance (cache off, so that every GET needs the database) reaches" \
		"PostgreSQL through socat on port $FORWARD_PORT; killing socat's process group closes the pooled" \
		"connections and refuses new ones. Each endpoint gets a request every $DOWN_INTERVAL s from the kill on" \
		"(later when the one before is still waiting), the two endpoints side by side; the table below has" \
		"every one, with the time it was sent."
	echo
	echo "## Database unreachable, request by request"
	echo
	for build in new old; do
		echo "### $build"
		echo
		echo "| request | sample | sent, s after the kill | status | seconds | Retry-After |"
		echo "|---|---|---:|---|---:|---|"
		printf '%s' "${DOWN_ROWS[$build]}"
		echo
	done
	echo "## Runs one by one"
	echo
	echo "| run | warm-up runs | req/s | p50 | p99 | answers | wrk errors | load average at the start | notes |"
	echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
	for key in read-off read-on old-read-on read-frozen old-read-frozen read-thawed "${WRITE_KEYS[@]}"; do
		note=${NOTE[$key]:-}
		[[ $key != write-* ]] || note="$(thousands "${CREATED[$key]}") books stored (warm-up included); rows left in cache_evictions: ${OWED[$key]}"
		echo "| $key | ${WARMUP_RUNS[$key]} | $(thousands "${RPS[$key]}") | $(ms "${P50[$key]}") | $(ms "${P99[$key]}") |" \
			"$(thousands "${SENT[$key]}") | ${ERRORS[$key]} | ${LOAD[$key]} | $note |"
	done
} >"$REPORT"

cat "$REPORT"
save_report faults "$REPORT"
