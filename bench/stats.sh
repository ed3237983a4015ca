#!/usr/bin/env bash
# Request-statistics benchmark: GET /api/... with and without request counting, the loss
# check (every request the service handled is counted), POST /test/100000/, and GET /stats/
# over a million distinct URLs. See bench/README.md.
#
#   bench/stats.sh                       # from the repository root
#   KEEL_REV=HEAD DURATION=10s bench/stats.sh
#   BENCH_QUICK=1 DB=keel_bench_smoke KEEL_BENCH_REDIS_URL=redis://127.0.0.1:6379/9 bench/stats.sh
#
# Progress goes to stderr; the report (machine, the table, the loss check, the runs one by
# one and where the CPU went) goes to stdout and to bench/results/stats-<UTC timestamp>.md.
# Everything bulky (build and server logs, raw wrk output) stays in bench/work/stats/,
# which git ignores. Addresses, ports and BENCH_QUICK (a smoke run of a minute or two):
# see bench/lib.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	# A smoke run: every step once, on small numbers. Its report says so in its settings.
	: "${DURATION:=2s}" "${ROUNDS:=1}" "${WARMUP:=1s}" "${WARMUP_MIN:=1}" "${WARMUP_MAX:=1}"
	: "${TEST_REQUESTS:=200}" "${TEST_WARMUP:=0}" "${TEST_RUNS:=1}" "${SEED_URLS:=2000}"
fi
DURATION=${DURATION:-20s}          # one measured wrk run
CONNECTIONS=${CONNECTIONS:-64}     # wrk connections for GET /api/... and for seeding
ROUNDS=${ROUNDS:-3}                # measured runs each of counting on and off, alternated
WARMUP=${WARMUP:-5s}               # one warm-up run; they repeat until throughput stops rising
WARMUP_MIN=${WARMUP_MIN:-8}        # warm-up runs at least: the JIT takes 30 to 60 s here
WARMUP_MAX=${WARMUP_MAX:-16}       # warm-up runs at most, per instance and per page
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}    # wrk's default (2 s) drops slower requests from the percentiles
TEST_REQUESTS=${TEST_REQUESTS:-100000} # n of POST /test/{n}/
TEST_WARMUP=${TEST_WARMUP:-1}      # unmeasured test runs first: the service's HTTP client starts cold
TEST_RUNS=${TEST_RUNS:-3}          # measured test runs; the median is reported
SEED_URLS=${SEED_URLS:-1000000}    # distinct URLs stored before GET /stats/ is measured
STATS_CONNECTIONS=${STATS_CONNECTIONS:-8} # wrk connections for GET /stats/
DEEP_OFFSET=${DEEP_OFFSET:-$((SEED_URLS * 9 / 10))} # offset of the deep page
# A Redis database of its own (KEEL_BENCH_REDIS_URL, by default this index): the script
# empties it, which must not touch the test suites' keys on the same server.
REDIS_DEFAULT_DB=14
DB=${DB:-keel_bench}               # PostgreSQL database of the instances (created if missing)
# Empty: build the working tree. A commit (KEEL_REV=HEAD): build that, from a clean export.
KEEL_REV=${KEEL_REV:-}

# Apart from bench/rates.sh's files, so that the two can run one after the other without
# rebuilding each other's jar.
WORK=bench/work/stats
SEED_SCRIPT=bench/stats-seed.lua
# The path under load: one URL, so that the loss check compares one count.
LOAD_PATH=/api/bench/load
# After a run: longer than the flush interval (100 ms in production), so every count has
# reached Redis, and than any request still in the server when wrk stopped.
SETTLE=1

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/stats.sh: %s\033[0m\n' "$*" >&2; exit 1; }

for name in CONNECTIONS ROUNDS WARMUP_MIN WARMUP_MAX TEST_REQUESTS TEST_WARMUP TEST_RUNS SEED_URLS \
	STATS_CONNECTIONS DEEP_OFFSET; do
	[[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number, not '${!name}'"
done
((ROUNDS >= 1 && TEST_RUNS >= 1 && CONNECTIONS >= 2 && STATS_CONNECTIONS >= 2)) ||
	die "ROUNDS and TEST_RUNS must be at least 1, CONNECTIONS and STATS_CONNECTIONS at least 2 (wrk runs 2 threads)"
((TEST_REQUESTS >= 1 && TEST_REQUESTS <= 1000000)) || die "TEST_REQUESTS must be 1 to 1,000,000 (the service's range)"
((SEED_URLS >= 200 && DEEP_OFFSET + 100 <= SEED_URLS)) ||
	die "SEED_URLS must be at least 200 and DEEP_OFFSET + 100 at most SEED_URLS"

mkdir -p "$WORK"

# Addresses (KEEL_BENCH_DB_URL, KEEL_BENCH_REDIS_URL), instances and reports.
source bench/lib.sh
require_tools wrk python3 psql createdb curl
# The instance under load with counting on, and the bare one; free ports unless set.
pick_port COUNTED_PORT
pick_port BARE_PORT

# A JDK 21+ ($JAVA), and the jar under test built into $WORK ($JAR, $COMMIT).
source bench/build-jar.sh

# The instances only need the schema Flyway creates; bench/rates.sh drops and recreates
# its database with its data, which does not matter here.
ensure_database "$DB"

# --- Service calls -------------------------------------------------------------------------

reset_counts() { # port
	local code
	code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$(url "$1" /stats/)") || die "DELETE /stats/ on port $1 failed"
	[[ $code == 204 ]] || die "DELETE /stats/ on port $1 answered $code"
}

# GET /stats/ (any query) on port $1, printed as one line: total_requests distinct_urls
# items, the sum of the counts of /api/ URLs in the page and how many they are. Checks the
# page's order on the way (most requested first, ties by URL ascending).
stats_page() { # port query
	curl -sf "$(url "$1" "/stats/?$2")" | python3 -c '
import json, sys
page = json.load(sys.stdin)
items = page["items"]
keys = [(-i["count"], i["url"].encode()) for i in items]
if keys != sorted(keys):
    sys.exit("GET /stats/: the page is not in the report order")
api = [i["count"] for i in items if i["url"].startswith("/api/")]
print(page["total_requests"], page["distinct_urls"], len(items), sum(api), len(api))
'
}

# Requests the server handled on the /api/ routes so far, from its own metrics (Spring's
# http.server.requests timer, every status): counted independently of the stats module.
handled_api() { # port
	curl -sf "$(url "$1" /actuator/prometheus)" | awk '
		/^http_server_requests_seconds_count\{/ && /uri="\/api\// { n += $NF; found = 1 }
		END { if (!found) exit 1; printf "%.0f\n", n }'
}

# One of the service's own counters (summed over its series), 0 when absent.
service_metric() { # port name
	curl -sf "$(url "$1" /actuator/prometheus)" | awk -v m="$2" '
		index($0, m) == 1 && (substr($0, length(m) + 1, 1) ~ /[ {]/) { n += $NF } END { printf "%.0f\n", n }'
}

# Both instances answer the simulated API, and only the counting one counts: a benchmark
# of a bare endpoint that secretly counts (or the reverse) would compare nothing.
check_instances() {
	local body expected="{\"path\":\"$LOAD_PATH\"}" page
	for port in "$COUNTED_PORT" "$BARE_PORT"; do
		body=$(curl -sf "$(url "$port" "$LOAD_PATH")") || die "GET $LOAD_PATH on port $port failed"
		[[ $body == "$expected" ]] || die "GET $LOAD_PATH on port $port answered $body, expected $expected"
	done
	handled_api "$COUNTED_PORT" >/dev/null || die "no http_server_requests_seconds_count for the /api/ route in /actuator/prometheus"
	reset_counts "$COUNTED_PORT"
	curl -sf "$(url "$BARE_PORT" "$LOAD_PATH")" >/dev/null
	sleep "$SETTLE"
	page=$(stats_page "$COUNTED_PORT" "limit=100") || die "GET /stats/ failed"
	[[ $(cut -d' ' -f4 <<<"$page") == 0 ]] || die "the instance with KEEL_STATS_COUNTING=false counted its request"
	curl -sf "$(url "$COUNTED_PORT" "$LOAD_PATH")" >/dev/null
	page=$(stats_page "$COUNTED_PORT" "limit=100") || die "GET /stats/ failed"
	[[ $(cut -d' ' -f4 <<<"$page") == 1 ]] || die "the counting instance did not count its request ($page)"
	log "Checked: both instances answer $LOAD_PATH; the bare one does not count, the other does"
}

# --- Measurements --------------------------------------------------------------------------

now() { date +%s.%N; }

# wrk latency ("850.00us", "4.21ms", "1.04s", "1.20m") in milliseconds.
to_ms() {
	awk -v t="$1" 'BEGIN {
		if (t ~ /us$/) f = 0.001; else if (t ~ /ms$/) f = 1; else if (t ~ /m$/) f = 60000; else f = 1000
		sub(/[a-z]+$/, "", t); printf "%.3f", t * f }'
}

# Median of the numbers given.
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
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
# wrk (its user and system seconds, "0 0" without wrk) and anything else (the idle
# instance, other people's builds and tests on a shared box).
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

declare -A RPS P50 P99 ERRORS SENT

# One measured wrk run of $DURATION on $2 with $4 connections against the instance on port
# $3; keeps req/s, p50, p99, the requests wrk saw answered, the errors it saw and where the
# CPU went meanwhile.
run_wrk() { # key url port connections
	local key=$1 url=$2 port=$3 connections=$4 out wrk_cpu TIMEFORMAT='%U %S'
	out=$WORK/wrk-$key.txt
	cpu_begin "${INSTANCE_PID[$port]}"
	# wrk needs a connection per thread at least.
	{ time wrk -t"$((connections < 2 ? 1 : 2))" -c"$connections" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency "$url" >"$out"; } 2>"$out.cpu"
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
warm_up() { # key url connections
	local key=$1 url=$2 connections=$3 best=0 rps runs=0 flat=0 trail=""
	while ((runs < WARMUP_MAX)); do
		rps=$(wrk -t2 -c"$connections" -d"$WARMUP" --timeout "$WRK_TIMEOUT" "$url" | awk '/^Requests\/sec:/ { print $2 }') || true
		[[ -n $rps ]] || die "$key: warm-up run against $url failed"
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

# A measured run on the counting instance, with the loss check around it: the counts are
# reset, the server's own count of /api/ requests is read before and after, and once the
# last counts are in Redis the two deltas must agree. wrk's own figure leaves out the
# requests in flight when it stopped, which the server still handled and counted.
declare -A HANDLED COUNTED LOST LOSS_OK
measure_counted() { # key
	local key=$1 before after page counted urls
	sleep "$SETTLE" # the warm-up's or the last run's requests in flight are done
	reset_counts "$COUNTED_PORT"
	before=$(handled_api "$COUNTED_PORT") || die "cannot read /actuator/prometheus"
	run_wrk "$key" "$(url "$COUNTED_PORT" "$LOAD_PATH")" "$COUNTED_PORT" "$CONNECTIONS"
	sleep "$SETTLE"
	after=$(handled_api "$COUNTED_PORT") || die "cannot read /actuator/prometheus"
	page=$(stats_page "$COUNTED_PORT" "limit=100") || die "GET /stats/ failed"
	read -r _ _ _ counted urls <<<"$page"
	((urls <= 1)) || die "$key: $urls /api/ URLs counted, expected only $LOAD_PATH"
	HANDLED[$key]=$((after - before))
	COUNTED[$key]=$counted
	LOST[$key]=$((HANDLED[$key] - counted))
	if ((LOST[$key] == 0 && SENT[$key] <= counted && counted <= SENT[$key] + CONNECTIONS)); then
		LOSS_OK[$key]=yes
	else
		LOSS_OK[$key]=no
	fi
	log "$key: wrk saw ${SENT[$key]} answers, the server handled ${HANDLED[$key]}, counted $counted," \
		"lost ${LOST[$key]}"
}

# POST /test/$TEST_REQUESTS/ on the counting instance, polled until finished.
declare -A T_ELAPSED T_COMPLETED T_FAILED T_RPS
test_run() { # key
	local key=$1 code location view waited=0 pid=${INSTANCE_PID[$COUNTED_PORT]} fields elapsed completed failed rate
	cpu_begin "$pid"
	code=$(curl -s -o "$WORK/$key.json" -D "$WORK/$key.headers" -w '%{http_code}' -X POST \
		"$(url "$COUNTED_PORT" "/test/$TEST_REQUESTS/")") || die "POST /test/$TEST_REQUESTS/ failed"
	[[ $code == 202 ]] || die "POST /test/$TEST_REQUESTS/ answered $code: $(head -c 300 "$WORK/$key.json")"
	location=$(awk 'tolower($1) == "location:" { print $2 }' "$WORK/$key.headers" | tr -d '\r')
	[[ -n $location ]] || die "POST /test/$TEST_REQUESTS/ answered without a Location"
	[[ $location == http* ]] || location=$(url "$COUNTED_PORT" "$location")
	# Polled with curl alone, twice a second: a python per poll would take CPU from the run.
	while :; do
		view=$(curl -sf "$location") || die "GET $location failed"
		[[ $view == *'"state":"finished"'* ]] && break
		[[ $view == *'"state":"running"'* ]] || die "$key: unexpected answer from GET $location: $view"
		((waited < 2400)) || die "$key: not finished after 20 minutes: $view"
		sleep 0.5
		waited=$((waited + 1))
	done
	cpu_end "$key" "$pid" "0 0"
	echo "$view" >"$WORK/$key.json"
	fields=$(python3 -c '
import json, sys
run = json.load(sys.stdin)
if run["completed"] + run["failed"] == run["requested"]:
    print(run["elapsed_ms"], run["completed"], run["failed"], run["requests_per_second"])' <<<"$view")
	[[ -n $fields ]] || die "$key: a finished run whose completed and failed requests do not add up: $view"
	read -r elapsed completed failed rate <<<"$fields"
	T_ELAPSED[$key]=$elapsed T_COMPLETED[$key]=$completed T_FAILED[$key]=$failed T_RPS[$key]=$rate
	log "$key: ${T_ELAPSED[$key]} ms, ${T_COMPLETED[$key]} completed, ${T_FAILED[$key]} failed," \
		"${T_RPS[$key]} req/s, CPU (service, PostgreSQL, Redis, -, other) ${CPU[$key]}"
}

# Distinct URLs through the real service: wrk with a script that asks for a new path on
# every request, in rounds until the report shows $SEED_URLS URLs. The first round is sized
# from the counted throughput, the next ones from the rate of the rounds before.
SEED_ROUNDS=0 SEED_SENT=0 SEED_ERRORS=0 SEED_SECONDS=0 SEED_LOAD_SECONDS=0 SEED_DISTINCT=0
seed() {
	local port=$COUNTED_PORT secs distinct=0 before page started wrk_cpu=0 out TIMEFORMAT='%U %S'
	log "Seeding $SEED_URLS distinct URLs with $SEED_SCRIPT over $CONNECTIONS connections"
	reset_counts "$port"
	secs=$(awk -v n="$SEED_URLS" -v r="$COUNTED_RPS" 'BEGIN { t = int(n / r / 2); print (t < 1) ? 1 : (t > 30) ? 30 : t }')
	started=$(now)
	cpu_begin "${INSTANCE_PID[$port]}"
	while ((distinct < SEED_URLS)); do
		SEED_ROUNDS=$((SEED_ROUNDS + 1))
		((SEED_ROUNDS <= 50)) || die "seeding: only $distinct distinct URLs after 50 rounds"
		out=$WORK/wrk-seed-$SEED_ROUNDS.txt
		{ time wrk -t2 -c"$CONNECTIONS" -d"${secs}s" --timeout "$WRK_TIMEOUT" -s "$SEED_SCRIPT" \
			"$(url "$port" /api/seed/)" -- "$SEED_ROUNDS" >"$out"; } 2>"$out.cpu"
		wrk_cpu=$(awk -v a="$wrk_cpu" '{ t = $1 + $2 } END { print a + t }' <(tail -1 "$out.cpu"))
		SEED_SENT=$((SEED_SENT + $(awk '/ requests in / { print $1 }' "$out")))
		SEED_LOAD_SECONDS=$((SEED_LOAD_SECONDS + secs))
		SEED_ERRORS=$((SEED_ERRORS + $(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
			END { print n + 0 }' "$out")))
		before=$distinct
		sleep "$SETTLE"
		page=$(stats_page "$port" "limit=1") || die "GET /stats/ failed"
		distinct=$(cut -d' ' -f2 <<<"$page")
		log "seeding round $SEED_ROUNDS: ${secs} s, $(awk '/^Requests\/sec:/ { print $2 }' "$out") req/s," \
			"$distinct distinct URLs"
		((distinct > before)) || die "seeding: distinct_urls does not grow ($distinct)"
		# Long enough for the rest at this round's rate, plus 5%.
		secs=$(awk -v need=$((SEED_URLS - distinct)) -v got=$((distinct - before)) -v s="$secs" '
			BEGIN { t = int(need / (got / s) * 1.05) + 1; print (t > 300) ? 300 : t }')
	done
	SEED_SECONDS=$(awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
	cpu_end seed "${INSTANCE_PID[$port]}" "$wrk_cpu 0"
	SEED_DISTINCT=$distinct
}

# GET /stats/ over the seeded URLs: checks the page (size, order) first, then warms up and
# measures. $4: warm up first, or not (a page whose code path is already warm).
measure_stats() { # key query connections warm
	local key=$1 query=$2 connections=$3 page expected items distinct
	page=$(stats_page "$COUNTED_PORT" "$query") || die "GET /stats/?$query failed"
	read -r _ distinct items _ _ <<<"$page"
	expected=$(python3 -c '
import sys, urllib.parse
q = dict(urllib.parse.parse_qsl(sys.argv[1]))
print(max(0, min(int(q.get("limit", 100)), int(sys.argv[2]) - int(q.get("offset", 0)))))' "$query" "$distinct")
	((items == expected && distinct >= SEED_URLS)) ||
		die "GET /stats/?$query: $items items of $distinct URLs, expected $expected of at least $SEED_URLS"
	if [[ $4 == warm ]]; then
		log "$key: warm-up, then $DURATION of GET /stats/?$query with $connections connections"
		warm_up "$key" "$(url "$COUNTED_PORT" "/stats/?$query")" "$connections"
	else
		log "$key: $DURATION of GET /stats/?$query with $connections connection(s), no warm-up"
		WARMUP_RUNS[$key]=0
	fi
	sleep "$SETTLE"
	run_wrk "$key" "$(url "$COUNTED_PORT" "/stats/?$query")" "$COUNTED_PORT" "$connections"
	STATS_ITEMS[$key]=$items
}

# --- Run -----------------------------------------------------------------------------------

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
declare -A STATS_ITEMS

start_instance counted "$COUNTED_PORT" "$DB" KEEL_STATS_COUNTING=true
start_instance bare "$BARE_PORT" "$DB" KEEL_STATS_COUNTING=false
check_instances

# Both warm before either is measured, then measured alternately, so that whatever else
# the machine does meanwhile falls on both alike.
log "Warming up both instances: GET $LOAD_PATH, $CONNECTIONS connections, runs of $WARMUP"
warm_up warm-counted "$(url "$COUNTED_PORT" "$LOAD_PATH")" "$CONNECTIONS"
warm_up warm-bare "$(url "$BARE_PORT" "$LOAD_PATH")" "$CONNECTIONS"
for round in $(seq "$ROUNDS"); do
	measure_counted "counted-$round"
	sleep "$SETTLE"
	run_wrk "bare-$round" "$(url "$BARE_PORT" "$LOAD_PATH")" "$BARE_PORT" "$CONNECTIONS"
done
stop_instance "$BARE_PORT"

median_of() { # prefix field-array
	local -n values=$2
	local all=() round
	for round in $(seq "$ROUNDS"); do all+=("${values[$1-$round]}"); done
	median "${all[@]}"
}
COUNTED_RPS=$(median_of counted RPS)
BARE_RPS=$(median_of bare RPS)

log "Test runs: POST /test/$TEST_REQUESTS/, $TEST_WARMUP unmeasured, then $TEST_RUNS measured"
for run in $(seq "$TEST_WARMUP"); do test_run "test-warmup-$run"; done
for run in $(seq "$TEST_RUNS"); do test_run "test-$run"; done

seed
UNCOUNTED=$(service_metric "$COUNTED_PORT" keel_stats_uncounted_total)
STORE_ERRORS=$(service_metric "$COUNTED_PORT" keel_stats_store_errors_total)
REDIS_MEMORY=unknown
if command -v redis-cli >/dev/null; then
	# The counts' key is named under the deployment: {<prefix>keel:<id>:stats:}counts.
	COUNTS_KEY=$(redis_cli --scan --pattern '*stats:}counts' 2>/dev/null | head -n 1)
	REDIS_MEMORY=$(redis_cli MEMORY USAGE "$COUNTS_KEY" 2>/dev/null |
		awk '/^[0-9]+$/ { printf "about %.0f MiB", $1 / 1048576 }') || true
fi
REDIS_MEMORY=${REDIS_MEMORY:-unknown}

measure_stats stats-first "limit=100" "$STATS_CONNECTIONS" warm
measure_stats stats-deep "offset=$DEEP_OFFSET&limit=100" "$STATS_CONNECTIONS" warm
measure_stats stats-big "limit=10000" "$STATS_CONNECTIONS" warm
# Warm from the first page: the same code, one request at a time.
measure_stats stats-single "limit=100" 1 cold

# The seeded URLs would otherwise hold Redis memory until the next run.
log "Deleting the seeded counts (DELETE /stats/)"
reset_counts "$COUNTED_PORT"
stop_instances

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
met() { if [[ $1 == yes ]]; then echo yes; else echo "**$1**"; fi; }

list_of() { # prefix field-array [format-function]
	local -n values=$2
	local out=() round
	for round in $(seq "$ROUNDS"); do out+=("$(${3:-thousands} "${values[$1-$round]}")"); done
	local IFS=/
	echo "${out[*]}" | sed 's#/# / #g'
}

errors_of() { # prefix
	local n=0 round
	for round in $(seq "$ROUNDS"); do n=$((n + ERRORS[$1-$round])); done
	echo "$n"
}

# Throughput with counting (the target) and bare.
counted_errors=$(errors_of counted)
ok=yes
ge "$COUNTED_RPS" 15000 || ok=no
((counted_errors == 0)) || ok="no ($counted_errors errors)"
COUNTED_MET=$(met "$ok")
bare_errors=$(errors_of bare)

OVERHEAD=$(awk -v c="$COUNTED_RPS" -v b="$BARE_RPS" 'BEGIN { printf "%.1f", 100 * (1 - c / b) }')
ok=yes
lt "$OVERHEAD" 20 || ok=no
((counted_errors + bare_errors == 0)) || ok="no (wrk errors)"
OVERHEAD_MET=$(met "$ok")

# Loss over every counted run.
lost_total=0 handled_total=0 loss_ok=yes
for round in $(seq "$ROUNDS"); do
	lost_total=$((lost_total + LOST[counted-$round]))
	handled_total=$((handled_total + HANDLED[counted-$round]))
	[[ ${LOSS_OK[counted-$round]} == yes ]] || loss_ok=no
done
LOSS_MET=$(met "$loss_ok")

# Test runs: median duration, no failed request in any measured run.
elapsed=() rates=() failed_total=0
for run in $(seq "$TEST_RUNS"); do
	elapsed+=("${T_ELAPSED[test-$run]}")
	rates+=("${T_RPS[test-$run]}")
	failed_total=$((failed_total + T_FAILED[test-$run]))
done
TEST_ELAPSED=$(median "${elapsed[@]}")
TEST_RPS=$(median "${rates[@]}")
ok=yes
lt "$TEST_ELAPSED" 20000 || ok=no
((failed_total == 0)) || ok="no ($failed_total failed)"
TEST_MET=$(met "$ok")
seconds() { awk -v t="$1" 'BEGIN { printf "%.1f s", t / 1000 }'; }
test_list=$(for e in "${elapsed[@]}"; do seconds "$e"; echo; done | paste -sd/ | sed 's#/# / #g')

stats_verdict() { # key
	local ok=yes
	lt "${P50[$1]}" 20 || ok=no
	((ERRORS[$1] == 0)) || ok="no (${ERRORS[$1]} errors)"
	echo "p50 < 20 ms | $(met "$ok")"
}
stats_info() { # key: no target, but errors show
	if ((ERRORS[$1] == 0)); then echo "— | —"; else echo "— | **${ERRORS[$1]} errors**"; fi
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
redis_version=$(redis_version)
redis_version=${redis_version:-unknown}
seeded=$(thousands "$SEED_DISTINCT")
SEED_RPS=$(awk -v n="$SEED_SENT" -v s="$SEED_LOAD_SECONDS" 'BEGIN { print n / s }')

REPORT=$WORK/report.md
{
	echo "# Request statistics benchmark, $STARTED_AT"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc) × ${cpu:-unknown}; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
	echo "- PostgreSQL: $(psql "${PG[@]}" -X -A -t -d "$DB" -c 'SHOW server_version'); Redis: $redis_version (database $REDIS_DB)"
	echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); service, PostgreSQL, Redis and wrk share the machine"
	echo "- Keel: $COMMIT, production profile (counts in Redis, flush interval ${KEEL_STATS_FLUSH_INTERVAL:-100ms})"
	echo "- Load: wrk -t2 -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT --latency on GET $LOAD_PATH, counting on" \
		"and off alternately ($ROUNDS runs each, medians), after warm-up runs of $WARMUP until throughput stops" \
		"rising; GET /stats/ with $STATS_CONNECTIONS connections over $seeded URLs"
	echo
	echo "## Results"
	echo
	echo "| measurement | req/s | p50 | p99 | result | target | met? |"
	echo "|---|---:|---:|---:|---|---|---|"
	echo "| GET $LOAD_PATH, counting on (Redis), $CONNECTIONS connections, median of $ROUNDS |" \
		"$(thousands "$COUNTED_RPS") | $(ms "$(median_of counted P50)") | $(ms "$(median_of counted P99)") |" \
		"runs: $(list_of counted RPS) req/s | ≥ 15,000 req/s | $COUNTED_MET |"
	echo "| GET $LOAD_PATH, counting off (bare), $CONNECTIONS connections, median of $ROUNDS |" \
		"$(thousands "$BARE_RPS") | $(ms "$(median_of bare P50)") | $(ms "$(median_of bare P99)") |" \
		"runs: $(list_of bare RPS) req/s | — | $( ((bare_errors == 0)) && echo — || echo "**$bare_errors errors**") |"
	echo "| cost of counting | | | | 1 − $(thousands "$COUNTED_RPS") / $(thousands "$BARE_RPS") = $OVERHEAD % of throughput |" \
		"< 20 % | $OVERHEAD_MET |"
	echo "| lost counts, $ROUNDS counted runs | | | | $lost_total lost of $(thousands "$handled_total") handled | 0 | $LOSS_MET |"
	echo "| POST /test/$TEST_REQUESTS/, median of $TEST_RUNS after $TEST_WARMUP warm-up | $(thousands "$TEST_RPS") | | |" \
		"$(seconds "$TEST_ELAPSED") (runs: $test_list), $failed_total failed | < 20 s, 0 failed | $TEST_MET |"
	echo "| GET /stats/ (limit 100), $seeded URLs, $STATS_CONNECTIONS connections | $(thousands "${RPS[stats-first]}") |" \
		"$(ms "${P50[stats-first]}") | $(ms "${P99[stats-first]}") | $(thousands "${STATS_ITEMS[stats-first]}") items | $(stats_verdict stats-first) |"
	echo "| GET /stats/?offset=$DEEP_OFFSET&limit=100, $STATS_CONNECTIONS connections | $(thousands "${RPS[stats-deep]}") |" \
		"$(ms "${P50[stats-deep]}") | $(ms "${P99[stats-deep]}") | $(thousands "${STATS_ITEMS[stats-deep]}") items | $(stats_verdict stats-deep) |"
	echo "| GET /stats/?limit=10000, $STATS_CONNECTIONS connections | $(thousands "${RPS[stats-big]}") |" \
		"$(ms "${P50[stats-big]}") | $(ms "${P99[stats-big]}") | $(thousands "${STATS_ITEMS[stats-big]}") items | $(stats_info stats-big) |"
	echo "| GET /stats/ (limit 100), 1 connection | $(thousands "${RPS[stats-single]}") |" \
		"$(ms "${P50[stats-single]}") | $(ms "${P99[stats-single]}") | $(thousands "${STATS_ITEMS[stats-single]}") items | $(stats_info stats-single) |"
	echo
	echo "Loss check: $lost_total lost counts over $ROUNDS runs (lost = handled by the server − counted);" \
		"$(thousands "$handled_total") requests handled, every count accounted for: $LOSS_MET."
	echo
	echo "| counted run | wrk's answered requests | handled (Prometheus, /api/ route) | counted (GET /stats/) | lost | wrk ≤ counted ≤ wrk + $CONNECTIONS |"
	echo "|---|---:|---:|---:|---:|---|"
	for round in $(seq "$ROUNDS"); do
		k=counted-$round
		echo "| $round | $(thousands "${SENT[$k]}") | $(thousands "${HANDLED[$k]}") | $(thousands "${COUNTED[$k]}") |" \
			"${LOST[$k]} | $( ((SENT[$k] <= COUNTED[$k] && COUNTED[$k] <= SENT[$k] + CONNECTIONS)) && echo yes || echo '**no**') |"
	done
	echo
	echo "- Counting on: port $COUNTED_PORT; counting off: port $BARE_PORT, KEEL_STATS_COUNTING=false, the same" \
		"handler with no counting. One instance under load at a time; the bare one is stopped after its runs."
	echo "- Loss check: DELETE /stats/ before each counted run; after it, $SETTLE s (flush interval" \
		"${KEEL_STATS_FLUSH_INTERVAL:-100ms}), then the delta of http_server_requests_seconds_count for the /api/ route" \
		"(every status) against the count of $LOAD_PATH in GET /stats/, which first flushes the instance's pending" \
		"counts. wrk's own figure leaves out the requests in flight when it stopped."
	echo "- Seeding: $(thousands "$SEED_SENT") requests to /api/seed/<round>-<thread>-<n>, a new URL each" \
		"(bench/stats-seed.lua, $CONNECTIONS connections); wrk runs: $SEED_ROUNDS, $SEED_LOAD_SECONDS s of load at" \
		"$(thousands "$SEED_RPS") req/s, $SEED_SECONDS s with the checks between runs; $SEED_ERRORS wrk errors;" \
		"$seeded distinct URLs stored; the sorted set takes $REDIS_MEMORY in Redis (MEMORY USAGE)."
	echo "- Service counters at the end of seeding: keel_stats_uncounted_total $UNCOUNTED," \
		"keel_stats_store_errors_total $STORE_ERRORS."
	echo "- POST /test/{n}/: the service's own run (keel.stats.test-runs.concurrency, default 32 in flight," \
		"over loopback to itself); elapsed_ms and requests_per_second as GET /test/runs/{id} reports them." \
		"Warm-up: $(for run in $(seq "$TEST_WARMUP"); do seconds "${T_ELAPSED[test-warmup-$run]}"; done | paste -sd, | sed 's/,/, /g')."
	echo "- GET /stats/ requests are counted too (all under /stats/, the query is not part of the URL), so the" \
		"report changes as it is read; every one first flushes the instance's pending counts."
	echo "- wrk keeps $CONNECTIONS requests in flight, so once the machine is saturated p50 is about" \
		"$CONNECTIONS / throughput."
	echo
	echo "## Runs one by one"
	echo
	echo "CPU in cores, of $(nproc); \"other\" is everything else on the machine (the idle instance, other people's work)."
	echo
	echo "| run | warm-up runs | req/s | p50 | p99 | wrk errors | service JVM | PostgreSQL | Redis | wrk | other |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for round in $(seq "$ROUNDS"); do
		for kind in counted bare; do
			k=$kind-$round
			read -r svc pg rd wk other <<<"${CPU[$k]}"
			warm=${WARMUP_RUNS[warm-$kind]}
			((round == 1)) || warm="—"
			echo "| $kind $round | $warm | $(thousands "${RPS[$k]}") | $(ms "${P50[$k]}") | $(ms "${P99[$k]}") |" \
				"${ERRORS[$k]} | $svc | $pg | $rd | $wk | $other |"
		done
	done
	for k in stats-first stats-deep stats-big stats-single; do
		read -r svc pg rd wk other <<<"${CPU[$k]}"
		echo "| $k | ${WARMUP_RUNS[$k]} | $(thousands "${RPS[$k]}") | $(ms "${P50[$k]}") | $(ms "${P99[$k]}") |" \
			"${ERRORS[$k]} | $svc | $pg | $rd | $wk | $other |"
	done
	read -r svc pg rd wk other <<<"${CPU[seed]}"
	echo "| seeding | — | $(thousands "$SEED_RPS") | | |" \
		"$SEED_ERRORS | $svc | $pg | $rd | $wk | $other |"
	echo
	echo "| test run | elapsed | completed | failed | req/s | service JVM | PostgreSQL | Redis | other |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for k in $(for run in $(seq "$TEST_WARMUP"); do echo "test-warmup-$run"; done) \
		$(for run in $(seq "$TEST_RUNS"); do echo "test-$run"; done); do
		read -r svc pg rd _ other <<<"${CPU[$k]}"
		echo "| $k | $(seconds "${T_ELAPSED[$k]}") | $(thousands "${T_COMPLETED[$k]}") | ${T_FAILED[$k]} |" \
			"$(thousands "${T_RPS[$k]}") | $svc | $pg | $rd | $other |"
	done
} >"$REPORT"

cat "$REPORT"
save_report stats "$REPORT"
