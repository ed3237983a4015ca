#!/usr/bin/env bash
# Price batches benchmark: POST /rates/batches on the production profile (PostgreSQL,
# Redis, RabbitMQ), one instance. Measures what PostgreSQL's COPY alone takes for a
# million prices (the ceiling), one million-price CSV from the first byte sent until it is
# applied, a burst of 20 batches from 4 clients (all applied, none lost, in acceptance
# order), and uncached GET /rates p99 idle and while a million-price batch is applied.
# See bench/README.md.
#
#   bench/batches.sh                     # from the repository root
#   BENCH_QUICK=1 bench/batches.sh       # a smoke run: small batches, short wrk runs
#
# Progress goes to stderr; the report goes to stdout and to
# bench/results/batches-<UTC timestamp>.md. Everything bulky (the generated CSV files,
# build and server logs, raw wrk and curl output, query plans) stays in
# bench/work/batches/, which git ignores. Addresses and the port: see bench/lib.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	# A smoke run: every step once, on small batches in a database of its own.
	: "${ROWS:=20000}" "${BURST_ROWS:=2000}" "${DB:=bench_batches_quick}"
	: "${READ_DURATION:=2}" "${WARMUP:=1s}" "${WARMUP_MIN:=1}" "${WARMUP_MAX:=1}" "${COPY_RUNS:=1}"
fi
ROWS=${ROWS:-1000000}              # prices of the big batch (end to end, readers during apply)
BURST_BATCHES=${BURST_BATCHES:-20} # batches of the burst
BURST_CLIENTS=${BURST_CLIENTS:-4}  # uploading at once, each its share one after another
BURST_ROWS=${BURST_ROWS:-50000}    # prices per burst batch
COPY_RUNS=${COPY_RUNS:-3}          # timed COPY runs into the bare table; the median is reported
CONNECTIONS=${CONNECTIONS:-8}      # wrk connections of the readers: moderate, not saturating
READ_DURATION=${READ_DURATION:-10} # seconds of the idle reader runs
WARMUP=${WARMUP:-5s}               # one warm-up run; they repeat until throughput stops rising
WARMUP_MIN=${WARMUP_MIN:-6}        # warm-up runs at least: the JIT takes 30 to 60 s here
WARMUP_MAX=${WARMUP_MAX:-12}       # warm-up runs at most
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}    # wrk's default (2 s) drops slower requests from the percentiles
POLL=${POLL:-0.05}                 # seconds between GET /rates/batches/{id} while waiting
SEED=${SEED:-20261208}             # of the generated prices
DAY_FROM=${DAY_FROM:-2016-01-01}   # prices are for this day and the following DAYS - 1
DAYS=${DAYS:-91}                   # a quarter, from the public dataset's first day
# Targets of the issue.
TARGET_E2E_S=10
TARGET_COPY_FACTOR=3
TARGET_P99_FACTOR=2
# Redis is not read (the rates cache is off) but the production profile needs it; a
# database of its own, emptied at the start and at the end (not 0: the test suites use it).
REDIS_DEFAULT_DB=11
DB=${DB:-bench_batches}            # PostgreSQL database, dropped and created on every run
KEEL_RABBITMQ_URL=${KEEL_RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}
# Empty: build the working tree. A commit (KEEL_REV=HEAD): build that, from a clean export.
KEEL_REV=${KEEL_REV:-}

DATA=../shared/data/ratestask/rates.sql
# Apart from the other benchmarks' files, so that they can run one after the other without
# rebuilding each other's jar.
WORK=bench/work/batches
LUA=bench/batches-rates.lua

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/batches.sh: %s\033[0m\n' "$*" >&2; exit 1; }

mkdir -p "$WORK"
[[ -r $DATA ]] || die "dataset not found: $DATA (expected next to the repository, in ../shared/data/ratestask/)"
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB must be a plain lower-case name, not '$DB'"

# Addresses (KEEL_BENCH_DB_URL, KEEL_BENCH_REDIS_URL), instances and reports.
source bench/lib.sh
require_tools wrk python3 psql createdb dropdb curl
pick_port PORT

# A JDK 21+ ($JAVA), and the jar under test built into $WORK ($JAR, $COMMIT).
source bench/build-jar.sh

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; } # from to
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
psql_db() { psql "${PG[@]}" -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# wrk latency ("850.00us", "4.21ms", "1.04s", "1.20m") in milliseconds.
to_ms() {
	awk -v t="$1" 'BEGIN {
		if (t ~ /us$/) f = 0.001; else if (t ~ /ms$/) f = 1; else if (t ~ /m$/) f = 60000; else f = 1000
		sub(/[a-z]+$/, "", t); printf "%.3f", t * f }'
}

# 12345.6 -> 12,346
thousands() {
	awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); o = ""
		while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		print s o }'
}
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
pass() { if "$@"; then echo yes; else echo "**no**"; fi; }

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(load_average)
log "Load average at the start: $LOAD_START"

# --- Database ------------------------------------------------------------------------------

# The instance's queue is named after the deployment id of the database (a quorum queue
# and its dead-letter queue in RabbitMQ); deleted at the end so that runs leave no queues.
DEPLOYMENT=
delete_queues() {
	[[ -n $DEPLOYMENT ]] && command -v rabbitmqctl >/dev/null || return 0
	local queue
	for queue in "keel:$DEPLOYMENT:rates.batches" "keel:$DEPLOYMENT:rates.batches.dead"; do
		rabbitmqctl -q delete_queue "$queue" >/dev/null 2>&1 || log "queue $queue not deleted (rabbitmqctl)"
	done
}
finish() {
	stop_instances
	delete_queues
}
trap finish EXIT

log "Recreating $DB and importing $DATA (log: $WORK/import.log)"
dropdb "${PG[@]}" --if-exists --force "$DB" 2>/dev/null
createdb "${PG[@]}" "$DB"
flush_redis
keel_env "$DB"
env "${KEEL_ENV[@]}" KEEL_RABBITMQ_URL="$KEEL_RABBITMQ_URL" "$JAVA" -jar "$JAR" import-rates "$DATA" \
	--spring.profiles.active=production >"$WORK/import.log" 2>&1 ||
	{ tail -30 "$WORK/import.log" >&2; die "import of $DATA failed"; }
IMPORT_SUMMARY=$(grep '^Imported' "$WORK/import.log") || die "no summary line in import.log"
log "$IMPORT_SUMMARY"
DEPLOYMENT=$(psql_db -c 'SELECT id FROM keel_deployment')

# --- Generated prices ----------------------------------------------------------------------

# CSV files of random prices: lanes between two different real ports, a day in the
# quarter from DAY_FROM, whole prices of 300 to 5,000 USD (the public dataset's span).
# Seeded, so every run uploads the same prices.
psql_db -c 'SELECT code FROM ports ORDER BY code' >"$WORK/ports.txt"
generate() { # file rows seed
	python3 - "$WORK/ports.txt" "$1" "$2" "$3" "$DAY_FROM" "$DAYS" <<'PY'
import datetime, random, sys
ports_file, out, rows, seed, day_from, days = sys.argv[1:]
ports = [line.strip() for line in open(ports_file) if line.strip()]
first = datetime.date.fromisoformat(day_from)
days = [(first + datetime.timedelta(n)).isoformat() for n in range(int(days))]
rnd = random.Random(int(seed))
with open(out, "w") as f:
    f.write("origin_code,destination_code,day,price\n")
    lines = []
    for _ in range(int(rows)):
        o, d = rnd.sample(ports, 2)
        lines.append(f"{o},{d},{rnd.choice(days)},{rnd.randint(300, 5000)}\n")
        if len(lines) == 100000:
            f.writelines(lines)
            lines = []
    f.writelines(lines)
PY
}
BIG=$WORK/prices-$ROWS-a.csv      # the end-to-end batch, also loaded by COPY
DURING=$WORK/prices-$ROWS-b.csv   # applied while readers read
WARM=$WORK/prices-warm.csv        # the instance's first batch, not measured
log "Generating $ROWS-price CSV files and the burst's $BURST_BATCHES × $BURST_ROWS in $WORK"
generate "$BIG" "$ROWS" "$SEED"
generate "$DURING" "$ROWS" $((SEED + 1))
generate "$WARM" "$BURST_ROWS" $((SEED + 2))
BURST_FILES=()
for n in $(seq "$BURST_BATCHES"); do
	BURST_FILES+=("$WORK/burst-$n.csv")
	generate "$WORK/burst-$n.csv" "$BURST_ROWS" $((SEED + 100 + n))
done
BIG_MB=$(awk -v b="$(stat -c %s "$BIG")" 'BEGIN { printf "%.1f", b / 1048576 }')

# Realistic GET /rates queries for the readers: port to port, port to region (the
# service reads prices) and region to region (it reads the region summary), over 1 to 31
# days within the generated quarter.
psql_db -c 'SELECT slug FROM regions ORDER BY slug' >"$WORK/regions.txt"
QUERIES=$WORK/queries.txt
python3 - "$WORK/ports.txt" "$WORK/regions.txt" "$QUERIES" "$SEED" "$DAY_FROM" "$DAYS" <<'PY'
import datetime, random, sys
ports_file, regions_file, out, seed, day_from, days = sys.argv[1:]
ports = [l.strip() for l in open(ports_file) if l.strip()]
regions = [l.strip() for l in open(regions_file) if l.strip()]
rnd = random.Random(int(seed))
first = datetime.date.fromisoformat(day_from)
with open(out, "w") as f:
    for n in range(1000):
        kind = n % 10
        if kind < 4:
            origin, destination = rnd.sample(ports, 2)
        elif kind < 7:
            origin, destination = rnd.choice(ports), rnd.choice(regions)
        else:
            origin, destination = rnd.sample(regions, 2)
        length = rnd.randint(1, 31)
        start = first + datetime.timedelta(rnd.randint(0, int(days) - length))
        end = start + datetime.timedelta(length - 1)
        f.write(f"/rates?date_from={start}&date_to={end}&origin={origin}&destination={destination}\n")
PY

# --- 1. Ceiling: COPY alone ----------------------------------------------------------------

# The same rows into a bare table (no index, no constraint), with psql's \copy from the
# same file: the least any way of storing them durably can take on this server.
COPY_TIMES=()
for run in $(seq "$COPY_RUNS"); do
	psql_db -c 'DROP TABLE IF EXISTS bare_prices' \
		-c 'CREATE TABLE bare_prices (orig_code varchar(5), dest_code varchar(5), day date, price int)'
	started=$(now)
	psql_db -c "\\copy bare_prices FROM '$BIG' WITH (FORMAT csv, HEADER)"
	COPY_TIMES+=("$(secs "$started" "$(now)")")
	log "COPY run $run: ${COPY_TIMES[-1]} s"
done
[[ $(psql_db -c 'SELECT count(*) FROM bare_prices') == "$ROWS" ]] || die "bare_prices does not hold $ROWS rows"
psql_db -c 'DROP TABLE bare_prices'
COPY_S=$(printf '%s\n' "${COPY_TIMES[@]}" | sort -n | awk '{ t[NR] = $1 } END {
	printf "%.2f", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')

# --- Instance ------------------------------------------------------------------------------

start_instance batches "$PORT" "$DB" KEEL_RATES_CACHE_ENABLED=false KEEL_RABBITMQ_URL="$KEEL_RABBITMQ_URL"
JVM_PID=${INSTANCE_PID[$PORT]}

# Uploads file $1 with curl and sets UPLOAD_ID, UPLOAD_STATUS, UPLOAD_SENT (when its first
# byte went out, epoch seconds) and UPLOAD_S (from then until the answer). The body
# streams from the file (-T); "Expect:" keeps curl from waiting for a 100 Continue.
upload() { # file [tag]
	local file=$1 tag=${2:-upload} started timings
	started=$(now)
	timings=$(curl -s -o "$WORK/$tag.json" -X POST -T "$file" -H 'Content-Type: text/csv' -H 'Expect:' \
		-w '%{http_code} %{time_pretransfer} %{time_total}' "$(url "$PORT" /rates/batches)") ||
		die "$tag: upload of $file failed"
	read -r UPLOAD_STATUS pretransfer total <<<"$timings"
	UPLOAD_SENT=$(awk -v s="$started" -v p="$pretransfer" 'BEGIN { printf "%.6f", s + p }')
	UPLOAD_S=$(awk -v t="$total" -v p="$pretransfer" 'BEGIN { printf "%.2f", t - p }')
	UPLOAD_ID=$(grep -o '"id":[0-9]*' "$WORK/$tag.json" | head -1 | cut -d: -f2)
	[[ $UPLOAD_STATUS == 202 && -n $UPLOAD_ID ]] ||
		die "$tag: expected 202 with a batch id, got $UPLOAD_STATUS: $(head -c 500 "$WORK/$tag.json")"
}

# The batch's JSON, and its state alone.
batch_json() { curl -sf "$(url "$PORT" "/rates/batches/$1")"; }
batch_state() { batch_json "$1" | grep -o '"state":"[a-z]*"' | cut -d'"' -f4; }

# Polls batch $1 every $POLL s until its state is one of $2 (a regular expression); sets
# SEEN_AT (epoch seconds of the answer that said so) and SEEN_STATE. Gives up after $3 s.
wait_state() { # id states timeout
	local id=$1 states=$2 limit=$3 started state
	started=$(now)
	while :; do
		state=$(batch_state "$id") || state=
		if [[ $state =~ ^($states)$ ]]; then
			SEEN_AT=$(now)
			SEEN_STATE=$state
			return
		fi
		le "$(secs "$started" "$(now)")" "$limit" || die "batch $id still '$state' after $limit s"
		sleep "$POLL"
	done
}

# A batch's apply_ms, as the service measured it.
apply_ms() { batch_json "$1" | grep -o '"apply_ms":[0-9]*' | cut -d: -f2; }

prices_count() { psql_db -c 'SELECT count(*) FROM prices'; }

# Waits until the database runs no queries (autovacuum after big inserts, a batch's
# clean-up), so that one measurement does not pay for the previous one.
wait_idle() {
	local waited=0 quiet=0 active
	while ((quiet < 2)); do
		active=$(psql_db -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
			AND state = 'active' AND pid <> pg_backend_pid()")
		if ((active == 0)); then quiet=$((quiet + 1)); else quiet=0; fi
		((waited < 600)) || die "$DB still busy after 300 s"
		sleep 0.5
		waited=$((waited + 1))
	done
	((waited <= 2)) || log "waited $((waited / 2)) s for $DB to go idle"
}

# The instance's first batch: the upload and apply code paths loaded and compiled once,
# so that the end-to-end figure is not the JVM's start-up.
log "Warm-up batch: $BURST_ROWS prices"
upload "$WARM" warm
wait_state "$UPLOAD_ID" 'applied|rejected|failed' 300
[[ $SEEN_STATE == applied ]] || die "warm-up batch $UPLOAD_ID ended $SEEN_STATE: $(batch_json "$UPLOAD_ID")"
wait_idle

# --- 2. End to end -------------------------------------------------------------------------

log "End to end: $ROWS prices ($BIG_MB MiB), load average $(load_average)"
LOAD_E2E=$(load_average)
before=$(prices_count)
upload "$BIG" e2e
E2E_ID=$UPLOAD_ID
E2E_UPLOAD_S=$UPLOAD_S
wait_state "$E2E_ID" 'applied|rejected|failed' 600
[[ $SEEN_STATE == applied ]] || die "batch $E2E_ID ended $SEEN_STATE: $(batch_json "$E2E_ID")"
E2E_S=$(secs "$UPLOAD_SENT" "$SEEN_AT")
E2E_APPLY_MS=$(apply_ms "$E2E_ID")
# From the 202 until the poll saw it applied: queueing, apply and the poll's own delay.
E2E_AFTER_S=$(awk -v e="$E2E_S" -v u="$E2E_UPLOAD_S" 'BEGIN { printf "%.2f", e - u }')
E2E_FACTOR=$(awk -v e="$E2E_S" -v c="$COPY_S" 'BEGIN { printf "%.1f", e / c }')
grown=$(($(prices_count) - before))
((grown == ROWS)) || die "prices grew by $grown, not $ROWS"
log "End to end ${E2E_S} s (upload $E2E_UPLOAD_S s, apply_ms $E2E_APPLY_MS), COPY alone $COPY_S s: ${E2E_FACTOR}×"
wait_idle

# --- 3. Burst ------------------------------------------------------------------------------

log "Burst: $BURST_BATCHES batches of $BURST_ROWS prices from $BURST_CLIENTS clients"
LOAD_BURST=$(load_average)
before=$(prices_count)
# Client c uploads files c, c + clients, ... one after another; each line of its file is
# "id status".
burst_client() { # client
	local n
	for ((n = $1; n <= BURST_BATCHES; n += BURST_CLIENTS)); do
		upload "${BURST_FILES[n - 1]}" "burst-$n"
		echo "$UPLOAD_ID $UPLOAD_STATUS $UPLOAD_S"
	done >"$WORK/burst-client-$1.txt"
}
BURST_START=$(now)
clients=()
for c in $(seq "$BURST_CLIENTS"); do
	burst_client "$c" &
	clients+=($!)
done
for pid in "${clients[@]}"; do wait "$pid" || die "a burst client failed (see $WORK/burst-*.json)"; done
BURST_UPLOADED_S=$(secs "$BURST_START" "$(now)")
mapfile -t BURST_IDS < <(cat "$WORK"/burst-client-*.txt | cut -d' ' -f1 | sort -n)
((${#BURST_IDS[@]} == BURST_BATCHES)) || die "expected $BURST_BATCHES burst batches, got ${#BURST_IDS[@]}"
# The last accepted is applied last: wait for it, then check them all.
last=$(psql_db -c "SELECT id FROM rate_batches WHERE id IN ($(IFS=,; echo "${BURST_IDS[*]}"))
	ORDER BY position DESC FETCH FIRST 1 ROWS ONLY")
wait_state "$last" 'applied|rejected|failed' 900
BURST_S=$(secs "$BURST_START" "$SEEN_AT")
for id in "${BURST_IDS[@]}"; do
	wait_state "$id" 'applied|rejected|failed' 60
done
BURST_IN=$(IFS=,; echo "${BURST_IDS[*]}")
BURST_APPLIED=$(psql_db -c "SELECT count(*) FROM rate_batches WHERE id IN ($BURST_IN) AND state = 'applied'")
BURST_ROWS_SUM=$(psql_db -c "SELECT sum(row_count) FROM rate_batches WHERE id IN ($BURST_IN)")
BURST_GROWN=$(($(prices_count) - before))
# Applied in acceptance order: by position, applied_at never goes back. Over every batch
# applied so far, the warm-up and end-to-end ones included.
BURST_OUT_OF_ORDER=$(psql_db -c "SELECT count(*) FROM (SELECT applied_at,
	lag(applied_at) OVER (ORDER BY position) AS before FROM rate_batches WHERE state = 'applied') t
	WHERE applied_at < before")
BURST_BATCHES_CHECKED=$(psql_db -c "SELECT count(*) FROM rate_batches WHERE state = 'applied'")
BURST_RPS=$(awk -v r="$BURST_ROWS_SUM" -v s="$BURST_S" 'BEGIN { printf "%.0f", r / s }')
BURST_APPLY_MS=$(psql_db -c "SELECT sum(apply_ms) FROM rate_batches WHERE id IN ($BURST_IN)")
BURST_SPAN=$(psql_db -c "SELECT round(extract(epoch FROM max(applied_at) - min(received_at))::numeric, 2)
	FROM rate_batches WHERE id IN ($BURST_IN)")
BURST_OK=yes
[[ $BURST_APPLIED == "$BURST_BATCHES" && $BURST_ROWS_SUM == "$BURST_GROWN" && $BURST_OUT_OF_ORDER == 0 &&
	$BURST_ROWS_SUM == $((BURST_BATCHES * BURST_ROWS)) ]] || BURST_OK="**no**"
log "Burst: $BURST_S s ($BURST_RPS rows/s), $BURST_APPLIED of $BURST_BATCHES applied, rows $BURST_ROWS_SUM," \
	"prices grew $BURST_GROWN, out of order $BURST_OUT_OF_ORDER"
wait_idle

# --- 4. Readers during an apply ------------------------------------------------------------

READ_URL=$(url "$PORT" /)
# Every query answers 200 before any is measured: a benchmark of error pages would look great.
while read -r path; do
	curl -sf -o /dev/null "$(url "$PORT" "$path")" || die "GET $path does not answer 200"
done < <(head -50 "$QUERIES")

declare -A RPS P50 P99 ERRORS REQUESTS
# Reads the figures of wrk run $1 from $WORK/wrk-$1.txt.
wrk_figures() { # key
	local key=$1 out=$WORK/wrk-$1.txt
	RPS[$key]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	REQUESTS[$key]=$(awk '/requests in/ { print $1 }' "$out")
	P50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	[[ -n ${RPS[$key]} && ${P99[$key]} != 0.000 ]] || { cat "$out" >&2; die "$key: cannot parse wrk output"; }
	ERRORS[$key]=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
		END { print n + 0 }' "$out")
	log "$key: ${RPS[$key]} req/s, p50 ${P50[$key]} ms, p99 ${P99[$key]} ms, errors ${ERRORS[$key]}"
}
wrk_cmd() { # seconds
	WRK=(wrk -t2 -c"$CONNECTIONS" -d"$1s" --timeout "$WRK_TIMEOUT" --latency -s "$LUA" "$READ_URL" -- "$QUERIES")
}
run_wrk() { # key seconds
	wrk_cmd "$2"
	"${WRK[@]}" >"$WORK/wrk-$1.txt"
	wrk_figures "$1"
}

# Unmeasured runs until throughput stops rising (as in bench/rates.sh).
log "Readers: warm-up, $CONNECTIONS connections"
best=0 runs=0 flat=0 trail=""
while ((runs < WARMUP_MAX)); do
	rps=$(wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout "$WRK_TIMEOUT" -s "$LUA" "$READ_URL" -- "$QUERIES" |
		awk '/^Requests\/sec:/ { print $2 }')
	runs=$((runs + 1))
	trail="$trail ${rps%.*}"
	if awk -v r="$rps" -v b="$best" 'BEGIN { exit !(r <= 1.05 * b) }'; then flat=$((flat + 1)); else flat=0; fi
	best=$(awk -v r="$rps" -v b="$best" 'BEGIN { print (r > b) ? r : b }')
	((flat < 2 || runs < WARMUP_MIN)) || break
done
WARMUP_RUNS=$runs
log "warm-up req/s:$trail"

wait_idle
LOAD_IDLE=$(load_average)
run_wrk idle "$READ_DURATION"

# The "during" run covers the apply itself: wrk starts once GET says the batch is applying
# (its upload is over by then) and is stopped with SIGINT (wrk then prints its figures as
# at the end of a run) as soon as GET says applied. Its overlap with the apply is
# measured, not assumed: from wrk's start to the earlier of its end and the batch's
# applied_at, over the length of the run; polling makes it overrun by up to $POLL s.
log "Readers during the apply of $ROWS prices: wrk from applying until applied"
wait_idle
LOAD_DURING=$(load_average)
upload "$DURING" during
DURING_ID=$UPLOAD_ID
DURING_UPLOAD_S=$UPLOAD_S
wait_state "$DURING_ID" 'applying|applied|rejected|failed' 120
[[ $SEEN_STATE == applying ]] || die "batch $DURING_ID was $SEEN_STATE before wrk started; no overlap to measure"
wrk_cmd 600
WRK_START=$(now)
"${WRK[@]}" >"$WORK/wrk-during.txt" &
WRK_PID=$!
wait_state "$DURING_ID" 'applied|rejected|failed' 590
kill -INT "$WRK_PID" 2>/dev/null || true
wait "$WRK_PID" || die "wrk failed during the apply"
WRK_END=$(now)
wrk_figures during
[[ $SEEN_STATE == applied ]] || die "batch $DURING_ID ended $SEEN_STATE: $(batch_json "$DURING_ID")"
DURING_S=$(secs "$WRK_START" "$WRK_END")
DURING_APPLY_MS=$(apply_ms "$DURING_ID")
DURING_APPLIED_AT=$(psql_db -c "SELECT extract(epoch FROM applied_at) FROM rate_batches WHERE id = $DURING_ID")
OVERLAP=$(awk -v s="$WRK_START" -v e="$WRK_END" -v a="$DURING_APPLIED_AT" 'BEGIN {
	end = (a < e) ? a : e; o = (end - s) / (e - s); if (o < 0) o = 0; printf "%.0f", 100 * o }')
log "overlap of the during run with the apply: $OVERLAP % of its $DURING_S s"

wait_idle
run_wrk after "$READ_DURATION"
P99_FACTOR=$(awk -v d="${P99[during]}" -v i="${P99[idle]}" 'BEGIN { printf "%.2f", d / i }')

# --- Diagnostics: the apply's statements on their own --------------------------------------

# With the instance stopped: in one transaction, rolled back, a batch of the same rows is
# staged with COPY into rate_batch_prices (index included), then the two statements of
# PriceBatches.moveIntoPrices run under EXPLAIN (ANALYZE, BUFFERS). Where the apply's time
# goes, with numbers.
stop_instances
LOAD_END=$(load_average)
log "Diagnostics: the apply's statements alone in psql (rolled back)"
PLANS=$WORK/plans.txt
# The statement as the benchmarked jar has it, its comments dropped and :id bound to -1.
python3 - "$JAR" "$WORK/merge.sql" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar:
    sql = jar.read("BOOT-INF/classes/dev/keel/rates/add_batch_to_region_summary.sql").decode()
sql = "\n".join(l for l in sql.splitlines() if not l.lstrip().startswith("--"))
open(sys.argv[2], "w").write(sql.replace(":id", "-1"))
PY
[[ -s $WORK/merge.sql ]] || die "no add_batch_to_region_summary.sql in the jar"
python3 - "$BIG" "$WORK/staged.csv" <<'PY'
import sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    next(src)
    for n, line in enumerate(src, 2):
        out.write(f"-1,{n},{line}")
PY
{
	echo '\timing on'
	echo 'BEGIN;'
	echo "\\copy rate_batch_prices (batch_id, line, orig_code, dest_code, day, price) FROM '$WORK/staged.csv' WITH (FORMAT csv)"
	# As PriceBatches.moveIntoPrices runs it: sorted in the index's order, in memory.
	echo "SET LOCAL work_mem = '256MB';"
	echo 'EXPLAIN (ANALYZE, BUFFERS) INSERT INTO prices (orig_code, dest_code, day, price)'
	echo '  SELECT orig_code, dest_code, day, price FROM rate_batch_prices WHERE batch_id = -1'
	echo '  ORDER BY orig_code, dest_code, day, price;'
	echo 'EXPLAIN (ANALYZE, BUFFERS)'
	cat "$WORK/merge.sql"
	echo ';'
	echo 'ROLLBACK;'
} >"$WORK/diagnostics.sql"
psql "${PG[@]}" -X -v ON_ERROR_STOP=1 -d "$DB" -f "$WORK/diagnostics.sql" >"$PLANS" 2>&1 ||
	{ cat "$PLANS" >&2; die "diagnostics failed"; }
mapfile -t DIAG_MS < <(awk '/^Time:/ { print $2 }' "$PLANS")
# \timing lines: BEGIN, COPY, SET, INSERT, MERGE, ROLLBACK.
DIAG_COPY_MS=${DIAG_MS[1]:-?}
DIAG_INSERT_MS=${DIAG_MS[3]:-?}
DIAG_MERGE_MS=${DIAG_MS[4]:-?}
PG_SETTINGS=$(psql_db -F ' ' -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name)
	FROM pg_settings WHERE name IN ('shared_buffers', 'max_wal_size', 'synchronous_commit', 'wal_level',
	'work_mem', 'maintenance_work_mem', 'checkpoint_timeout', 'full_page_writes')")
PRICES_NOW=$(prices_count)
flush_redis

# --- Report --------------------------------------------------------------------------------

ms_s() { awk -v m="$1" 'BEGIN { printf "%.2f s", m / 1000 }'; }
ms() { awk -v t="$1" 'BEGIN { printf((t < 10) ? "%.2f ms" : "%.1f ms", t) }'; }
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
E2E_PASS=$(pass le "$E2E_S" "$TARGET_E2E_S")
FACTOR_PASS=$(pass le "$E2E_FACTOR" "$TARGET_COPY_FACTOR")
if ((OVERLAP < 90)); then
	P99_PASS="**not measured**: only $OVERLAP % of the run overlapped the apply"
else
	P99_PASS=$(pass le "$P99_FACTOR" "$TARGET_P99_FACTOR")
fi
((${ERRORS[idle]} + ${ERRORS[during]} == 0)) || P99_PASS="**no** (wrk errors: idle ${ERRORS[idle]}, during ${ERRORS[during]})"

REPORT=$WORK/report.md
{
	echo "# Price batches benchmark, $STARTED_AT"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc) × ${cpu:-unknown}; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
	echo "- PostgreSQL: $(psql_db -c 'SHOW server_version'); $PG_SETTINGS"
	echo "- RabbitMQ: $KEEL_RABBITMQ_URL (password not shown)" | sed -E 's#//[^:@/]*:[^@/]*@#//#'
	echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); the service, PostgreSQL, Redis, RabbitMQ, curl and wrk share the machine"
	echo "- Keel: $COMMIT, one instance, production profile, KEEL_RATES_CACHE_ENABLED=false"
	echo "- Load average (1, 5, 15 min): at the start $LOAD_START; before the end-to-end run $LOAD_E2E;" \
		"before the burst $LOAD_BURST; before the idle readers $LOAD_IDLE; before the during-apply run" \
		"$LOAD_DURING; at the end $LOAD_END"
	echo "- Data: $IMPORT_SUMMARY; then generated prices on random lanes between two of the" \
		"$(wc -l <"$WORK/ports.txt") ports, days $DAY_FROM + 0 to $((DAYS - 1)), whole prices 300 to 5,000," \
		"seed $SEED. The big batch: $(thousands "$ROWS") rows, $BIG_MB MiB of CSV. $(thousands "$PRICES_NOW") prices at the end."
	echo
	echo "## Results"
	echo
	echo "| measurement | value | target | pass |"
	echo "|---|---:|---|---|"
	echo "| COPY alone: $(thousands "$ROWS") rows into a bare table (psql \\copy, median of $COPY_RUNS) | $COPY_S s | — | — |"
	echo "| end to end: $(thousands "$ROWS")-price CSV, first byte sent → GET says applied | $E2E_S s | ≤ $TARGET_E2E_S s | $E2E_PASS |"
	echo "| end to end ÷ COPY alone | ${E2E_FACTOR}× | ≤ ${TARGET_COPY_FACTOR}× | $FACTOR_PASS |"
	echo "| upload: first byte sent → 202 | $E2E_UPLOAD_S s | — | — |"
	echo "| 202 → seen applied (queue, apply, poll every ${POLL} s) | $E2E_AFTER_S s | — | — |"
	echo "| the batch's apply_ms | $(ms_s "$E2E_APPLY_MS") | — | — |"
	echo "| burst: $BURST_BATCHES × $(thousands "$BURST_ROWS") rows, $BURST_CLIENTS clients, first upload → last applied | $BURST_S s | — | — |"
	echo "| burst throughput | $(thousands "$BURST_RPS") rows/s | — | — |"
	echo "| burst: applied, none lost, in acceptance order | $BURST_APPLIED/$BURST_BATCHES applied; $(thousands "$BURST_ROWS_SUM") rows, prices +$(thousands "$BURST_GROWN"); $BURST_OUT_OF_ORDER out of order (of $BURST_BATCHES_CHECKED applied batches) | all applied, rows = growth, applied_at non-decreasing by position | $BURST_OK |"
	echo "| GET /rates uncached p99, idle ($CONNECTIONS connections) | $(ms "${P99[idle]}") | — | — |"
	echo "| GET /rates uncached p99, during a $(thousands "$ROWS")-price apply | $(ms "${P99[during]}") (${P99_FACTOR}× idle; $OVERLAP % of the run overlapped) | ≤ ${TARGET_P99_FACTOR}× idle | $P99_PASS |"
	echo
	echo "## Notes"
	echo
	echo "- COPY runs: ${COPY_TIMES[*]} s (wall clock of psql, start-up included), each into a freshly created bare_prices."
	echo "- End to end: batch $E2E_ID, uploaded with curl streaming the file (-T, no Expect: 100-continue);" \
		"the first byte is curl's start plus its time_pretransfer; applied is the first GET /rates/batches/$E2E_ID" \
		"(polled every $POLL s) that says so. The instance had applied one warm-up batch of $(thousands "$BURST_ROWS") rows first."
	echo "- Burst: uploads done after $BURST_UPLOADED_S s; per client: $(for c in $(seq "$BURST_CLIENTS"); do
		printf '%s ' "client $c: $(cut -d' ' -f3 "$WORK/burst-client-$c.txt" | paste -sd/) s;"; done)" \
		"sum of apply_ms $(ms_s "$BURST_APPLY_MS"); first received_at → last applied_at (database clock) $BURST_SPAN s."
	echo "- Readers: wrk -t2 -c$CONNECTIONS --latency -s $LUA over $(wc -l <"$QUERIES") generated queries" \
		"(4 in 10 port → port, 3 port → region, 3 region → region; 1 to 31 days), $WARMUP_RUNS warm-up runs of $WARMUP" \
		"(req/s:$trail), then $READ_DURATION s idle."
	echo "- During: batch $DURING_ID (another $(thousands "$ROWS") prices) uploaded in $DURING_UPLOAD_S s; wrk started once" \
		"GET said applying and was stopped (SIGINT) once GET said applied, after $DURING_S s; applied_at came $(awk -v a="$DURING_APPLIED_AT" \
		-v s="$WRK_START" 'BEGIN { printf "%.2f", a - s }') s after wrk started; $OVERLAP % of the run overlapped the apply." \
		"This apply took $(ms_s "$DURING_APPLY_MS") (alone in step 2: $(ms_s "$E2E_APPLY_MS"))."
	echo
	echo "| readers | req/s | requests | p50 | p99 | wrk errors |"
	echo "|---|---:|---:|---:|---:|---:|"
	for key in idle during after; do
		echo "| $key | $(thousands "${RPS[$key]}") | ${REQUESTS[$key]} | $(ms "${P50[$key]}") | $(ms "${P99[$key]}") | ${ERRORS[$key]} |"
	done
	echo
	echo "## Where an apply's time goes: its statements alone"
	echo
	echo "With the instance stopped, in one psql transaction rolled back: the big batch's rows staged into" \
		"rate_batch_prices with COPY (as an upload stores them, its index included), then the two statements of" \
		"PriceBatches.moveIntoPrices under EXPLAIN (ANALYZE, BUFFERS), on $(thousands "$PRICES_NOW") prices."
	echo
	echo "| statement | time |"
	echo "|---|---:|"
	echo "| COPY into rate_batch_prices (what an upload writes) | $DIAG_COPY_MS ms |"
	echo "| INSERT INTO prices SELECT ... FROM rate_batch_prices | $DIAG_INSERT_MS ms |"
	echo "| MERGE INTO region_daily_prices (add_batch_to_region_summary.sql) | $DIAG_MERGE_MS ms |"
	echo
	echo '```'
	grep -v '^Time:\|^BEGIN\|^ROLLBACK\|^Timing' "$PLANS"
	echo '```'
} >"$REPORT"

cat "$REPORT"
save_report batches "$REPORT"
