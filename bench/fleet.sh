#!/usr/bin/env bash
# Fleet benchmark: throughput of GET /rates (cache on and off) and GET /api/... (request
# counting) through nginx with 1, 2 and 3 instances started by deploy/fleet, beside one
# instance without nginx (what the balancer costs). See bench/README.md.
#
#   bench/fleet.sh                       # from the repository root
#   BENCH_QUICK=1 bench/fleet.sh         # a smoke run: short wrk runs, the figures mean nothing
#
# Progress goes to stderr; the report goes to stdout and to bench/results/fleet-<UTC
# timestamp>.md. Everything bulky (build, import, instance and nginx logs, raw wrk output)
# stays in bench/work/fleet/, which git ignores. Addresses: see bench/lib.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	# A smoke run: every step once, with short runs, in a database of its own.
	: "${DURATION:=3s}" "${WARMUP:=1s}" "${WARMUP_MIN:=1}" "${WARMUP_MAX:=2}" "${DB:=bench_fleet_quick}"
fi
DURATION=${DURATION:-20s}          # length of each measured wrk run
CONNECTIONS=${CONNECTIONS:-32}     # wrk connections, the same for every run
WARMUP=${WARMUP:-5s}               # one warm-up run; they repeat until throughput stops rising
WARMUP_MIN=${WARMUP_MIN:-8}        # warm-up runs at least: the JIT takes 30 to 60 s here
WARMUP_MAX=${WARMUP_MAX:-16}       # warm-up runs at most, per measurement
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}    # wrk's default (2 s) drops slower requests from the percentiles
FLEETS=${FLEETS:-1 2 3}            # fleet sizes measured through nginx
API_URLS=${API_URLS:-100000}       # distinct /api/ paths the counted load picks from
# The rates cache and the counts live in a Redis database of its own, emptied at the start
# and at the end (not 0: the test suites use it).
REDIS_DEFAULT_DB=10
DB=${DB:-bench_fleet}              # PostgreSQL database, dropped and created on every run
KEEL_RABBITMQ_URL=${KEEL_RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}
# Empty: build the working tree. A commit (KEEL_REV=HEAD): build that, from a clean export.
KEEL_REV=${KEEL_REV:-}

DATA=../shared/data/ratestask/rates.sql
WORK=bench/work/fleet
LUA=bench/library-random.lua
# The README example: a port against a region subtree, 10 days.
RATES_QUERY="date_from=2016-01-01&date_to=2016-01-10&origin=CNSGH&destination=north_europe_main"
RATES_DAYS=10

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/fleet.sh: %s\033[0m\n' "$*" >&2; exit 1; }

mkdir -p "$WORK"
[[ -r $DATA ]] || die "dataset not found: $DATA (expected next to the repository, in ../shared/data/ratestask/)"
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB must be a plain lower-case name, not '$DB'"
for n in $FLEETS; do [[ $n =~ ^[1-9]$ ]] || die "FLEETS must be fleet sizes of 1 to 9, not '$FLEETS'"; done

# Addresses (KEEL_BENCH_DB_URL, KEEL_BENCH_REDIS_URL) and reports. The instances are the
# fleet's own (deploy/fleet), not lib.sh's.
source bench/lib.sh
require_tools wrk python3 psql createdb dropdb curl

# A JDK 21+ ($JAVA, exported JAVA_HOME: deploy/fleet runs the same java), and the jar
# under test built into $WORK ($JAR, $COMMIT).
source bench/build-jar.sh

now() { date +%s.%N; }
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
ms() { awk -v t="$1" 'BEGIN { printf((t < 10) ? "%.2f" : "%.1f", t) }'; }

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(load_average)
log "Load average at the start: $LOAD_START"

# --- The fleet -----------------------------------------------------------------------------

# deploy/fleet keeps its state here; the instances take the environment it is run with.
export KEEL_FLEET_DIR=$PWD/$WORK/fleet KEEL_FLEET_JAR=$PWD/$JAR
keel_env "$DB"
export "${KEEL_ENV[@]}" KEEL_RABBITMQ_URL

BALANCER=
FLEET_PIDS=()
FLEET_PORTS=()
NGINX_PID=

fleet_start() { # instances [VAR=value...]
	local count=$1 out pid port state
	shift
	log "Starting a fleet of $count${*:+ with $*}"
	# Once more on failure: deploy/fleet picks nginx's port before the instances start, from
	# a range that overlaps the kernel's ephemeral ports, and their own outgoing connections
	# (PostgreSQL, Redis, RabbitMQ) can take it meanwhile. A failed start leaves nothing running.
	local attempt
	for attempt in 1 2 3; do
		out=$(env "$@" deploy/fleet start "$count" 2>>"$WORK/fleet.log") && break
		tail -3 "$WORK/fleet.log" >&2
		((attempt < 3)) || die "deploy/fleet start $count failed (logs in $KEEL_FLEET_DIR)"
		log "deploy/fleet start $count failed; once more"
	done
	BALANCER=$(tail -1 <<<"$out")
	[[ $BALANCER =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || die "deploy/fleet start printed '$BALANCER', not the balancer's URL"
	FLEET_PIDS=()
	FLEET_PORTS=()
	while read -r pid port state; do
		[[ $state == ready ]] || die "instance on port $port is $state"
		FLEET_PIDS+=("$pid")
		FLEET_PORTS+=("$port")
	done < <(deploy/fleet status)
	((${#FLEET_PIDS[@]} == count)) || die "deploy/fleet status lists ${#FLEET_PIDS[@]} instances, not $count"
	NGINX_PID=$(cat "$KEEL_FLEET_DIR/nginx.pid")
	log "Balancer $BALANCER, instances on ports ${FLEET_PORTS[*]}"
}

fleet_stop() {
	[[ -f $KEEL_FLEET_DIR/instances ]] || return 0
	deploy/fleet stop 2>>"$WORK/fleet.log" || log "deploy/fleet stop failed (logs in $KEEL_FLEET_DIR)"
	BALANCER=
	FLEET_PIDS=()
	FLEET_PORTS=()
	NGINX_PID=
}

# The instances' queues are named after the database's deployment id (a quorum queue and
# its dead-letter queue in RabbitMQ); deleted at the end so that runs leave no queues.
DEPLOYMENT=
delete_queues() {
	[[ -n $DEPLOYMENT ]] && command -v rabbitmqctl >/dev/null || return 0
	local queue
	for queue in "keel:$DEPLOYMENT:rates.batches" "keel:$DEPLOYMENT:rates.batches.dead"; do
		rabbitmqctl -q delete_queue "$queue" >/dev/null 2>&1 || log "queue $queue not deleted (rabbitmqctl)"
	done
}
finish() {
	fleet_stop
	delete_queues
	flush_redis 2>/dev/null || true
}
trap finish EXIT
[[ ! -f $KEEL_FLEET_DIR/instances ]] || deploy/fleet stop 2>>"$WORK/fleet.log" || true

# --- Database ------------------------------------------------------------------------------

log "Recreating $DB and importing $DATA (log: $WORK/import.log)"
dropdb "${PG[@]}" --if-exists --force "$DB" 2>/dev/null
createdb "${PG[@]}" "$DB"
flush_redis
"$JAVA" -jar "$JAR" import-rates "$DATA" --spring.profiles.active=production >"$WORK/import.log" 2>&1 ||
	{ tail -30 "$WORK/import.log" >&2; die "import of $DATA failed"; }
IMPORT_SUMMARY=$(grep '^Imported' "$WORK/import.log") || die "no summary line in import.log"
log "$IMPORT_SUMMARY"
DEPLOYMENT=$(psql_db -c 'SELECT id FROM keel_deployment')

# Waits until the database runs no queries: a server keeps working through requests wrk
# has given up on, and that backlog must not land in the next measurement.
wait_idle() {
	local waited=0 quiet=0 active
	while ((quiet < 2)); do
		active=$(psql_db -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")
		if ((active == 0)); then quiet=$((quiet + 1)); else quiet=0; fi
		((waited < 300)) || die "$DB still busy after 150 s"
		sleep 0.5
		waited=$((waited + 1))
	done
}

# --- Measurements --------------------------------------------------------------------------

declare -A RPS P50 P99 ERRORS CPU WARMUP_RUNS

# CPU ticks so far: the whole machine (busy), the fleet's JVMs, nginx (master and
# workers), PostgreSQL, Redis.
cpu_ticks() {
	python3 - "$NGINX_PID" "${FLEET_PIDS[@]}" <<'PY'
import os, sys
nginx = sys.argv[1]
jvms = set(sys.argv[2:])
totals = {"jvm": 0, "nginx": 0, "postgres": 0, "redis": 0}
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        continue
    comm, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    if pid in jvms:
        totals["jvm"] += ticks
    elif pid == nginx or fields[1] == nginx:
        totals["nginx"] += ticks
    elif comm == "postgres":
        totals["postgres"] += ticks
    elif comm.startswith("redis-server"):
        totals["redis"] += ticks
cpu = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
print(sum(cpu) - cpu[3] - cpu[4], totals["jvm"], totals["nginx"], totals["postgres"], totals["redis"])
PY
}

# wrk's arguments for a load against base URL $2: the rates query, or a random /api/ path
# per request (bench/library-random.lua) out of $API_URLS, each counted.
wrk_target() { # load base-url
	case $1 in
	cached | uncached) WRK_TARGET=("$2/rates?$RATES_QUERY") ;;
	api) WRK_TARGET=(-s "$LUA" "$2/" -- /api/fleet/ "$API_URLS") ;;
	esac
}

# One measured wrk run; keeps req/s, p50, p99, the errors wrk saw and where the machine's
# CPU went meanwhile (in cores: the instances, nginx, PostgreSQL, Redis, wrk, anything else).
run_wrk() { # key load base-url
	local key=$1 out before after started wrk_cpu TIMEFORMAT='%U %S'
	wrk_target "$2" "$3"
	out=$WORK/wrk-${key//\//-}.txt
	before=$(cpu_ticks)
	started=$(now)
	{ time wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency "${WRK_TARGET[@]}" >"$out"; } 2>"$out.cpu"
	wrk_cpu=$(tail -1 "$out.cpu")
	after=$(cpu_ticks)
	CPU[$key]=$(awk -v b="$before" -v a="$after" -v w="$wrk_cpu" -v t0="$started" -v t1="$(now)" -v hz="$(getconf CLK_TCK)" '
		BEGIN { split(b, x); split(a, y); split(w, c); s = (t1 - t0) * hz
			busy = (y[1] - x[1]) / s; svc = (y[2] - x[2]) / s; ngx = (y[3] - x[3]) / s; pg = (y[4] - x[4]) / s
			rd = (y[5] - x[5]) / s; wrk = (c[1] + c[2]) / (t1 - t0); other = busy - svc - ngx - pg - rd - wrk
			# A process that exits mid-run takes its ticks along (a psql session, say): never below 0.
			printf "%.2f %.2f %.2f %.2f %.2f %.2f", pos(svc), pos(ngx), pos(pg), pos(rd), pos(wrk), pos(other) }
		function pos(x) { return (x < 0) ? 0 : x }')
	RPS[$key]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	P50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	[[ -n ${RPS[$key]} && ${P50[$key]} != 0.000 ]] || { cat "$out" >&2; die "$key: cannot parse wrk output"; }
	# Non-2xx answers and socket errors (timeouts are requests slower than WRK_TIMEOUT).
	ERRORS[$key]=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
		END { print n + 0 }' "$out")
	log "$key: ${RPS[$key]} req/s, p50 ${P50[$key]} ms, p99 ${P99[$key]} ms, errors ${ERRORS[$key]}," \
		"CPU (instances, nginx, PostgreSQL, Redis, wrk, other) ${CPU[$key]}"
}

# Unmeasured wrk runs of $WARMUP until throughput stops rising: a fresh JVM on 2 cores
# takes 30 to 60 s of load to reach its steady state, and through nginx each of N
# instances gets only its share of it, so the bounds are N times $WARMUP_MIN and
# $WARMUP_MAX. Stops once two runs in a row come out no more than 5% above the best run
# before them (at least the minimum), or after the maximum.
warm_up() { # key load base-url instances
	local key=$1 best=0 rps runs=0 flat=0 trail="" min=$((WARMUP_MIN * $4)) max=$((WARMUP_MAX * $4))
	wrk_target "$2" "$3"
	while ((runs < max)); do
		[[ $2 != uncached ]] || wait_idle
		rps=$(wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout "$WRK_TIMEOUT" "${WRK_TARGET[@]}" | awk '/^Requests\/sec:/ { print $2 }')
		runs=$((runs + 1))
		trail="$trail ${rps%.*}"
		if awk -v r="$rps" -v b="$best" 'BEGIN { exit !(r <= 1.05 * b) }'; then flat=$((flat + 1)); else flat=0; fi
		best=$(awk -v r="$rps" -v b="$best" 'BEGIN { print (r > b) ? r : b }')
		((flat < 2 || runs < min)) || break
	done
	WARMUP_RUNS[$key]=$runs
	log "$key: warm-up req/s:$trail"
	((flat >= 2)) || log "$key: throughput still rising after $max warm-up runs"
}

# Checks the answer first (a benchmark of error pages would look great), then warms up,
# then the measured run.
measure() { # key load base-url instances
	local key=$1 load=$2 base=$3 body days
	case $load in
	cached | uncached)
		body=$(curl -sf "$base/rates?$RATES_QUERY") || die "$key: GET /rates failed"
		days=$(grep -o '"day"' <<<"$body" | wc -l)
		((days == RATES_DAYS)) || die "$key: expected $RATES_DAYS days, got: ${body:0:300}"
		;;
	api)
		body=$(curl -sf "$base/api/fleet/check") || die "$key: GET /api/fleet/check failed"
		[[ $body == '{"path":"/api/fleet/check"}' ]] || die "$key: unexpected answer: ${body:0:300}"
		;;
	esac
	log "$key: warm-up, then $DURATION with $CONNECTIONS connections"
	warm_up "$key" "$load" "$base" "$4"
	[[ $load != uncached ]] || wait_idle
	run_wrk "$key" "$load" "$base"
}

# Cache hits and misses summed over the fleet's instances: the cached runs did hit Redis.
cache_counters() {
	local port
	for port in "${FLEET_PORTS[@]}"; do curl -sf "http://127.0.0.1:$port/actuator/prometheus"; done | awk '
		/^keel_cache_gets_total\{cache="rates",result="hit"\}/ { h += $2 }
		/^keel_cache_gets_total\{cache="rates",result="miss"\}/ { m += $2 }
		END { printf "%d hits, %d misses", h, m }'
}

# --- Run -----------------------------------------------------------------------------------

# Per fleet size, two fleets one after the other: cache off (GET /rates uncached), then
# cache on (GET /rates cached and GET /api/...). The fleet of one is also measured at its
# instance's own port, warmed up by the same load: the same JVM with and without nginx.
declare -A CACHE_COUNTS
for n in $FLEETS; do
	fleet_start "$n" KEEL_RATES_CACHE_ENABLED=false
	measure "nginx-$n/uncached" uncached "$BALANCER" "$n"
	((n != 1)) || measure "direct/uncached" uncached "http://127.0.0.1:${FLEET_PORTS[0]}" 1
	fleet_stop
	fleet_start "$n" KEEL_RATES_CACHE_ENABLED=true
	measure "nginx-$n/cached" cached "$BALANCER" "$n"
	((n != 1)) || measure "direct/cached" cached "http://127.0.0.1:${FLEET_PORTS[0]}" 1
	measure "nginx-$n/api" api "$BALANCER" "$n"
	((n != 1)) || measure "direct/api" api "http://127.0.0.1:${FLEET_PORTS[0]}" 1
	CACHE_COUNTS[$n]=$(cache_counters)
	fleet_stop
done
LOAD_END=$(load_average)

# --- Report --------------------------------------------------------------------------------

SETUPS=()
[[ " $FLEETS " != *" 1 "* ]] || SETUPS+=(direct)
for n in $FLEETS; do SETUPS+=("nginx-$n"); done
setup_label() {
	case $1 in
	direct) echo "1 instance, no nginx" ;;
	nginx-1) echo "nginx + 1 instance" ;;
	nginx-*) echo "nginx + ${1#nginx-} instances" ;;
	esac
}
LOADS=(cached uncached api)
declare -A LOAD_LABEL=([cached]="GET /rates, cached" [uncached]="GET /rates, uncached" [api]="GET /api/…, counted")
cell() { # key
	local errors=""
	((${ERRORS[$1]} == 0)) || errors=", **${ERRORS[$1]} errors**"
	echo "$(thousands "${RPS[$1]}") ($(ms "${P50[$1]}") / $(ms "${P99[$1]}")$errors)"
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
REPORT=$WORK/report.md
{
	echo "# Fleet benchmark, $STARTED_AT"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc) × ${cpu:-unknown}; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- Load average (1, 5, 15 min): $LOAD_START at the start, $LOAD_END at the end"
	echo "- Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
	echo "- PostgreSQL: $(psql_db -c 'SHOW server_version'); Redis: $(redis_version); $("$(command -v nginx || echo /usr/sbin/nginx)" -v 2>&1 | sed 's/.*: //')"
	echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); the instances, nginx (1 worker process), PostgreSQL, Redis and wrk share the machine"
	echo "- Keel: $COMMIT; data: $IMPORT_SUMMARY"
	echo "- Load: wrk -t2 -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT --latency, after warm-up runs of $WARMUP" \
		"until throughput stops rising (count in the CPU table)"
	echo
	echo "## Throughput"
	echo
	echo "req/s (p50 / p99 in ms)."
	echo
	echo "| setup | ${LOAD_LABEL[cached]} | ${LOAD_LABEL[uncached]} | ${LOAD_LABEL[api]} |"
	echo "|---|---:|---:|---:|"
	for setup in "${SETUPS[@]}"; do
		echo "| $(setup_label "$setup") | $(cell "$setup/cached") | $(cell "$setup/uncached") | $(cell "$setup/api") |"
	done
	echo
	echo "- GET /rates: the README example, \`$RATES_QUERY\`; uncached on instances started with" \
		"KEEL_RATES_CACHE_ENABLED=false, cached on the next fleet, with the cache on (Redis database $REDIS_DB)."
	echo "- GET /api/…: \`/api/fleet/<n>\`, n random in 1..$(thousands "$API_URLS") per request (bench/library-random.lua), every request counted."
	[[ " $FLEETS " != *" 1 "* ]] ||
		echo "- 1 instance, no nginx: the instance of the fleet of one, at its own port, after the same load through nginx."
	for n in $FLEETS; do
		echo "- Rates cache over the cached fleet of $n: ${CACHE_COUNTS[$n]} (warm-up included)."
	done
	echo
	echo "## Where the CPU went during each measured run"
	echo
	echo "In cores, of $(nproc); \"other\" is everything else on the machine (other people's work)."
	echo
	echo "| run | warm-up runs | req/s | instances | nginx | PostgreSQL | Redis | wrk | other |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for setup in "${SETUPS[@]}"; do
		for load in "${LOADS[@]}"; do
			k="$setup/$load"
			read -r svc ngx pg rd wk other <<<"${CPU[$k]}"
			echo "| $(setup_label "$setup"), ${LOAD_LABEL[$load]} | ${WARMUP_RUNS[$k]} | $(thousands "${RPS[$k]}") | $svc | $ngx | $pg | $rd | $wk | $other |"
		done
	done
} >"$REPORT"

cat "$REPORT"
save_report fleet "$REPORT"
