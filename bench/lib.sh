# Sourced by the benchmark scripts, from the repository root, once they have defined log,
# die, WORK and REDIS_DEFAULT_DB: where PostgreSQL and Redis are, which ports the instances
# take, starting an instance, waiting for its health and stopping it, and saving a run's
# report under its own name. bench/build-jar.sh (sourced after this) sets JAVA and JAR.
#
# Every address comes from the environment:
#   KEEL_BENCH_DB_URL      the PostgreSQL server, as a JDBC URL without a database
#                          (default jdbc:postgresql://127.0.0.1:5432); each script names its
#                          databases (DB=...). KEEL_BENCH_DB_USER (default postgres) and
#                          KEEL_BENCH_DB_PASSWORD (default none) go to psql and the service.
#   KEEL_BENCH_REDIS_URL   Redis with a database index, redis://HOST:PORT/N (default:
#                          127.0.0.1:6379 and the script's own index, REDIS_DEFAULT_DB).
#                          Not index 0: the test suites use it, and some benchmarks empty
#                          their database.
#   the *_PORT variables   of each script: the instances' HTTP ports; unset, free ones.
# BENCH_QUICK=1 asks a script for a smoke run with small settings; its report is saved
# under bench/work/results/, not with the real runs in bench/results/.

# --- Addresses -----------------------------------------------------------------------------

KEEL_BENCH_DB_URL=${KEEL_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432}
KEEL_BENCH_DB_USER=${KEEL_BENCH_DB_USER:-postgres}
KEEL_BENCH_DB_PASSWORD=${KEEL_BENCH_DB_PASSWORD:-}
KEEL_BENCH_REDIS_URL=${KEEL_BENCH_REDIS_URL:-redis://127.0.0.1:6379/$REDIS_DEFAULT_DB}

[[ $KEEL_BENCH_DB_URL =~ ^jdbc:postgresql://([A-Za-z0-9._-]+)(:([0-9]+))?/?$ ]] ||
	die "KEEL_BENCH_DB_URL must be jdbc:postgresql://HOST[:PORT], the server without a database (the scripts name theirs, DB=...), not '$KEEL_BENCH_DB_URL'"
PG_HOST=${BASH_REMATCH[1]}
PG_PORT=${BASH_REMATCH[3]:-5432}
# psql, createdb and dropdb; the password through the environment, never on a command line.
PG=(-h "$PG_HOST" -p "$PG_PORT" -U "$KEEL_BENCH_DB_USER")
[[ -z $KEEL_BENCH_DB_PASSWORD ]] || export PGPASSWORD=$KEEL_BENCH_DB_PASSWORD

[[ $KEEL_BENCH_REDIS_URL =~ ^redis://([A-Za-z0-9._-]+)(:([0-9]+))?/([0-9]+)$ ]] ||
	die "KEEL_BENCH_REDIS_URL must be redis://HOST[:PORT]/DATABASE, not '$KEEL_BENCH_REDIS_URL'"
REDIS_HOST=${BASH_REMATCH[1]}
REDIS_PORT=${BASH_REMATCH[3]:-6379}
REDIS_DB=${BASH_REMATCH[4]}
((REDIS_DB != 0)) || die "KEEL_BENCH_REDIS_URL must not name Redis database 0: the test suites use it"

jdbc_url() { echo "jdbc:postgresql://$PG_HOST:$PG_PORT/$1"; } # database

# KEEL_ENV: the service's settings for database $1 (with the production profile: PostgreSQL
# and Redis). Keys and limits off: each script measures its module, and bench/access.sh
# measures what keys and limits cost (it turns them on itself).
keel_env() { # database
	KEEL_ENV=(KEEL_DB_URL="$(jdbc_url "$1")" KEEL_DB_USER="$KEEL_BENCH_DB_USER"
		KEEL_DB_PASSWORD="$KEEL_BENCH_DB_PASSWORD" KEEL_REDIS_URL="$KEEL_BENCH_REDIS_URL"
		KEEL_REQUIRE_KEYS=false KEEL_LIMITS_ENABLED=false)
}

# Creates database $1 unless it exists.
ensure_database() { # database
	[[ $1 =~ ^[a-z_][a-z0-9_]*$ ]] || die "database names must be plain lower-case names, not '$1'"
	if [[ -z $(psql "${PG[@]}" -X -A -t -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'") ]]; then
		log "Creating database $1"
		createdb "${PG[@]}" "$1"
	fi
}

redis_cli() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" "$@"; }

# Empties Redis database $REDIS_DB (redis-cli, or RESP over bash's /dev/tcp without it).
# Only while no instance of this run uses it.
flush_redis() {
	if command -v redis-cli >/dev/null; then
		[[ $(redis_cli FLUSHDB) == OK ]] || die "FLUSHDB of Redis database $REDIS_DB failed"
	else
		local answer
		answer=$(exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" &&
			printf 'SELECT %s\r\nFLUSHDB\r\nQUIT\r\n' "$REDIS_DB" >&3 && cat <&3) ||
			die "cannot reach Redis on $REDIS_HOST:$REDIS_PORT"
		[[ $(tr -d '\r' <<<"$answer" | paste -sd' ') == "+OK +OK +OK" ]] || die "FLUSHDB of Redis database $REDIS_DB failed: $answer"
	fi
}

# "7.0.15", or empty without redis-cli.
redis_version() {
	command -v redis-cli >/dev/null || return 0
	redis_cli INFO server 2>/dev/null | awk -F: '/^redis_version/ { print $2 }' | tr -d '\r' || true
}

# --- Tools ---------------------------------------------------------------------------------

# Checks that every tool named is on the path; wrk is installed with apt-get if missing.
require_tools() { # tool...
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null && continue
		if [[ $tool == wrk ]]; then
			log "Installing wrk"
			if [[ $(id -u) -eq 0 ]]; then
				apt-get update -qq && apt-get install -y -qq wrk >&2
			elif command -v sudo >/dev/null; then
				sudo apt-get update -qq && sudo apt-get install -y -qq wrk >&2
			fi
			command -v wrk >/dev/null || die "wrk is missing and could not be installed with apt-get"
		else
			die "$tool is required"
		fi
	done
}

# --- Ports ---------------------------------------------------------------------------------

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PORTS_TAKEN=()

# Sets variable $1 to a free TCP port, unless the environment set it (to a number). Ports
# handed out earlier in the run are not handed out again, though no instance holds them yet.
pick_port() { # variable
	local name=$1 port
	if [[ -n ${!name:-} ]]; then
		[[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a port number, not '${!name}'"
		PORTS_TAKEN+=("${!name}")
		return
	fi
	for _ in $(seq 20); do
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		[[ " ${PORTS_TAKEN[*]} " == *" $port "* ]] || break
	done
	PORTS_TAKEN+=("$port")
	printf -v "$name" '%s' "$port"
}

url() { echo "http://127.0.0.1:$1$2"; } # port path

# --- Instances -----------------------------------------------------------------------------

PIDS=()
declare -A INSTANCE_PID # port -> JVM pid

# Starts the jar with the production profile on port $2 and database $3, with the settings
# given as VAR=value, logs to $WORK/$1.log, and returns once its health answers UP.
start_instance() { # name port database [VAR=value...]
	local name=$1 port=$2 db=$3 pid
	shift 3
	port_in_use "$port" && die "port $port is already in use (a previous run still up?); not starting $name"
	keel_env "$db"
	# Through env, so that $! is the JVM itself and stopping it needs no process hunting.
	env "${KEEL_ENV[@]}" KEEL_PORT="$port" "$@" \
		"$JAVA" -jar "$JAR" --spring.profiles.active=production >"$WORK/$name.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	INSTANCE_PID[$port]=$pid
	wait_healthy "$name" "$port" "$pid"
	log "$name is up on port $port (pid $pid, database $db, Redis database $REDIS_DB${*:+, $*})"
}

wait_healthy() { # name port pid
	local name=$1 port=$2 pid=$3
	for _ in $(seq 180); do
		# -f: health answers 503 while a component (database, Redis) is down.
		curl -sf "$(url "$port" /actuator/health)" >/dev/null 2>&1 && return
		kill -0 "$pid" 2>/dev/null || { tail -30 "$WORK/$name.log" >&2; die "$name exited during start-up"; }
		sleep 1
	done
	tail -30 "$WORK/$name.log" >&2
	die "$name not healthy on port $port after 180 s"
}

stop_pid() {
	kill "$1" 2>/dev/null || true
	# Graceful shutdown waits for requests in flight; a stuck one gets KILL after 40 s.
	for _ in $(seq 40); do kill -0 "$1" 2>/dev/null || break; sleep 1; done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

stop_instance() { # port
	local pid=${INSTANCE_PID[$1]} kept=() p
	stop_pid "$pid"
	for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
	PIDS=("${kept[@]}")
	unset "INSTANCE_PID[$1]"
}

stop_instances() {
	local pid
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
	PIDS=()
	INSTANCE_PID=()
}
trap stop_instances EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Reports -------------------------------------------------------------------------------

# Every run's report keeps its own name: no run overwrites another's, nor a tracked file.
RUN_STAMP=$(date -u +%Y%m%dT%H%M%SZ)
if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	RESULTS=bench/work/results
else
	RESULTS=bench/results
fi

# Copies report $2 to $RESULTS/$1-<run stamp>.md and prints that path.
save_report() { # benchmark report-file
	local target=$RESULTS/$1-$RUN_STAMP.md
	mkdir -p "$RESULTS"
	[[ ! -e $target ]] || die "$target exists already; not overwriting it"
	cp "$2" "$target"
	log "Saved $target"
}
