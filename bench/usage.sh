#!/usr/bin/env bash
# Usage-over-time benchmark: GET /stats/?from=&to= over a 30-day window of daily buckets
# holding 1,000,000 distinct paths, on the production profile (counts in Redis). See
# README "Usage over time" and "Benchmarks".
#
#   bench/usage.sh                       # from the repository root
#   KEEL_REV=HEAD DURATION=20s bench/usage.sh
#   BENCH_QUICK=1 bench/usage.sh         # a smoke run: 20,000 paths, short runs
#
# The buckets are written straight into Redis as the store's add script writes them
# (each day's sorted set of paths with negated counts, its clients and total, EXPIREAT,
# and the list of buckets that a reset reads), pipelined through redis-cli --pipe: a
# million HTTP requests would take the service minutes and measure counting, not
# windows. Then, in one run: the first (cold) request of three windows of the same size,
# which builds each window's ranking; GET /stats/ on the warm window with wrk, within
# one reuse period and over several (with the rebuilds); and the ceiling, the same reads
# as raw Redis commands without HTTP (redis-benchmark), plus a one-shot ZUNIONSTORE of
# the 30 buckets for comparison with the stepwise build.
#
# Progress goes to stderr; the report goes to stdout and to
# bench/results/usage-<UTC timestamp>.md. Bulky output stays in bench/work/usage/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	: "${PATHS:=20000}" "${DURATION:=3s}" "${LONG_DURATION:=5s}"
fi
PATHS=${PATHS:-1000000}            # distinct paths, spread evenly over the days
DAYS=${DAYS:-30}                   # daily buckets in the window (the last one is today)
DURATION=${DURATION:-20s}          # wrk run within one reuse period (keel.stats.window-reuse, 30 s)
LONG_DURATION=${LONG_DURATION:-95s} # wrk run over several reuse periods, rebuilds included
CONNECTIONS=${CONNECTIONS:-4}      # wrk connections
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
# The helper's own Redis database and PostgreSQL database (both emptied or created here).
REDIS_DEFAULT_DB=5
DB=${DB:-test_usage}
KEEL_REV=${KEEL_REV:-}
WORK=bench/work/usage

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/usage.sh: %s\033[0m\n' "$*" >&2; exit 1; }

for name in PATHS DAYS CONNECTIONS; do
	[[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number, not '${!name}'"
done
((DAYS >= 1 && DAYS <= 400 && PATHS >= DAYS && CONNECTIONS >= 2)) ||
	die "DAYS must be 1 to 400, PATHS at least DAYS, CONNECTIONS at least 2"

mkdir -p "$WORK"
source bench/lib.sh
require_tools wrk python3 psql createdb curl redis-cli redis-benchmark
pick_port PORT
source bench/build-jar.sh
ensure_database "$DB"

load() { awk '{ print $1, $2, $3 }' /proc/loadavg; }

# --- Run -----------------------------------------------------------------------------------

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_BEFORE=$(load)
flush_redis
start_instance usage "$PORT" "$DB"

# The deployment's stats keys: one counted request and a report write them.
curl -sf "$(url "$PORT" /api/usage/probe)" >/dev/null || die "GET /api/usage/probe failed"
curl -sf "$(url "$PORT" /stats/?limit=1)" >/dev/null || die "GET /stats/ failed"
TOTAL_KEY=$(redis_cli --scan --pattern '*stats:}total' | head -1)
[[ -n $TOTAL_KEY ]] || die "no stats total key in Redis database $REDIS_DB"
PREFIX=${TOTAL_KEY%total}
log "Stats keys: $PREFIX..."

TODAY=$(date -u +%F)
FIRST=$(date -u -d "$TODAY - $((DAYS - 1)) days" +%F)

log "Filling $PATHS distinct paths over $DAYS daily buckets ($FIRST to $TODAY)"
FILL_STARTED=$(date +%s.%N)
python3 - "$PREFIX" "$PATHS" "$DAYS" "$TODAY" <<'PY' | redis_cli --pipe >"$WORK/fill.txt"
import datetime, random, sys

prefix, paths, days, today = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
out = sys.stdout.buffer
random.seed(7)

def command(*words):
    parts = [b"*%d\r\n" % len(words)]
    for word in words:
        data = word if isinstance(word, bytes) else str(word).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    out.write(b"".join(parts))

last = datetime.date.fromisoformat(today)
retention = 400 * 86400
for d in range(days):
    day = last - datetime.timedelta(days=days - 1 - d)
    name = "d:" + day.isoformat()
    start = int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp())
    expiry = start + 86400 + retention
    urls, clients, total = prefix + name + ":urls", prefix + name + ":clients", prefix + name + ":total"
    requests = 0
    share = range(d, paths, days)  # path i falls on day i % days
    batch = []
    for i in share:
        count = random.randint(1, 50)
        requests += count
        batch += [str(-count), "/api/usage/%07d" % i]
        if len(batch) >= 2000:
            command("ZADD", urls, *batch)
            batch = []
    if batch:
        command("ZADD", urls, *batch)
    command("ZADD", clients, -(requests // 3), "reporting", -(requests - requests // 3), "anonymous")
    command("INCRBY", total, requests)
    for key in (urls, clients, total):
        command("EXPIREAT", key, expiry)
    command("ZADD", prefix + "buckets", expiry, name)
PY
FILL_SECONDS=$(awk -v a="$FILL_STARTED" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
grep -q 'errors: 0' "$WORK/fill.txt" || { cat "$WORK/fill.txt" >&2; die "redis-cli --pipe reported errors"; }
log "Filled in $FILL_SECONDS s: $(tail -1 "$WORK/fill.txt")"

# A window of $DAYS days ending today, and two more of $DAYS + 1 and $DAYS + 2 days (the
# extra days empty), so that three cold requests each build a ranking of every path.
window() { # extra-days
	echo "from=$(date -u -d "$FIRST - $1 days" +%F)&to=$TODAY"
}
WINDOW=$(window 0)

# One page of the window: prints total_requests distinct_urls items, and checks the order.
check_page() { # query
	curl -sf "$(url "$PORT" "/stats/?$1")" | python3 -c '
import json, sys
page = json.load(sys.stdin)
keys = [(-i["count"], i["url"].encode()) for i in page["items"]]
if keys != sorted(keys):
    sys.exit("the page is not in the report order")
print(page["total_requests"], page["distinct_urls"], len(page["items"]))'
}

declare -a COLD
for extra in 0 1 2; do
	query=$(window "$extra")
	seconds=$(curl -s -o "$WORK/cold-$extra.json" -w '%{http_code} %{time_total}' "$(url "$PORT" "/stats/?$query")")
	[[ ${seconds%% *} == 200 ]] || die "cold GET /stats/?$query answered ${seconds%% *}: $(head -c 300 "$WORK/cold-$extra.json")"
	COLD+=("$(awk -v s="${seconds#* }" 'BEGIN { printf "%.0f", s * 1000 }')")
	log "cold GET /stats/?$query: ${COLD[-1]} ms"
done
read -r TOTAL DISTINCT ITEMS <<<"$(check_page "$WINDOW")"
((DISTINCT >= PATHS && ITEMS == 100)) || die "the window holds $DISTINCT paths and its page $ITEMS items; expected $PATHS and 100"
log "The window: $TOTAL requests over $DISTINCT paths"

# wrk latency ("850.00us", "4.21ms", "1.04s") in milliseconds.
to_ms() {
	awk -v t="$1" 'BEGIN {
		if (t ~ /us$/) f = 0.001; else if (t ~ /ms$/) f = 1; else if (t ~ /m$/) f = 60000; else f = 1000
		sub(/[a-z]+$/, "", t); printf "%.2f", t * f }'
}

declare -A RPS P50 P99 MAX ERRORS
run_wrk() { # key duration
	local out=$WORK/wrk-$1.txt
	wrk -t2 -c"$CONNECTIONS" -d"$2" --timeout "$WRK_TIMEOUT" --latency "$(url "$PORT" "/stats/?$WINDOW")" >"$out"
	RPS[$1]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	P50[$1]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99[$1]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	MAX[$1]=$(to_ms "$(awk '$1 == "Latency" { print $4 }' "$out")")
	ERRORS[$1]=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
	log "$1: ${RPS[$1]} req/s, p50 ${P50[$1]} ms, p99 ${P99[$1]} ms, max ${MAX[$1]} ms, errors ${ERRORS[$1]}"
}

RANKING=${PREFIX}w:urls:day:$(date -u -d "$FIRST" +%s):$(date -u -d "$TODAY + 1 day" +%s)
[[ $(redis_cli EXISTS "$RANKING") == 1 ]] || die "no window ranking under $RANKING"

# The JIT first (the cold requests above were the endpoint's first), then a fresh
# ranking, so that the short run falls within one reuse period (30 s): the ranking is
# dropped as an operator would, and the next request builds it again.
log "Warm-up: 5 s of wrk"
wrk -t2 -c"$CONNECTIONS" -d5s "$(url "$PORT" "/stats/?$WINDOW")" >"$WORK/wrk-warmup.txt"
redis_cli UNLINK "$RANKING" "$RANKING#total" "$RANKING#fresh" >/dev/null
seconds=$(curl -s -o /dev/null -w '%{time_total}' "$(url "$PORT" "/stats/?$WINDOW")")
COLD+=("$(awk -v s="$seconds" 'BEGIN { printf "%.0f", s * 1000 }')")
log "cold GET /stats/?$WINDOW, warm JVM: ${COLD[-1]} ms"
run_wrk within "$DURATION"
run_wrk across "$LONG_DURATION"

# The ceiling: what the service asks Redis for a page, without HTTP or Java.
curl -sf "$(url "$PORT" "/stats/?$WINDOW")" >/dev/null
PAGE_LUA="return {redis.call('GET', KEYS[2]), redis.call('ZCARD', KEYS[1]), redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')}"
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" --dbnum "$REDIS_DB" -n 20000 -c "$CONNECTIONS" --csv \
	EVAL "$PAGE_LUA" 2 "$RANKING" "$RANKING#total" 0 99 >"$WORK/ceiling.csv"
# The test's name (the command, commas and all) comes first: the figures are read from the end.
read -r CEIL_RPS CEIL_P50 CEIL_P99 < <(tail -1 "$WORK/ceiling.csv" | tr -d '"' |
	awk -F, '{ printf "%.0f %s %s\n", $(NF - 6), $(NF - 3), $(NF - 1) }')
log "ceiling (page script, no HTTP): $CEIL_RPS/s, p50 $CEIL_P50 ms, p99 $CEIL_P99 ms"
SOURCES=()
for d in $(seq 0 $((DAYS - 1))); do SOURCES+=("${PREFIX}d:$(date -u -d "$FIRST + $d days" +%F):urls"); done
UNION_STARTED=$(date +%s.%N)
redis_cli ZUNIONSTORE "${PREFIX}bench:union" "$DAYS" "${SOURCES[@]}" >/dev/null
UNION_MS=$(awk -v a="$UNION_STARTED" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
RANKING_MEMORY=$(redis_cli MEMORY USAGE "${PREFIX}bench:union")
redis_cli UNLINK "${PREFIX}bench:union" >/dev/null
log "one-shot ZUNIONSTORE of the $DAYS buckets: $UNION_MS ms (Redis serves nobody else meanwhile)"
LOAD_AFTER=$(load)

# --- Report --------------------------------------------------------------------------------

thousands() { printf "%'d" "$1" 2>/dev/null || echo "$1"; }
met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t) ? "yes" : "**no**" }'; }
REPORT=$WORK/report.md
{
	echo "# Usage over time: GET /stats/?from=&to= over $DAYS days, $(thousands "$DISTINCT") paths"
	echo
	echo "Run $STARTED_AT, commit ${COMMIT:-working tree}, $(nproc) cores ($(awk -F: '/model name/ { print $2; exit }' /proc/cpuinfo | sed 's/^ *//')), Redis $(redis_version), $("$JAVA" -version 2>&1 | head -1)."
	echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER."
	echo
	echo "| measurement | result | target | met? |"
	echo "|---|---|---|---|"
	echo "| \`GET /stats/?$WINDOW\`, warm, $CONNECTIONS connections, $DURATION within one reuse period | p50 ${P50[within]} ms, p99 ${P99[within]} ms, $(thousands "${RPS[within]}") req/s | p50 < 50 ms | $(met "${P50[within]}" 50) |"
	echo "| the same over $LONG_DURATION (rankings rebuilt every 30 s) | p50 ${P50[across]} ms, p99 ${P99[across]} ms, max ${MAX[across]} ms, $(thousands "${RPS[across]}") req/s | p50 < 50 ms | $(met "${P50[across]}" 50) |"
	echo "| first (cold) request of a window: cold JVM, 3 windows of $(thousands "$DISTINCT") paths | ${COLD[0]} / ${COLD[1]} / ${COLD[2]} ms | — | — |"
	echo "| first request once the ranking is dropped, warm JVM | ${COLD[3]} ms | — | — |"
	echo "| ceiling: the page script in Redis, no HTTP, $CONNECTIONS clients | p50 $CEIL_P50 ms, p99 $CEIL_P99 ms, $(thousands "$CEIL_RPS")/s | — | — |"
	echo "| ceiling of a cold build: one ZUNIONSTORE of the $DAYS buckets | $UNION_MS ms, Redis blocked throughout | — | — |"
	echo
	echo "- Filled straight into Redis (bench/usage.sh, redis-cli --pipe, $FILL_SECONDS s): $(thousands "$PATHS") paths" \
		"/api/usage/NNNNNNN, path i on day i mod $DAYS, each with 1 to 50 requests; $(thousands "$TOTAL") requests in" \
		"the window. The union takes $(thousands "$RANKING_MEMORY") bytes in Redis (MEMORY USAGE)."
	echo "- A window's ranking is reused for keel.stats.window-reuse (30 s), then answers stale for as long again while" \
		"the next one is built in the background; the $LONG_DURATION run spans several such rebuilds, which share the" \
		"2 cores with the requests."
	echo "- The cold build is stepwise (10,000 paths per script call), so Redis answers everyone else in between; the" \
		"one-shot ZUNIONSTORE is what a single command would block Redis for."
	echo "- wrk errors: within ${ERRORS[within]}, across ${ERRORS[across]}. GET /stats/ requests are counted too (under /stats/)."
	echo "- The machine is shared: a load average above $(nproc) means other work (builds, test suites) ran alongside."
} >"$REPORT"
cat "$REPORT"
save_report usage "$REPORT"
