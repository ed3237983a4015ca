#!/usr/bin/env bash
# Keys and limits benchmark: GET /api/bench/load with an API key and request limits in
# Redis, with the key alone (limits off), and bare (keys optional, limits off), measured
# alternately in one run: what authentication and limiting each cost. See bench/README.md.
#
#   bench/access.sh                      # from the repository root, about 10 minutes
#   QUIET_BELOW=1.5 bench/access.sh      # first wait (up to QUIET_WAIT s) for a quiet machine
#   BENCH_QUICK=1 bench/access.sh        # a smoke run: short wrk runs, the figures mean nothing
#
# Progress goes to stderr; the report (machine, the table, the checks, the runs one by one
# and where the CPU went) goes to stdout and to bench/results/access-<UTC timestamp>.md.
# Everything bulky (build and server logs, raw wrk output) stays in bench/work/access/,
# which git ignores. Addresses, ports and BENCH_QUICK: see bench/lib.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	# A smoke run: every step once, on short runs. Its report says so in its settings.
	: "${DURATION:=2s}" "${ROUNDS:=1}" "${WARMUP:=1s}" "${WARMUP_MIN:=1}" "${WARMUP_MAX:=1}"
	: "${DB:=keel_bench_access_quick}"
fi
DURATION=${DURATION:-20s}          # one measured wrk run
CONNECTIONS=${CONNECTIONS:-64}     # wrk connections, as in bench/stats.sh on the same path
ROUNDS=${ROUNDS:-3}                # measured runs of each variant, alternated
WARMUP=${WARMUP:-5s}               # one warm-up run; they repeat until throughput stops rising
WARMUP_MIN=${WARMUP_MIN:-8}        # warm-up runs at least: the JIT takes 30 to 60 s here
WARMUP_MAX=${WARMUP_MAX:-16}       # warm-up runs at most, per instance
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}    # wrk's default (2 s) drops slower requests from the percentiles
# The key's own limit: high enough never to refuse, so every request takes a token in Redis
# and none is turned away. The largest N that N/PERIOD accepts (9 digits).
KEY_RATE_LIMIT=${KEY_RATE_LIMIT:-999999999/1s}
TARGET_LOSS=15                     # % of bare throughput that keys plus limits may cost
# Empty: start at once. A number (QUIET_BELOW=1.5): first wait until the 1-minute load
# average is below it, polling every 30 s, for at most QUIET_WAIT seconds, then run anyway.
QUIET_BELOW=${QUIET_BELOW:-}
QUIET_WAIT=${QUIET_WAIT:-1500}
# A Redis database of its own (KEEL_BENCH_REDIS_URL, by default this index): emptied at the
# start and at the end.
REDIS_DEFAULT_DB=9
DB=${DB:-keel_bench_access}        # PostgreSQL database, dropped and created on every run
# Empty: build the working tree. A commit (KEEL_REV=HEAD): build that, from a clean export.
KEEL_REV=${KEEL_REV:-}

WORK=bench/work/access
LOAD_PATH=/api/bench/load
# The three instances, in the order of the table, and what each one runs with. Every
# setting is given, so that neither lib.sh's defaults nor the caller's environment decide
# them. Request counting stays on (production's default) in all three.
VARIANTS=(keyed keyonly bare)
declare -A VARIANT_ENV=(
	[keyed]="KEEL_REQUIRE_KEYS=true KEEL_LIMITS_ENABLED=true KEEL_SECURITY_READS=open"
	[keyonly]="KEEL_REQUIRE_KEYS=true KEEL_LIMITS_ENABLED=false KEEL_SECURITY_READS=open"
	[bare]="KEEL_REQUIRE_KEYS=false KEEL_LIMITS_ENABLED=false KEEL_SECURITY_READS=open"
)
declare -A VARIANT_LABEL=(
	[keyed]="key + limits (Redis)"
	[keyonly]="key, limits off"
	[bare]="bare: no key, limits off"
)
declare -A VARIANT_KEYED=([keyed]=1 [keyonly]=1 [bare]=0)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench/access.sh: %s\033[0m\n' "$*" >&2; exit 1; }

for name in CONNECTIONS ROUNDS WARMUP_MIN WARMUP_MAX QUIET_WAIT; do
	[[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number, not '${!name}'"
done
((ROUNDS >= 1 && CONNECTIONS >= 2)) || die "ROUNDS must be at least 1, CONNECTIONS at least 2 (wrk runs 2 threads)"
[[ -z $QUIET_BELOW || $QUIET_BELOW =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "QUIET_BELOW must be a load average like 1.5, not '$QUIET_BELOW'"
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB must be a plain lower-case name, not '$DB'"

mkdir -p "$WORK"

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(load_average)
log "Load average at the start: $LOAD_START"

# Addresses (KEEL_BENCH_DB_URL, KEEL_BENCH_REDIS_URL), instances and reports.
source bench/lib.sh
require_tools wrk python3 psql createdb dropdb curl
for variant in "${VARIANTS[@]}"; do pick_port "${variant^^}_PORT"; done
port_of() { local name=${1^^}_PORT; echo "${!name}"; }

# A JDK 21+ ($JAVA), and the jar under test built into $WORK ($JAR, $COMMIT).
source bench/build-jar.sh

# --- A quiet machine -----------------------------------------------------------------------

QUIET_NOTE="not waited for (QUIET_BELOW unset)"
if [[ -n $QUIET_BELOW ]]; then
	waited=0
	while :; do
		load1=$(cut -d' ' -f1 /proc/loadavg)
		if awk -v l="$load1" -v q="$QUIET_BELOW" 'BEGIN { exit !(l < q) }'; then
			QUIET_NOTE="1-minute load average $load1 < $QUIET_BELOW after waiting $waited s"
			break
		fi
		if ((waited >= QUIET_WAIT)); then
			QUIET_NOTE="**not reached**: the 1-minute load average was still $load1 (≥ $QUIET_BELOW) after $waited s; ran anyway"
			break
		fi
		log "Load average $load1, waiting for it to fall below $QUIET_BELOW ($waited of $QUIET_WAIT s)"
		sleep 30
		waited=$((waited + 30))
	done
	log "Quiet machine: $QUIET_NOTE"
fi
LOAD_BEFORE=$(load_average)

# --- Database, Redis and the key -----------------------------------------------------------

# A fresh database every run: Flyway creates the schema, and the key's name is free.
log "Recreating database $DB"
dropdb "${PG[@]}" --if-exists --force "$DB" || die "cannot drop database $DB"
ensure_database "$DB"
# No buckets and no counts left from an earlier run.
flush_redis
keel_env "$DB"

log "Creating an admin key limited to $KEY_RATE_LIMIT (java -jar keel.jar api-keys create)"
# The key is the last line of the command's output; it goes to no log nor the report.
KEY=$(env "${KEEL_ENV[@]}" KEEL_REQUIRE_KEYS=true KEEL_LIMITS_ENABLED=true "$JAVA" -jar "$JAR" \
	api-keys create --name bench --role admin --rate-limit "$KEY_RATE_LIMIT" \
	--spring.profiles.active=production 2>"$WORK/api-keys.log" | tail -n 1) ||
	{ tail -20 "$WORK/api-keys.log" >&2; die "api-keys create failed"; }
[[ $KEY =~ ^keel_[A-Za-z0-9_-]{43}$ ]] || { tail -20 "$WORK/api-keys.log" >&2; die "api-keys create printed no key on its last line"; }
AUTH_HEADER="Authorization: Bearer $KEY"

# The headers to send to variant $1: the key, where the variant has one.
declare -a SEND
headers_of() { # variant
	SEND=()
	((VARIANT_KEYED[$1] == 0)) || SEND=(-H "$AUTH_HEADER")
}

# --- Checks --------------------------------------------------------------------------------

# Status, then the headers and body, of one request: fills CODE, HEADERS (lower-case names) and BODY.
CODE= HEADERS= BODY=
call() { # curl arguments...
	local out=$WORK/call
	CODE=$(curl -s -o "$out.body" -D "$out.headers" -w '%{http_code}' "$@") || die "curl $* failed"
	HEADERS=$(tr -d '\r' <"$out.headers" | awk -F': ' 'NF > 1 { print tolower($1) ": " substr($0, length($1) + 3) }')
	BODY=$(cat "$out.body")
}
header() { awk -F': ' -v n="$1" '$1 == n { print substr($0, length(n) + 3); exit }' <<<"$HEADERS"; } # name

declare -a CHECKS
check() { # what
	CHECKS+=("$1")
	log "Checked: $1"
}

# Each instance is set up as its label claims, before anything is measured: a benchmark of
# "limits on" that secretly limits nothing, or of a bare instance that checks keys, would
# compare nothing.
check_instances() {
	local port expected="{\"path\":\"$LOAD_PATH\"}" policy challenge
	for variant in "${VARIANTS[@]}"; do
		port=$(port_of "$variant")
		headers_of "$variant"
		call "${SEND[@]}" "$(url "$port" "$LOAD_PATH")"
		[[ $CODE == 200 && $BODY == "$expected" ]] || die "$variant: GET $LOAD_PATH answered $CODE $BODY"
		policy=$(header ratelimit-policy)
		if [[ $variant == keyed ]]; then
			[[ $policy == '"key";q='*';w='* && -n $(header ratelimit) ]] ||
				die "$variant: GET $LOAD_PATH with the key carries no RateLimit-Policy of the key's own limit ('$policy')"
			check "$variant: GET $LOAD_PATH with the key answers 200 with RateLimit-Policy: $policy and RateLimit: $(header ratelimit)"
		else
			[[ -z $policy && -z $(header ratelimit) ]] || die "$variant: GET $LOAD_PATH carries rate-limit headers, though limits are off"
			check "$variant: GET $LOAD_PATH ${SEND[*]:+with the key }answers 200 without RateLimit headers"
		fi
		call -X POST -H 'Content-Type: application/json' -d '{}' "$(url "$port" /authors)"
		if ((VARIANT_KEYED[$variant])); then
			challenge=$(header www-authenticate)
			[[ $CODE == 401 && $challenge == Bearer* ]] ||
				die "$variant: POST /authors without a key answered $CODE, not 401 with WWW-Authenticate: Bearer"
			call -H "$AUTH_HEADER" "$(url "$port" /admin/api-keys)"
			[[ $CODE == 200 && $BODY == *'"bench"'* ]] || die "$variant: GET /admin/api-keys with the key answered $CODE"
			check "$variant: POST /authors without a key answers 401 (WWW-Authenticate: $challenge); GET /admin/api-keys with the key answers 200"
		else
			[[ $CODE != 401 && $CODE != 403 ]] || die "$variant: POST /authors without a key answered $CODE: keys are required"
			check "$variant: POST /authors without a key passes security (answers $CODE: the empty author is invalid)"
		fi
	done
	# The keyed instance's limit lives in Redis: its bucket is there right after a request.
	if command -v redis-cli >/dev/null; then
		curl -sf -H "$AUTH_HEADER" "$(url "$KEYED_PORT" "$LOAD_PATH")" >/dev/null
		local bucket
		bucket=$(redis_cli --scan --pattern '*limits*key:bench' | head -n 1)
		[[ -n $bucket ]] || die "keyed: no bucket of the key in Redis database $REDIS_DB after a request"
		check "keyed: the key's bucket is in Redis ($bucket)"
	fi
}

# One of the service's own counters (summed over its series), 0 when absent; the key
# reads /actuator/prometheus wherever keys are required.
service_metric() { # port name
	curl -sf -H "$AUTH_HEADER" "$(url "$1" /actuator/prometheus)" | awk -v m="$2" '
		index($0, m) == 1 && (substr($0, length(m) + 1, 1) ~ /[ {]/) { n += $NF } END { printf "%.0f\n", n }'
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

# What Redis has done so far (every database), as "commands script-calls script-usec": all
# commands processed (a script's own commands included), EVAL and EVALSHA calls and the
# microseconds they took. Empty without redis-cli.
redis_work() {
	command -v redis-cli >/dev/null || return 0
	{ redis_cli INFO stats; redis_cli INFO commandstats; } | tr -d '\r' | awk -F'[:,=]' '
		$1 == "total_commands_processed" { commands = $2 }
		$1 == "cmdstat_eval" || $1 == "cmdstat_evalsha" { calls += $3; usec += $5 }
		END { print commands + 0, calls + 0, usec + 0 }'
}

declare -A CPU
CPU_BEFORE=
CPU_STARTED=

cpu_begin() { # jvm-pid
	CPU_BEFORE=$(cpu_ticks "$1")
	CPU_STARTED=$(now)
}

# Where the machine's CPU went since cpu_begin, in cores: the service, PostgreSQL, Redis,
# wrk (its user and system seconds) and anything else (the idle instances, other people's
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

declare -A RPS P50 P99 NON2XX SOCKET SENT REDIS_PER_REQUEST LOAD_AT

# One measured wrk run of $DURATION on variant $2; keeps req/s, p50, p99, the non-2xx
# answers and socket errors wrk saw, Redis commands per answered request and where the CPU
# went meanwhile.
run_wrk() { # key variant
	local key=$1 variant=$2 port out wrk_cpu redis_before redis_after TIMEFORMAT='%U %S'
	port=$(port_of "$variant")
	headers_of "$variant"
	out=$WORK/wrk-$key.txt
	LOAD_AT[$key]=$(cut -d' ' -f1 /proc/loadavg)
	redis_before=$(redis_work)
	cpu_begin "${INSTANCE_PID[$port]}"
	{ time wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency "${SEND[@]}" \
		"$(url "$port" "$LOAD_PATH")" >"$out"; } 2>"$out.cpu"
	wrk_cpu=$(tail -1 "$out.cpu")
	cpu_end "$key" "${INSTANCE_PID[$port]}" "$wrk_cpu"
	redis_after=$(redis_work)
	RPS[$key]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	SENT[$key]=$(awk '/ requests in / { print $1 }' "$out")
	P50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	[[ -n ${RPS[$key]} && -n ${SENT[$key]} && ${P50[$key]} != 0.000 ]] || { cat "$out" >&2; die "$key: cannot parse wrk output"; }
	NON2XX[$key]=$(awk '/Non-2xx/ { n += $NF } END { print n + 0 }' "$out")
	SOCKET[$key]=$(awk '/Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
	REDIS_PER_REQUEST[$key]="— | — | —"
	if [[ -n $redis_before && -n $redis_after ]]; then
		REDIS_PER_REQUEST[$key]=$(awk -v a="$redis_after" -v b="$redis_before" -v n="${SENT[$key]}" 'BEGIN {
			split(a, y, " "); split(b, x, " "); calls = y[2] - x[2]
			printf "%.2f | %.2f | %s", (y[1] - x[1]) / n, calls / n, (calls > 0) ? sprintf("%.1f", (y[3] - x[3]) / calls) : "—" }')
	fi
	log "$key: ${RPS[$key]} req/s, p50 ${P50[$key]} ms, p99 ${P99[$key]} ms, non-2xx ${NON2XX[$key]}," \
		"socket errors ${SOCKET[$key]}, Redis per request (commands | script calls | µs per script call)" \
		"${REDIS_PER_REQUEST[$key]}," \
		"CPU (service, PostgreSQL, Redis, wrk, other) ${CPU[$key]}"
}

# Unmeasured wrk runs of $WARMUP until throughput stops rising (as in bench/stats.sh): two
# runs in a row no more than 5% above the best before them, at least $WARMUP_MIN runs, at
# most $WARMUP_MAX.
declare -A WARMUP_RUNS
warm_up() { # variant
	local variant=$1 best=0 rps runs=0 flat=0 trail="" port
	port=$(port_of "$variant")
	headers_of "$variant"
	while ((runs < WARMUP_MAX)); do
		rps=$(wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout "$WRK_TIMEOUT" "${SEND[@]}" "$(url "$port" "$LOAD_PATH")" |
			awk '/^Requests\/sec:/ { print $2 }') || true
		[[ -n $rps ]] || die "$variant: warm-up run failed"
		runs=$((runs + 1))
		trail="$trail ${rps%.*}"
		if awk -v r="$rps" -v b="$best" 'BEGIN { exit !(r <= 1.05 * b) }'; then flat=$((flat + 1)); else flat=0; fi
		best=$(awk -v r="$rps" -v b="$best" 'BEGIN { print (r > b) ? r : b }')
		((flat < 2 || runs < WARMUP_MIN)) || break
	done
	WARMUP_RUNS[$variant]=$runs
	log "$variant: warm-up req/s:$trail"
	((flat >= 2)) || log "$variant: throughput still rising after $WARMUP_MAX warm-up runs"
}

# --- Run -----------------------------------------------------------------------------------

for variant in "${VARIANTS[@]}"; do
	# shellcheck disable=SC2086 # the variant's settings are words VAR=value
	start_instance "$variant" "$(port_of "$variant")" "$DB" ${VARIANT_ENV[$variant]}
done
check_instances

# All warm before any is measured, then measured in turn, the order rotating each round,
# so that whatever else the machine does meanwhile falls on all alike.
log "Warming up: GET $LOAD_PATH, $CONNECTIONS connections, runs of $WARMUP"
for variant in "${VARIANTS[@]}"; do warm_up "$variant"; done
LOAD_MEASURED=$(load_average)
# The measured runs' refusals and unchecked requests: the warm-up's are reported apart.
REFUSED_BEFORE=$(service_metric "$KEYED_PORT" keel_limits_refused_total) || die "cannot read /actuator/prometheus"
UNCHECKED_BEFORE=$(service_metric "$KEYED_PORT" keel_limits_unchecked_total) || die "cannot read /actuator/prometheus"
log "Load average before the measured runs: $LOAD_MEASURED"
for round in $(seq "$ROUNDS"); do
	for i in $(seq 0 $((${#VARIANTS[@]} - 1))); do
		variant=${VARIANTS[$(((i + round - 1) % ${#VARIANTS[@]}))]}
		sleep 1
		run_wrk "$variant-$round" "$variant"
	done
done

REFUSED=$(service_metric "$KEYED_PORT" keel_limits_refused_total) || die "cannot read /actuator/prometheus"
UNCHECKED=$(service_metric "$KEYED_PORT" keel_limits_unchecked_total) || die "cannot read /actuator/prometheus"
REFUSED=$((REFUSED - REFUSED_BEFORE)) UNCHECKED=$((UNCHECKED - UNCHECKED_BEFORE))
LOAD_END=$(load_average)
stop_instances
flush_redis

# --- Report --------------------------------------------------------------------------------

# 12345.6 -> 12,346
thousands() {
	awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); sign = ""; if (s ~ /^-/) { sign = "-"; s = substr(s, 2) }
		o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		print sign s o }'
}
ms() { awk -v t="$1" 'BEGIN { printf((t < 10) ? "%.2f ms" : "%.1f ms", t) }'; }
met() { if [[ $1 == yes ]]; then echo yes; else echo "**$1**"; fi; }

median_of() { # variant field-array
	local -n values=$2
	local all=() round
	for round in $(seq "$ROUNDS"); do all+=("${values[$1-$round]}"); done
	median "${all[@]}"
}
sum_of() { # variant field-array
	local -n values=$2
	local n=0 round
	for round in $(seq "$ROUNDS"); do n=$((n + values[$1-$round])); done
	echo "$n"
}
list_of() { # variant field-array
	local -n values=$2
	local out=() round
	for round in $(seq "$ROUNDS"); do out+=("$(thousands "${values[$1-$round]}")"); done
	local IFS=/
	echo "${out[*]}" | sed 's#/# / #g'
}

declare -A MEDIAN_RPS VS_BARE ERRORS
for variant in "${VARIANTS[@]}"; do
	MEDIAN_RPS[$variant]=$(median_of "$variant" RPS)
	ERRORS[$variant]=$(($(sum_of "$variant" NON2XX) + $(sum_of "$variant" SOCKET)))
done
VS_BARE[bare]=—
for variant in keyed keyonly; do
	VS_BARE[$variant]=$(awk -v v="${MEDIAN_RPS[$variant]}" -v b="${MEDIAN_RPS[bare]}" 'BEGIN { printf "%+.1f %%", 100 * (v / b - 1) }')
done
LOSS=$(awk -v v="${MEDIAN_RPS[keyed]}" -v b="${MEDIAN_RPS[bare]}" 'BEGIN { printf "%.1f", 100 * (1 - v / b) }')
ok=yes
awk -v l="$LOSS" -v t="$TARGET_LOSS" 'BEGIN { exit !(l < t) }' || ok=no
all_errors=$((ERRORS[keyed] + ERRORS[keyonly] + ERRORS[bare]))
((all_errors == 0)) || ok="no ($all_errors non-2xx or socket errors)"
((REFUSED == 0 && UNCHECKED == 0)) || ok="no ($REFUSED refused, $UNCHECKED unchecked)"
KEYED_MET=$(met "$ok")
errors_cell() { if ((ERRORS[$1] == 0)); then echo —; else echo "**${ERRORS[$1]} errors**"; fi; }

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
redis_version=$(redis_version)
redis_version=${redis_version:-unknown}

REPORT=$WORK/report.md
{
	echo "# Keys and limits benchmark, $STARTED_AT"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc) × ${cpu:-unknown}; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
	echo "- PostgreSQL: $(psql "${PG[@]}" -X -A -t -d "$DB" -c 'SHOW server_version'); Redis: $redis_version (database $REDIS_DB)"
	echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); the service, PostgreSQL, Redis and wrk share the machine"
	echo "- Load average (1, 5, 15 min): $LOAD_START at the start, $LOAD_BEFORE before the instances started," \
		"$LOAD_MEASURED before the measured runs (after the warm-up), $LOAD_END at the end; quiet machine: $QUIET_NOTE"
	echo "- Keel: $COMMIT, production profile (keys in PostgreSQL, limits and counts in Redis)"
	echo "- Load: wrk -t2 -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT --latency on GET $LOAD_PATH," \
		"the three instances in turn ($ROUNDS runs each, the order rotating, medians), after warm-up runs of" \
		"$WARMUP until throughput stops rising$([[ ${BENCH_QUICK:-0} != 1 ]] || echo "; a BENCH_QUICK smoke run, the figures mean nothing")"
	echo
	echo "## Results"
	echo
	echo "| variant | req/s | p50 | p99 | vs bare | target | met |"
	echo "|---|---:|---:|---:|---:|---|---|"
	echo "| ${VARIANT_LABEL[keyed]} | $(thousands "${MEDIAN_RPS[keyed]}") | $(ms "$(median_of keyed P50)") |" \
		"$(ms "$(median_of keyed P99)") | ${VS_BARE[keyed]} | loss < $TARGET_LOSS %, no 429 | $KEYED_MET |"
	for variant in keyonly bare; do
		echo "| ${VARIANT_LABEL[$variant]} | $(thousands "${MEDIAN_RPS[$variant]}") | $(ms "$(median_of "$variant" P50)") |" \
			"$(ms "$(median_of "$variant" P99)") | ${VS_BARE[$variant]} | — | $(errors_cell "$variant") |"
	done
	echo
	echo "Keys plus limits cost $LOSS % of the bare throughput (runs, req/s: keyed $(list_of keyed RPS);" \
		"key only $(list_of keyonly RPS); bare $(list_of bare RPS))."
	echo
	echo "## Checks"
	echo
	for line in "${CHECKS[@]}"; do echo "- $line"; done
	echo "- During the measured runs the keyed instance refused $REFUSED requests (keel_limits_refused_total) and" \
		"served $UNCHECKED unchecked because Redis failed (keel_limits_unchecked_total); wrk saw" \
		"$(sum_of keyed NON2XX) non-2xx answers from it, $(sum_of keyonly NON2XX) from the key-only one and" \
		"$(sum_of bare NON2XX) from the bare one."
	echo "- During the warm-up the keyed instance refused $REFUSED_BEFORE and served $UNCHECKED_BEFORE unchecked" \
		"(a Redis that times out opens the circuit: until its probe sees Redis again, limits fail open)."
	echo
	echo "## Notes"
	echo
	echo "- Instances: ${VARIANT_LABEL[keyed]} on port $KEYED_PORT (${VARIANT_ENV[keyed]}); ${VARIANT_LABEL[keyonly]}" \
		"on port $KEYONLY_PORT (${VARIANT_ENV[keyonly]}); bare on port $BARE_PORT (${VARIANT_ENV[bare]}). All three" \
		"count requests (KEEL_STATS_COUNTING left at its default, on). Only one is under load at a time; the others idle."
	echo "- The key: \`api-keys create --name bench --role admin --rate-limit $KEY_RATE_LIMIT\`, sent as" \
		"\`Authorization: Bearer\` by wrk to the two keyed instances (its digest is looked up in PostgreSQL at most" \
		"every 500 ms and kept in memory between). With limits on, every request takes a token from the key's" \
		"bucket in Redis (one script call); the limit is high enough never to refuse."
	echo "- The bare instance still runs Spring Security's filter chain (keys optional: a request without a key" \
		"is anonymous); what it lacks is a key to check and a limit to take."
	echo "- Redis per request: Redis's total_commands_processed (a script's own commands count too: the limit" \
		"script runs TIME, HMGET, HSET and PEXPIREAT) and its EVAL plus EVALSHA calls over the run, divided by" \
		"the answers wrk saw; and the microseconds Redis spent per script call. INFO covers every database, so" \
		"anyone else using the server counts too."
	echo "- wrk keeps $CONNECTIONS requests in flight, so once the machine is saturated p50 is about" \
		"$CONNECTIONS / throughput."
	echo
	echo "## Runs one by one"
	echo
	echo "CPU in cores, of $(nproc); \"other\" is everything else on the machine (the idle instances, other people's work)."
	echo
	echo "| run | warm-up runs | load (1 min) | req/s | p50 | p99 | non-2xx | socket errors | Redis cmds / req | scripts / req | µs / script | service JVM | PostgreSQL | Redis | wrk | other |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for round in $(seq "$ROUNDS"); do
		for i in $(seq 0 $((${#VARIANTS[@]} - 1))); do
			variant=${VARIANTS[$(((i + round - 1) % ${#VARIANTS[@]}))]}
			k=$variant-$round
			read -r svc pg rd wk other <<<"${CPU[$k]}"
			warm=${WARMUP_RUNS[$variant]}
			((round == 1)) || warm="—"
			echo "| $variant $round | $warm | ${LOAD_AT[$k]} | $(thousands "${RPS[$k]}") | $(ms "${P50[$k]}") | $(ms "${P99[$k]}") |" \
				"${NON2XX[$k]} | ${SOCKET[$k]} | ${REDIS_PER_REQUEST[$k]} | $svc | $pg | $rd | $wk | $other |"
		done
	done
} >"$REPORT"

cat "$REPORT"
save_report access "$REPORT"
