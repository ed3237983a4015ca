#!/usr/bin/env bash
# Content search benchmark: bulk ingest through POST /v1/bulk of ten million generated
# records, then GET /v1/ with a selective title term, a one-month date range and both
# together, uncached, over the result. See bench/README.md.
#
#   bench/search.sh                      # from the repository root
#   KEEL_REV=HEAD DURATION=10s bench/search.sh
#   GENERATE_ONLY=1 bench/search.sh      # only write the request bodies (about 80 s)
#
# Progress goes to stderr; the report (machine, data, the table, ingest by million, the
# runs one by one and where the CPU went) goes to stdout and to
# bench/results/search-<UTC timestamp>.md. Everything bulky (request bodies, build, server
# and client logs, raw wrk output, query plans) stays in bench/work/search/, which git
# ignores. Addresses and the port: see bench/lib.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	# A smoke run: every step once, on few records in a database of its own, so that the
	# full-size data stays.
	: "${ITEMS:=100000}" "${DB:=keel_bench_search_quick}"
	: "${DURATION:=2s}" "${WARMUP:=1s}" "${WARMUP_MIN:=1}" "${WARMUP_MAX:=1}"
fi
DURATION=${DURATION:-20s}          # one measured wrk run
CONNECTIONS=${CONNECTIONS:-32}     # wrk connections (wrk always uses 2 threads)
MODERATE=${MODERATE:-8}            # connections of the searches short of saturation
WARMUP=${WARMUP:-5s}               # one warm-up run; they repeat until throughput stops rising
WARMUP_MIN=${WARMUP_MIN:-8}        # warm-up runs at least: the JIT takes 30 to 60 s here
WARMUP_MAX=${WARMUP_MAX:-16}       # warm-up runs at most, per measurement
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}    # wrk's default (2 s) drops slower requests from the percentiles
ITEMS=${ITEMS:-10000000}           # records generated and posted
BATCH=${BATCH:-10000}              # records per POST /v1/bulk
SEED=${SEED:-20261122}             # of the generator
CLIENTS=${CLIENTS:-2}              # concurrent senders of the bulk requests
GEN_JOBS=${GEN_JOBS:-$(nproc)}     # generator processes
# Ingest rate per slice of this many records (whole batches): does it slow as the table grows?
SEGMENT=${SEGMENT:-}
REGENERATE=${REGENERATE:-0}        # 1: write the request bodies again even if they are in place
GENERATE_ONLY=${GENERATE_ONLY:-0}  # 1: stop once the request bodies are in place
REUSE=${REUSE:-0}                  # 1: keep the database if it holds this data already (no ingest)
# GET /v1/?contains=...: one of the generator's rare words, each in about 0.03 % of the titles
# (about 3,000 of 10,000,000), asked for in capitals to exercise the folding.
SEARCH_TERM=${SEARCH_TERM:-CONCEIÇÃO}
MONTH=${MONTH:-1998-06}            # the date range: one month (about 16,700 of 10,000,000)
TERM_YEARS=${TERM_YEARS:-2000-2004} # the term within these years (about 10 % of its matches)
# Redis is not read (the search cache is off) but the production profile needs it; a
# database of its own, emptied at the start and at the end (not 0: the test suites use it).
REDIS_DEFAULT_DB=12                # KEEL_BENCH_REDIS_URL, by default this Redis database
DB=${DB:-keel_bench_search}        # PostgreSQL database, dropped and created for each ingest
# Empty: build the working tree. A commit (KEEL_REV=HEAD): build that, from a clean export.
KEEL_REV=${KEEL_REV:-}

# Apart from the other benchmarks' files, so that they can run one after the other without
# rebuilding each other's jar.
WORK=bench/work/search
GENERATOR=bench/generate_search.py

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/search.sh: %s\033[0m\n' "$*" >&2; exit 1; }

for name in CONNECTIONS MODERATE WARMUP_MIN WARMUP_MAX ITEMS BATCH SEED CLIENTS GEN_JOBS REGENERATE GENERATE_ONLY \
	REUSE; do
	[[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number, not '${!name}'"
done
((CONNECTIONS >= 2 && MODERATE >= 2)) || die "CONNECTIONS and MODERATE must be at least 2 (wrk runs 2 threads)"
((BATCH >= 100 && BATCH % 100 == 0 && BATCH <= 100000)) ||
	die "BATCH must be a multiple of 100, at most 100,000 (the service's limit per request)"
((ITEMS >= BATCH)) || die "ITEMS must be at least BATCH"
((CLIENTS >= 1 && CLIENTS <= 8)) ||
	die "CLIENTS must be 1 to 8 (the generator repeats records of requests 8 before, which must be stored by then)"
((GEN_JOBS >= 1)) || die "GEN_JOBS must be at least 1"
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB must be a plain lower-case database name, not '$DB'"
[[ $MONTH =~ ^(19[7-9][0-9]|20[0-2][0-9])-(0[1-9]|1[0-2])$ ]] || die "MONTH must be YYYY-MM, not '$MONTH'"
[[ $TERM_YEARS =~ ^([0-9]{4})-([0-9]{4})$ ]] && ((BASH_REMATCH[1] <= BASH_REMATCH[2])) ||
	die "TERM_YEARS must be YYYY-YYYY, first year first, not '$TERM_YEARS'"
if [[ -z $SEGMENT ]]; then
	# A slice per million; on a small trial run, tenths.
	SEGMENT=1000000
	((ITEMS >= 2 * SEGMENT)) || SEGMENT=$(((ITEMS / 10 + BATCH - 1) / BATCH * BATCH))
fi
[[ $SEGMENT =~ ^[0-9]+$ ]] && ((SEGMENT >= BATCH && SEGMENT % BATCH == 0)) ||
	die "SEGMENT must be a multiple of BATCH ($BATCH)"

# The searches. The bounds are whole months, so that the generator's counts by month give
# the exact expected totals; before covers its whole day.
month_end() { python3 -c 'import calendar, sys; y, m = map(int, sys.argv[1].split("-")); print(f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}")' "$1"; }
MONTH_AFTER=$MONTH-01
MONTH_BEFORE=$(month_end "$MONTH")
YEARS_AFTER=${TERM_YEARS%-*}-01-01
YEARS_BEFORE=${TERM_YEARS#*-}-12-31
TERM_QUERY=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$SEARCH_TERM")
# The term as the service compares it (the generator's fold is the service's). The checks
# import the generator: no __pycache__ in bench/.
export PYTHONDONTWRITEBYTECODE=1
TERM_FOLDED=$(python3 -c 'import re, sys; sys.path.insert(0, "bench"); from generate_search import fold
print(fold(re.sub(r"\s+", " ", sys.argv[1]).strip()))' "$SEARCH_TERM")
((${#TERM_FOLDED} >= 3)) || die "SEARCH_TERM must fold to at least 3 characters (a trigram index needs 3), not '$SEARCH_TERM'"
[[ $TERM_FOLDED != *[%_\\\']* ]] || die "SEARCH_TERM must not hold %, _, \\ or ' (the checks put it in SQL as is)"
declare -A QUERY LABEL
QUERY[term]="/v1/?contains=$TERM_QUERY"
QUERY[month]="/v1/?after=$MONTH_AFTER&before=$MONTH_BEFORE"
QUERY[both]="/v1/?contains=$TERM_QUERY&after=$YEARS_AFTER&before=$YEARS_BEFORE"
LABEL[term]="contains=$SEARCH_TERM"
LABEL[month]="after=$MONTH_AFTER&before=$MONTH_BEFORE"
LABEL[both]="contains=$SEARCH_TERM&after=$YEARS_AFTER&before=$YEARS_BEFORE"

mkdir -p "$WORK"

# Addresses (KEEL_BENCH_DB_URL, KEEL_BENCH_REDIS_URL), the instance and reports.
source bench/lib.sh
require_tools wrk python3 psql createdb dropdb curl md5sum
pick_port PORT # the instance's; a free one unless set

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# --- Request bodies ------------------------------------------------------------------------

# Keyed by what makes them: the sizes, the seed and the generator's checksum. Bodies of
# other sizes stay (a trial run's next to the full one); those of an older generator or
# seed for the same sizes are removed: they take 1.8 GB per ten million records.
GEN_MD5=$(md5sum "$GENERATOR" | cut -c1-12)
DATA_KEY="items-$ITEMS-batch-$BATCH-seed-$SEED-gen-$GEN_MD5"
DATA=$WORK/$DATA_KEY
MANIFEST=$DATA/manifest.json
GENERATED=          # this run's generation time in seconds, empty when the bodies were reused

# Evaluates a Python expression over the manifest (m).
manifest() { python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$MANIFEST" "$1"; }

manifest_ok() {
	[[ -f $MANIFEST ]] && [[ $(manifest '" ".join(str(x) for x in (m["items"], m["batch_size"], m["seed"], m["generator_md5"][:12]))') == \
		"$ITEMS $BATCH $SEED $GEN_MD5" ]]
}

if ((REGENERATE)) || ! manifest_ok; then
	for old in "$WORK"/items-"$ITEMS"-batch-"$BATCH"-*; do
		[[ -d $old && $old != "$DATA" ]] || continue
		log "Removing request bodies of an older generator or seed: $old"
		rm -rf "$old"
	done
	rm -rf "$DATA"
	log "Generating $ITEMS records in request bodies of $BATCH in $DATA ($GEN_JOBS processes; log: $WORK/generate.log)"
	started=$(now)
	python3 "$GENERATOR" "$DATA" --items "$ITEMS" --batch "$BATCH" --seed "$SEED" --term "$SEARCH_TERM" --jobs "$GEN_JOBS" \
		2>"$WORK/generate.log" || { tail -20 "$WORK/generate.log" >&2; die "generating the request bodies failed"; }
	GENERATED=$(elapsed "$started")
	manifest_ok || die "the generator left no matching manifest in $DATA"
	log "$(tail -1 "$WORK/generate.log")"
else
	log "Reusing the request bodies in $DATA (generated in $(manifest 'm["seconds"]') s; REGENERATE=1 to write them again)"
fi
BATCHES=$(manifest 'm["batches"]')
for ((b = 0; b < BATCHES; b++)); do
	[[ -f $(printf '%s/batch-%05d.json' "$DATA" "$b") ]] || die "$DATA lacks batch $b; REGENERATE=1 to write the bodies again"
done
if ((GENERATE_ONLY)); then
	log "GENERATE_ONLY=1: the request bodies are in place in $DATA; not measuring"
	exit 0
fi

IFS=' ' read -r X_INSERTED X_DUPLICATES X_DUP_SAME X_DUP_EARLIER X_REJECTED X_REJ_TITLE X_REJ_URI X_REJ_DATE < <(manifest '
" ".join(str(x) for x in (m["expected"]["inserted"], m["expected"]["duplicates"], m["expected"]["duplicates_in_request"],
    m["expected"]["duplicates_of_earlier"], m["expected"]["rejected"], *m["expected"]["rejected_by_field"].values()))')

# What the generator counted for a search: the stored items in the months between two
# dates (whole months) whose title holds the term (empty: any title). Empty output when it
# did not count that term.
expected_total() { # term-folded-or-empty after before
	python3 - "$MANIFEST" "$1" "$2" "$3" <<'PY'
import json, sys
m, term, after, before = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
if not term:
    months = m["months"]
elif term == m["term"]["folded"]:
    months = m["term"]["months"]
elif term in m["rare_words"]:
    months = m["rare_words"][term]["months"]
else:
    sys.exit(0)
lo, hi = (after or "0000-00")[:7], (before or "9999-99")[:7]
print(sum(n for month, n in months.items() if lo <= month <= hi))
PY
}

# --- Service instance ----------------------------------------------------------------------

# A JDK 21+ ($JAVA), and the jar under test built into $WORK ($JAR, $COMMIT).
source bench/build-jar.sh

# The bulk client, if interrupted mid-ingest: its requests would go on without it.
CLIENT_PID=
stop_client() { [[ -z $CLIENT_PID ]] || kill "$CLIENT_PID" 2>/dev/null || true; }
trap 'stop_client; stop_instances' EXIT

# --- Database ------------------------------------------------------------------------------

psql_db() { psql "${PG[@]}" -X -A -t -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# A complete ingest is marked with a comment on search_items: the request bodies' key
# (anything else means ingesting again), then how it went.
MARKER="bench/search.sh: $DATA_KEY"
INGEST_BEFORE=      # the marker's note on an earlier ingest, when REUSE=1 kept the database

reusable() {
	[[ -n $(psql "${PG[@]}" -X -A -t -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'") ]] || return 1
	local marker count
	marker=$(psql_db -c "SELECT obj_description(to_regclass('search_items'), 'pg_class')") || return 1
	[[ ${marker%% | *} == "$MARKER" ]] || { log "$DB holds other data (${marker:-no marker}); ingesting again"; return 1; }
	count=$(psql_db -c "SELECT count(*) FROM search_items")
	((count == X_INSERTED)) || { log "$DB holds $count items, not $X_INSERTED; ingesting again"; return 1; }
	INGEST_BEFORE=${marker#* | }
}

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
INGESTED=0
# The ingest evicts the (unused) search cache on every request, which leaves counters
# behind in Redis: emptied before and after.
flush_redis
if ((REUSE)) && reusable; then
	log "REUSE=1: keeping $DB ($INGEST_BEFORE); the ingest is not measured"
else
	log "Dropping and creating database $DB"
	dropdb "${PG[@]}" --if-exists --force "$DB"
	createdb "${PG[@]}" "$DB"
	INGESTED=1
fi
# Flyway creates the schema (trigram indexes included) as in production.
start_instance search "$PORT" "$DB" KEEL_SEARCH_CACHE_ENABLED=false
JVM_PID=${INSTANCE_PID[$PORT]}

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

# --- CPU -----------------------------------------------------------------------------------

# Cumulative CPU ticks: the whole machine (busy, not idle or iowait), the JVM $1 and the
# PostgreSQL processes but the backends of other databases (other people's tests share the
# server: they count as "other"). The load generator's own share is measured apart.
cpu_ticks() { # jvm-pid
	python3 - "$1" "$DB" <<'PY'
import os, re, sys
jvm, db, totals = sys.argv[1], sys.argv[2], {"jvm": 0, "postgres": 0}
# A backend's title: "postgres: [<cluster>: ]<user> <database> <host>(<port>) <state>".
backend = re.compile(r"postgres: (?:\S+: )?\S+ (\S+) (\S+\(\d+\)|\[local\])")
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
        try:
            title = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
        except OSError:
            continue
        match = backend.match(title)
        if match is None or match.group(1) == db:
            totals["postgres"] += ticks
cpu = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
print(sum(cpu) - cpu[3] - cpu[4], totals["jvm"], totals["postgres"])
PY
}

declare -A CPU
CPU_BEFORE=
CPU_STARTED=

cpu_begin() { # jvm-pid
	CPU_BEFORE=$(cpu_ticks "$1")
	CPU_STARTED=$(now)
}

# Where the machine's CPU went since cpu_begin, in cores: the service, PostgreSQL, the
# load generator (its user and system seconds) and anything else (Redis, other people's
# builds and tests on a shared box).
cpu_end() { # key jvm-pid load-seconds
	local after
	after=$(cpu_ticks "$2")
	CPU[$1]=$(awk -v b="$CPU_BEFORE" -v a="$after" -v w="$3" -v t0="$CPU_STARTED" -v t1="$(now)" -v hz="$(getconf CLK_TCK)" '
		BEGIN { split(b, x); split(a, y); split(w, c); s = (t1 - t0) * hz
			busy = (y[1] - x[1]) / s; svc = (y[2] - x[2]) / s; pg = (y[3] - x[3]) / s
			load = (c[1] + c[2]) / (t1 - t0); other = busy - svc - pg - load
			# Processes that end meanwhile take their ticks along: clamp at 0.
			printf "%.2f %.2f %.2f %.2f", max0(svc), max0(pg), load, max0(other) }
		function max0(x) { return (x < 0) ? 0 : x }')
}

# --- Ingest --------------------------------------------------------------------------------

# The bulk client, written out so that it runs as a process of its own (an interrupted run
# stops it by its pid): posts every batch file to POST /v1/bulk from $CLIENTS threads (a
# keep-alive connection each, the next file to whoever is free) and checks every answer
# against the manifest. Prints one JSON summary, its own CPU seconds included; each answer
# goes to $WORK/ingest.jsonl.
BULK_CLIENT=$WORK/bulk-client.py
cat >"$BULK_CLIENT" <<'PY'
import collections, http.client, json, os, sys, threading, time
port, data, clients, segment, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
manifest = json.load(open(f"{data}/manifest.json"))
batches, size, expected = manifest["batches"], manifest["batch_size"], manifest["per_batch"]
lock = threading.Lock()
queue = iter(range(batches))
answers = [None] * batches


def post(connection, b):
    with open(f"{data}/batch-{b:05d}.json", "rb") as f:
        body = f.read()
    answer = {"batch": b, "records": sum(expected[b]), "started": time.monotonic()}
    try:
        connection.request("POST", "/v1/bulk", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        payload = response.read()
        answer["ended"] = time.monotonic()
        answer["status"] = response.status
        if response.status != 200:
            answer["error"] = f"HTTP {response.status}: {payload[:300].decode('utf-8', 'replace')}"
        else:
            result = json.loads(payload)
            answer.update(inserted=result["inserted"], duplicates=result["duplicates"], rejected=len(result["rejected"]),
                          fields=dict(collections.Counter(r["field"] for r in result["rejected"])))
    except Exception as ex:  # a broken connection or answer: noted, and the next request on a new connection
        answer.setdefault("ended", time.monotonic())
        answer["error"] = repr(ex)
    return answer


def send():
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    while True:
        with lock:
            b = next(queue, None)
        if b is None:
            return
        answers[b] = post(connection, b)
        if "error" in answers[b]:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)


t0 = time.monotonic()
threads = [threading.Thread(target=send) for _ in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
t1 = time.monotonic()

totals = collections.Counter()
fields = collections.Counter()
errors = []
moved = 0  # requests whose split of inserted and duplicates differs from the generator's
with open(out, "w") as f:
    for a in answers:
        a["started"] -= t0
        a["ended"] -= t0
        f.write(json.dumps(a) + "\n")
        if "error" in a:
            errors.append(f"batch {a['batch']}: {a['error']}")
            continue
        x = expected[a["batch"]]
        if a["inserted"] + a["duplicates"] + a["rejected"] != a["records"] or a["rejected"] != x[2]:
            errors.append(f"batch {a['batch']}: {a['inserted']} inserted, {a['duplicates']} duplicates, {a['rejected']}"
                          f" rejected of {a['records']} records; the generator expects {x[0]}, {x[1]}, {x[2]}")
        elif a["inserted"] != x[0]:
            moved += 1
        for key in ("inserted", "duplicates", "rejected"):
            totals[key] += a[key]
        fields.update(a["fields"])


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else 0


latencies = [1000 * (a["ended"] - a["started"]) for a in answers]
segments = []
per = max(1, segment // size)
previous_end = 0.0
for first in range(0, batches, per):
    chunk = answers[first:first + per]
    # A slice ends when its last answer is in; with several senders it may overlap the next.
    end = max(a["ended"] for a in answers[:first + per])
    records = sum(a["records"] for a in chunk)
    segments.append({"from": first * size, "to": first * size + records, "seconds": end - previous_end,
                     "rate": records / max(end - previous_end, 1e-9),
                     "p50": percentile([1000 * (a["ended"] - a["started"]) for a in chunk], 50)})
    previous_end = end
cpu = os.times()
print(json.dumps({
    "records": sum(a["records"] for a in answers), "seconds": t1 - t0, "inserted": totals["inserted"],
    "duplicates": totals["duplicates"], "rejected": totals["rejected"], "fields": dict(fields),
    "errors": errors, "moved": moved, "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
    "max": max(latencies), "segments": segments, "cpu": [cpu.user, cpu.system]}))
PY

declare -A RPS P50 P99 ERRORS SENT WARMUP_RUNS
INGEST_JSON=$WORK/ingest-summary.json
VACUUM_SECONDS=
if ((INGESTED)); then
	[[ $(psql_db -c "SELECT count(*) FROM search_items") == 0 ]] || die "search_items is not empty in the new database $DB"
	log "Ingesting $ITEMS records in $BATCHES requests of $BATCH with $CLIENTS senders (answers: $WORK/ingest.jsonl)"
	cpu_begin "$JVM_PID"
	# In the background, so that an interrupted run can stop it.
	python3 "$BULK_CLIENT" "$PORT" "$DATA" "$CLIENTS" "$SEGMENT" "$WORK/ingest.jsonl" >"$INGEST_JSON" 2>"$WORK/ingest.log" &
	CLIENT_PID=$!
	wait "$CLIENT_PID" || { tail -20 "$WORK/ingest.log" >&2; die "the bulk client failed"; }
	CLIENT_PID=
	ingest_field() { python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$INGEST_JSON" "$1"; }
	cpu_end ingest "$JVM_PID" "$(ingest_field '" ".join(str(x) for x in s["cpu"])')"
	IFS=' ' read -r I_RECORDS I_SECONDS I_INSERTED I_DUPLICATES I_REJECTED I_REJ_TITLE I_REJ_URI I_REJ_DATE I_ERRORS I_MOVED \
		I_P50 I_P99 I_MAX < <(ingest_field '" ".join(str(x) for x in (s["records"], round(s["seconds"], 3), s["inserted"],
		s["duplicates"], s["rejected"], s["fields"].get("title", 0), s["fields"].get("uri", 0), s["fields"].get("date", 0),
		len(s["errors"]), s["moved"], round(s["p50"], 3), round(s["p99"], 3), round(s["max"], 3)))')
	RATE=$(awk -v n="$I_RECORDS" -v s="$I_SECONDS" 'BEGIN { printf "%.1f", n / s }')
	STORED_RATE=$(awk -v n="$I_INSERTED" -v s="$I_SECONDS" 'BEGIN { printf "%.1f", n / s }')
	log "Ingest: $I_RECORDS records in $I_SECONDS s, $RATE records/s ($STORED_RATE stored/s); request p50 $I_P50 ms," \
		"p99 $I_P99 ms; $I_INSERTED inserted, $I_DUPLICATES duplicates, $I_REJECTED rejected; CPU (service," \
		"PostgreSQL, client, other) ${CPU[ingest]}"
	if ((I_ERRORS)); then
		ingest_field '"\n".join(s["errors"][:20])' >&2
		die "$I_ERRORS bulk requests failed or answered other counts than the generator's (all answers: $WORK/ingest.jsonl)"
	fi
	[[ "$I_INSERTED $I_DUPLICATES $I_REJECTED $I_REJ_TITLE $I_REJ_URI $I_REJ_DATE" == \
		"$X_INSERTED $X_DUPLICATES $X_REJECTED $X_REJ_TITLE $X_REJ_URI $X_REJ_DATE" ]] ||
		die "the service answered $I_INSERTED inserted, $I_DUPLICATES duplicates, $I_REJECTED rejected" \
			"(title $I_REJ_TITLE, uri $I_REJ_URI, date $I_REJ_DATE); the generator expects $X_INSERTED, $X_DUPLICATES," \
			"$X_REJECTED (title $X_REJ_TITLE, uri $X_REJ_URI, date $X_REJ_DATE)"
	stored=$(psql_db -c "SELECT count(*) FROM search_items")
	((stored == X_INSERTED)) || die "PostgreSQL holds $stored items; the service said it inserted $I_INSERTED"
	log "Checked: the answers and PostgreSQL agree with the generator ($stored items stored)"
	log "VACUUM (ANALYZE) search_items"
	started=$(now)
	psql_db -c "VACUUM (ANALYZE) search_items"
	VACUUM_SECONDS=$(elapsed "$started")
	psql_db -v marker="$MARKER | ingested $(date -u +%Y-%m-%dT%H:%M:%SZ) at $RATE records/s" <<<"COMMENT ON TABLE search_items IS :'marker';"
fi

# What PostgreSQL made of the records: every month as the generator counted it (so every
# date format and offset was read as meant), titles collapsed, URLs absolute http(s).
log "Checking the stored items against the generator (dates by month, titles, URLs)"
psql_db -c "SELECT to_char(item_date, 'YYYY-MM') || ' ' || count(*) FROM search_items GROUP BY to_char(item_date, 'YYYY-MM') ORDER BY 1" \
	>"$WORK/months-stored.txt"
python3 - "$MANIFEST" "$WORK/months-stored.txt" <<'PY' || die "the stored dates do not fall in the months the generator counted"
import json, sys
expected = json.load(open(sys.argv[1]))["months"]
stored = dict(line.split() for line in open(sys.argv[2]) if line.strip())
stored = {k: int(v) for k, v in stored.items()}
wrong = sorted(k for k in set(expected) | set(stored) if expected.get(k, 0) != stored.get(k, 0))
if wrong:
    sys.exit("months stored / expected: " + ", ".join(f"{k} {stored.get(k, 0)}/{expected.get(k, 0)}" for k in wrong[:12]))
PY
IFS='|' read -r BAD_TITLES BAD_URLS MIN_DATE MAX_DATE < <(psql_db -c "
	SELECT count(*) FILTER (WHERE title ~ '(\s\s|^\s|\s$|\t)'), count(*) FILTER (WHERE url !~ '^https?://[^/ ]'),
	       min(item_date), max(item_date) FROM search_items")
((BAD_TITLES == 0 && BAD_URLS == 0)) ||
	die "$BAD_TITLES stored titles hold runs of spaces or tabs, $BAD_URLS stored URLs are not absolute http(s)"

IFS='|' read -r N_ITEMS TABLE_SIZE INDEX_SIZES DB_SIZE < <(psql_db -c "
	SELECT (SELECT count(*) FROM search_items), pg_size_pretty(pg_table_size('search_items')),
	       (SELECT string_agg(c.relname || ' ' || pg_size_pretty(pg_relation_size(c.oid)), ', ' ORDER BY c.relname)
	          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'search_items'::regclass),
	       pg_size_pretty(pg_database_size(current_database()))")

# --- Checks --------------------------------------------------------------------------------

# GET $2 on port $1, answered 200: the body.
get() { # port path
	curl -sf "$(url "$1" "$2")" || die "GET $2 on port $1 failed: $(curl -s "$(url "$1" "$2")" | head -c 300)"
}

declare -A TOTAL SQL_COUNT GEN_COUNT
# One search: its total against PostgreSQL's count (folded_title LIKE, date bounds) and the
# generator's; every item on the first two pages within the filters, newest first, the
# second page (the next cursor) going on where the first ended.
check_search() { # key term-folded-or-empty after before
	local key=$1 term=$2 after=$3 before=$4 where=() sql answer
	[[ -z $term ]] || where+=("folded_title LIKE '%$term%'")
	[[ -z $after ]] || where+=("item_date >= DATE '$after'")
	[[ -z $before ]] || where+=("item_date < DATE '$before' + 1")
	sql="SELECT count(*) FROM search_items WHERE $(printf '%s AND ' "${where[@]}")TRUE"
	SQL_COUNT[$key]=$(psql_db -c "$sql")
	GEN_COUNT[$key]=$(expected_total "$term" "$after" "$before")
	answer=$(python3 - "$(url "$PORT" "${QUERY[$key]}")" "$term" "$after" "$before" <<'PY'
import datetime, json, sys, urllib.request
sys.path.insert(0, "bench")
from generate_search import fold
base, term, after, before = sys.argv[1:5]
low = datetime.datetime.fromisoformat(after) if after else None
high = datetime.datetime.fromisoformat(before) + datetime.timedelta(days=1) if before else None
with urllib.request.urlopen(base) as response:
    first = json.load(response)
pages = [first]
if first["next"]:
    with urllib.request.urlopen(base + "&cursor=" + first["next"]) as response:
        pages.append(json.load(response))
items = [item for page in pages for item in page["items"]]
keys = [(datetime.datetime.fromisoformat(item["date"]), item["id"]) for item in items]
problems = []
if keys != sorted(keys, reverse=True) or len(set(k[1] for k in keys)) != len(keys):
    problems.append("the first two pages are not newest first, or repeat an item")
for item, (date, _) in zip(items, keys):
    if term and term not in fold(" ".join(item["title"].split())):
        problems.append(f"item {item['id']}: title '{item['title']}' does not hold '{term}'")
    if (low and date < low) or (high and date >= high):
        problems.append(f"item {item['id']}: date {item['date']} outside the range")
total = first["total"]
if len(first["items"]) != min(first["limit"], total) or (first["next"] is None) != (total <= first["limit"]):
    problems.append(f"first page: {len(first['items'])} items and next {first['next']!r} for total {total}")
if len(pages) > 1 and (pages[1]["total"] != total or len(pages[1]["items"]) != min(first["limit"], total - first["limit"])):
    problems.append(f"second page: total {pages[1]['total']}, {len(pages[1]['items'])} items")
if problems:
    sys.exit("; ".join(problems[:5]))
print(total)
PY
) || die "GET ${QUERY[$key]}: wrong answer"
	TOTAL[$key]=$answer
	((TOTAL[$key] == SQL_COUNT[$key])) || die "GET ${QUERY[$key]}: total ${TOTAL[$key]}, PostgreSQL counts ${SQL_COUNT[$key]}"
	[[ -z ${GEN_COUNT[$key]} ]] || ((TOTAL[$key] == GEN_COUNT[$key])) ||
		die "GET ${QUERY[$key]}: total ${TOTAL[$key]}, the generator counted ${GEN_COUNT[$key]}"
	((TOTAL[$key] > 0)) || die "GET ${QUERY[$key]} finds nothing; choose another SEARCH_TERM, MONTH or TERM_YEARS"
	log "$key: GET ${QUERY[$key]}: total ${TOTAL[$key]}, as PostgreSQL counts${GEN_COUNT[$key]:+ and the generator}"
}

check_search term "$TERM_FOLDED" "" ""
check_search month "" "$MONTH_AFTER" "$MONTH_BEFORE"
check_search both "$TERM_FOLDED" "$YEARS_AFTER" "$YEARS_BEFORE"

# --- Measurements --------------------------------------------------------------------------

# wrk latency ("850.00us", "4.21ms", "1.04s", "1.20m") in milliseconds.
to_ms() {
	awk -v t="$1" 'BEGIN {
		if (t ~ /us$/) f = 0.001; else if (t ~ /ms$/) f = 1; else if (t ~ /m$/) f = 60000; else f = 1000
		sub(/[a-z]+$/, "", t); printf "%.3f", t * f }'
}

# One measured wrk run of $DURATION with $3 connections against the instance on port $2;
# keeps req/s, p50, p99, the requests wrk saw answered, the errors it saw and where the CPU
# went meanwhile.
run_wrk() { # key port connections path
	local key=$1 port=$2 connections=$3 path=$4 out wrk_cpu TIMEFORMAT='%U %S'
	out=$WORK/wrk-$key.txt
	cpu_begin "${INSTANCE_PID[$port]}"
	# wrk needs a connection per thread at least.
	{ time wrk -t"$((connections < 2 ? 1 : 2))" -c"$connections" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency \
		"$(url "$port" "$path")" >"$out"; } 2>"$out.cpu"
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
		"CPU (service, PostgreSQL, wrk, other) ${CPU[$key]}"
}

# Unmeasured wrk runs of $WARMUP until throughput stops rising: on a small machine the
# JIT compilers share the cores with the load, and a fresh instance takes 30 to 60 s of
# load to reach its steady state, in steps. Stops once two runs in a row come out no more
# than 5% above the best run before them (at least $WARMUP_MIN runs), or after $WARMUP_MAX runs.
warm_up() { # key port connections path
	local key=$1 port=$2 connections=$3 path=$4 best=0 rps runs=0 flat=0 trail=""
	while ((runs < WARMUP_MAX)); do
		wait_idle
		rps=$(wrk -t2 -c"$connections" -d"$WARMUP" --timeout "$WRK_TIMEOUT" "$(url "$port" "$path")" |
			awk '/^Requests\/sec:/ { print $2 }') || true
		[[ -n $rps ]] || die "$key: warm-up run ($path) on port $port failed"
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

# Warm-up, then the measured run, on an idle database.
measure() { # key path
	local key=$1 path=$2
	log "$key: warm-up, then $DURATION of GET $path on port $PORT with $CONNECTIONS connections"
	warm_up "$key" "$PORT" "$CONNECTIONS" "$path"
	wait_idle
	run_wrk "$key" "$PORT" "$CONNECTIONS" "$path"
}

# One connection on the warm instance: the latency of a request when nothing queues.
measure_single() { # key path
	local key=$1 path=$2
	log "$key: $DURATION of GET $path on port $PORT with 1 connection, no warm-up (warmed by the runs before)"
	WARMUP_RUNS[$key]=0
	wait_idle
	run_wrk "$key" "$PORT" 1 "$path"
}

for key in term month both; do
	measure "$key" "${QUERY[$key]}"
	# Fewer searches at once than the machine can answer: latency short of saturation.
	CONNECTIONS=$MODERATE measure "$key-moderate" "${QUERY[$key]}"
done
for key in term month both; do
	measure_single "$key-single" "${QUERY[$key]}"
done
# What the web stack alone manages on this machine: an endpoint that touches no database.
measure floor /actuator/health/liveness

stop_instances
flush_redis

# The SQL behind each search, on its own, as dev.keel.platform.Listing builds it: the
# matches of a substring filter found first in a subquery and counted by a window, a date
# range read in index order and counted apart. The service's statements have parameters:
# PostgreSQL plans them for their values the first 5 times (a custom plan), then keeps a
# generic plan if its estimated cost is no higher than theirs, so both are timed, each as
# a prepared statement forced to one kind of plan: two unmeasured runs, then one with
# EXPLAIN (ANALYZE, BUFFERS), kept in $WORK/explain-<key>-<plan>.txt.
declare -A SQL_MS SQL_COST SQL_PLAN
explain() { # key parameter-types sql values
	local key=$1 types=$2 sql=$3 values=$4 plan out
	for plan in custom generic; do
		out=$WORK/explain-$key-$plan.txt
		psql_db >"$out" <<-SQL
			SET plan_cache_mode = force_${plan}_plan;
			PREPARE q ($types) AS $sql;
			\o /dev/null
			EXPLAIN (ANALYZE) EXECUTE q ($values);
			EXPLAIN (ANALYZE) EXECUTE q ($values);
			\o
			EXPLAIN (ANALYZE, BUFFERS) EXECUTE q ($values);
		SQL
		SQL_MS[$key-$plan]=$(awk '/Execution Time:/ { printf(($3 < 10) ? "%.2f" : "%.1f", $3) }' "$out")
		SQL_COST[$key-$plan]=$(sed -n '1s/.*cost=[0-9.]*\.\.\([0-9.]*\) .*/\1/p' "$out")
		# The scans, in plan order: "Bitmap Index Scan on search_items_title_trigrams, ..."
		SQL_PLAN[$key-$plan]=$(grep -oE '(BitmapAnd|BitmapOr|(Parallel )?(Seq Scan|Index Only Scan|Index Scan( Backward)?|Bitmap Index Scan)( using| on) [a-z_]+)' "$out" |
			sed -E 's/ (using|on) / /' | paste -sd, - | sed 's/,/, /g')
		[[ -n ${SQL_MS[$key-$plan]} ]] || die "EXPLAIN of the $key search failed: $(head -5 "$out")"
	done
}
# ORDER BY and the page, with the parameter numbers of the offset and the rows.
page_sql() { echo "ORDER BY t.item_date DESC, t.id DESC OFFSET \$$1 ROWS FETCH FIRST \$$2 ROWS ONLY"; }
MATCHES_SQL='SELECT t.*, COUNT(*) OVER () AS full_count FROM (SELECT t.id, t.title, t.url, t.item_date FROM search_items t WHERE'
LIKE_PATTERN="'%$TERM_FOLDED%'"
# The words the service narrows a one-word term by (dev.keel.search.Items): those of the
# vocabulary that contain it, and the marker of titles with a word too long to index.
# (A literal: EXECUTE takes no subquery.)
TERM_WORDS=$(psql_db -c "SELECT quote_literal(ARRAY(SELECT word FROM search_words WHERE word LIKE $LIKE_PATTERN) || ARRAY[' '])")::text[]
log "Timing the SQL of each search on its own, custom and generic plans (plans: $WORK/explain-*.txt)"
explain term "text, text[], bigint, bigint" \
	"$MATCHES_SQL t.folded_title LIKE \$1 ESCAPE '\\' AND t.title_words && \$2 OFFSET 0 ROWS) t $(page_sql 3 4)" \
	"$LIKE_PATTERN, $TERM_WORDS, 0, 21"
explain month-page "timestamp, timestamp, bigint, bigint" \
	"SELECT t.id, t.title, t.url, t.item_date FROM search_items t WHERE t.item_date >= \$1 AND t.item_date < \$2 $(page_sql 3 4)" \
	"'$MONTH_AFTER', DATE '$MONTH_BEFORE' + 1, 0, 21"
explain month-count "timestamp, timestamp" \
	"SELECT COUNT(*) FROM search_items t WHERE t.item_date >= \$1 AND t.item_date < \$2" \
	"'$MONTH_AFTER', DATE '$MONTH_BEFORE' + 1"
explain both "text, text[], timestamp, timestamp, bigint, bigint" \
	"$MATCHES_SQL t.folded_title LIKE \$1 ESCAPE '\\' AND t.title_words && \$2 OFFSET 0 ROWS) t WHERE t.item_date >= \$3 AND t.item_date < \$4 $(page_sql 5 6)" \
	"$LIKE_PATTERN, $TERM_WORDS, '$YEARS_AFTER', DATE '$YEARS_BEFORE' + 1, 0, 21"

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
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf((100 * a / b < 0.1) ? "%.3f %%" : "%.1f %%", 100 * a / b) }'; }

# Target and verdict of a wrk row: "p50 < N" (ms), or nothing.
verdict() { # key [p50 limit]
	local key=$1 ok=yes target
	if [[ ${2:-} == p50 ]]; then
		target="p50 < $3 ms"
		lt "${P50[$key]}" "$3" || ok=no
	else
		if ((ERRORS[$key] == 0)); then echo "— | —"; else echo "— | **${ERRORS[$key]} errors**"; fi
		return
	fi
	((ERRORS[$key] == 0)) || ok="no (${ERRORS[$key]} errors)"
	[[ $ok == yes ]] || ok="**$ok**"
	echo "$target | $ok"
}

row() { # key label notes [p50 limit]
	echo "| $2 | $(thousands "${RPS[$1]}") req/s | $(ms "${P50[$1]}") | $(ms "${P99[$1]}") | $3 | $(verdict "$1" "${@:4}") |"
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
n_batches=$(thousands "$BATCHES")
if [[ -n $GENERATED ]]; then
	data_note="generated by this run in $GENERATED s"
else
	data_note="reused, generated earlier in $(manifest 'm["seconds"]') s"
fi
ratio() { percent "$1" "$ITEMS"; }

REPORT=$WORK/report.md
{
	echo "# Content search benchmark, $STARTED_AT"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc) × ${cpu:-unknown}; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
	echo "- PostgreSQL: $(psql_db -c 'SHOW server_version') (database $DB)"
	echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); service, PostgreSQL, the load generator and Redis share the machine"
	echo "- Keel: $COMMIT, production profile, search cache off (KEEL_SEARCH_CACHE_ENABLED=false), port $PORT"
	echo "- Ingest: $n_batches requests POST /v1/bulk of $(thousands "$BATCH") records from $CLIENTS senders" \
		"(Python http.client, a keep-alive connection each), into a new database"
	echo "- Searches: wrk -t2 -c$CONNECTIONS (and -c$MODERATE, and -t1 -c1) -d$DURATION --timeout $WRK_TIMEOUT --latency," \
		"after warm-up runs of $WARMUP until throughput stops rising (count in the last table)"
	echo
	echo "## Data"
	echo
	echo "- $(thousands "$ITEMS") records in $n_batches request bodies ($(manifest 'format(m["bytes"] / 1e6, ",.0f")') MB)," \
		"bench/generate_search.py, seed $SEED, $data_note ($GEN_JOBS processes): $DATA"
	echo "- expected and answered: $(thousands "$X_INSERTED") new items, $(thousands "$X_DUPLICATES") duplicates" \
		"($(thousands "$X_DUP_SAME") repeating a record of the same request, $(thousands "$X_DUP_EARLIER") one of an" \
		"earlier request, each written differently), $(thousands "$X_REJECTED") rejected (title $(thousands "$X_REJ_TITLE")," \
		"uri $(thousands "$X_REJ_URI"), date $(thousands "$X_REJ_DATE"))"
	echo "- titles: $(manifest '", ".join("%s %.0f %%" % (k, 100 * v / m["expected"]["inserted"]) for k, v in m["languages"].items())')" \
		"by language; dates $(manifest 'm["window"][0]') to $(manifest 'm["window"][1]') (stored $MIN_DATE to $MAX_DATE)," \
		"formats: $(manifest '", ".join("%s %.0f %%" % (k, 100 * v / m["expected"]["inserted"]) for k, v in m["date_formats"].items())')"
	echo "- PostgreSQL: $(thousands "$N_ITEMS") items; table $TABLE_SIZE; indexes $INDEX_SIZES; database $DB_SIZE." \
		"Checked after the ingest: items by month as the generator counted them, titles collapsed, URLs absolute http(s)"
	if ((INGESTED)); then
		echo "- ingested by this run; then VACUUM (ANALYZE) search_items in $VACUUM_SECONDS s"
	else
		echo "- REUSE=1: the database of an earlier run ($INGEST_BEFORE); the ingest was not measured"
	fi
	echo "- searches: '$SEARCH_TERM' folds to '$TERM_FOLDED', in $(thousands "${TOTAL[term]}") titles ($(ratio "${TOTAL[term]}"));" \
		"$MONTH_AFTER to $MONTH_BEFORE: $(thousands "${TOTAL[month]}") items; the term from $YEARS_AFTER to $YEARS_BEFORE:" \
		"$(thousands "${TOTAL[both]}") items. Each total equals PostgreSQL's count (folded_title LIKE, date bounds)" \
		"$( [[ -n ${GEN_COUNT[term]} ]] && echo "and the generator's" || echo "(the generator did not count this term)")"
	echo
	echo "## Results"
	echo
	echo "| measurement | req/s or items/s | p50 | p99 | notes | target | met? |"
	echo "|---|---:|---:|---:|---|---|---|"
	if ((INGESTED)); then
		ok=yes
		ge "$RATE" 50000 || ok="**no**"
		read -r slow fast < <(python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["segments"]
r = [x["rate"] for x in s]; print(min(r), max(r))' "$INGEST_JSON")
		echo "| POST /v1/bulk, $(thousands "$ITEMS") records, $CLIENTS senders | $(thousands "$RATE") items/s |" \
			"$(ms "$I_P50") | $(ms "$I_P99") | $(thousands "$STORED_RATE") stored/s; $I_SECONDS s in all; per slice of" \
			"$(thousands "$SEGMENT") $(thousands "$slow") to $(thousands "$fast") items/s; p50 and p99 per request of" \
			"$(thousands "$BATCH") | ≥ 50,000 items/s | $ok |"
	else
		echo "| POST /v1/bulk | — | — | — | not measured: REUSE=1 kept the database | ≥ 50,000 items/s | — |"
	fi
	row term "GET /v1/?${LABEL[term]}" "total $(thousands "${TOTAL[term]}"), first page (20)" p50 50
	row term-moderate "GET /v1/?${LABEL[term]}, $MODERATE connections" "short of saturation" p50 50
	row month "GET /v1/?${LABEL[month]}" "total $(thousands "${TOTAL[month]}"), first page (20)" p50 50
	row month-moderate "GET /v1/?${LABEL[month]}, $MODERATE connections" "short of saturation" p50 50
	row both "GET /v1/?${LABEL[both]}" "total $(thousands "${TOTAL[both]}"), first page (20)" p50 50
	row both-moderate "GET /v1/?${LABEL[both]}, $MODERATE connections" "short of saturation" p50 50
	row term-single "GET /v1/?${LABEL[term]}, 1 connection" "latency without queueing"
	row month-single "GET /v1/?${LABEL[month]}, 1 connection" "latency without queueing"
	row both-single "GET /v1/?${LABEL[both]}, 1 connection" "latency without queueing"
	row floor "GET /actuator/health/liveness (no database)" "floor of the web stack"
	echo
	echo "- Ingest: items/s is records posted (stored, duplicates and rejected alike) over the wall-clock time from" \
		"the first request to the last answer; every answer was checked against the generator (per request: records" \
		"accounted for and rejections; in all: inserted, duplicates, rejections by field) and the stored rows counted" \
		"in PostgreSQL."
	if ((INGESTED && I_MOVED)); then
		echo "- $I_MOVED requests stored an item another request in flight also held (the totals are exact)."
	fi
	echo "- Searches: one instance, search cache off, default page (limit 20). Targets from the issue: ingest ≥" \
		"50,000 items/s, search p50 < 50 ms at 10,000,000 items; the $CONNECTIONS- and $MODERATE-connection rows" \
		"are held to it, the 1-connection rows show a request's latency without a queue. A row with wrk errors" \
		"(non-2xx answers, timeouts) is never counted as met."
	echo "- wrk keeps $CONNECTIONS requests in flight, so once the machine is saturated p50 is about" \
		"$CONNECTIONS / throughput: p50 < 50 ms at $CONNECTIONS connections takes about" \
		"$(thousands $((CONNECTIONS * 20))) req/s."
	if ((INGESTED)); then
		echo
		echo "## Ingest slice by slice"
		echo
		echo "Each slice ends when its last answer is in; with $CLIENTS senders a slice may start before the one" \
			"before it has ended."
		echo
		echo "| records | items/s | seconds | request p50 |"
		echo "|---|---:|---:|---:|"
		python3 - "$INGEST_JSON" <<'PY'
import json, sys
for s in json.load(open(sys.argv[1]))["segments"]:
    print(f"| {s['from']:,}–{s['to']:,} | {s['rate']:,.0f} | {s['seconds']:.1f} | {s['p50']:,.0f} ms |")
PY
	fi
	echo
	echo "## The SQL alone"
	echo
	echo "Each search's statements in psql, as dev.keel.platform.Listing builds them, prepared with the service's" \
		"parameters; execution time after two unmeasured runs, and PostgreSQL's estimated cost. PostgreSQL plans a" \
		"prepared statement for its values the first 5 times (custom plan), then keeps the generic plan if its" \
		"estimated cost is no higher than the custom plans' (pgJDBC prepares on the server from the 5th use)." \
		"Plans in $WORK/explain-<search>-<plan>.txt."
	echo
	echo "| search | custom plan | time | cost | generic plan | time | cost |"
	echo "|---|---|---:|---:|---|---:|---:|"
	for key in term month-page month-count both; do
		case $key in
			term) label="${LABEL[term]}: matches in a subquery, counted by a window" ;;
			month-page) label="${LABEL[month]}: the page" ;;
			month-count) label="${LABEL[month]}: the count" ;;
			both) label="${LABEL[both]}: matches in a subquery, counted by a window" ;;
		esac
		echo "| $label | ${SQL_PLAN[$key-custom]} | ${SQL_MS[$key-custom]} ms | ${SQL_COST[$key-custom]} |" \
			"${SQL_PLAN[$key-generic]} | ${SQL_MS[$key-generic]} ms | ${SQL_COST[$key-generic]} |"
	done
	echo
	echo "## Runs one by one"
	echo
	echo "CPU in cores, of $(nproc); \"wrk / client\" is wrk's own or the bulk client's; \"other\" is everything else" \
		"on the machine (Redis, kernel threads, other people's work, their PostgreSQL backends included)."
	echo
	echo "| run | warm-up runs | req/s or items/s | p50 | p99 | errors | service JVM | PostgreSQL | wrk / client | other |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	if ((INGESTED)); then
		read -r svc pg wk other <<<"${CPU[ingest]}"
		echo "| ingest | 0 | $(thousands "$RATE") | $(ms "$I_P50") | $(ms "$I_P99") | $I_ERRORS | $svc | $pg | $wk | $other |"
	fi
	for key in term term-moderate month month-moderate both both-moderate term-single month-single both-single floor; do
		read -r svc pg wk other <<<"${CPU[$key]}"
		echo "| $key | ${WARMUP_RUNS[$key]} | $(thousands "${RPS[$key]}") | $(ms "${P50[$key]}") | $(ms "${P99[$key]}") |" \
			"${ERRORS[$key]} | $svc | $pg | $wk | $other |"
	done
} >"$REPORT"

cat "$REPORT"
save_report search "$REPORT"
