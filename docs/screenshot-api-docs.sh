#!/usr/bin/env bash
# Takes a screenshot of the API description's UI (/docs) with headless Chromium, showing
# the operations grouped by module, and saves it as docs/api-docs.png (OUT to change).
#
#   docs/screenshot-api-docs.sh            # builds target/keel.jar if missing
#
# The service runs on the embedded default (H2 in a temporary folder) on PORT (default
# 5790). Chromium is installed with apt-get where it is missing (root needed). JAVA_HOME
# must point at a JDK 21 or newer, or java on the path must be one.
set -euo pipefail

cd "$(dirname "$0")/.."
PORT=${PORT:-5790}
OUT=${OUT:-docs/api-docs.png}
WIDTH=${WIDTH:-1280}
HEIGHT=${HEIGHT:-2200}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
	log "Installing chromium with apt-get"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	browser=$(command -v chromium)
fi

if [[ ! -f target/keel.jar ]]; then
	log "Building target/keel.jar"
	./mvnw -q package -DskipTests
fi

work=$(mktemp -d)
service=
cleanup() {
	[[ -n $service ]] && kill "$service" 2>/dev/null && wait "$service" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

log "Starting Keel on port $PORT"
KEEL_DATA_DIR=$work/data KEEL_PORT=$PORT "$JAVA" -jar target/keel.jar >"$work/keel.log" 2>&1 &
service=$!
for _ in $(seq 120); do
	curl -sf "http://127.0.0.1:$PORT/v3/api-docs" -o /dev/null && break
	kill -0 "$service" 2>/dev/null || { cat "$work/keel.log" >&2; exit 1; }
	sleep 1
done

log "Screenshot of http://127.0.0.1:$PORT/docs into $OUT"
# The UI draws itself with JavaScript: the virtual time budget lets it finish first.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$work/chromium" --hide-scrollbars --window-size="$WIDTH,$HEIGHT" \
	--virtual-time-budget=15000 --screenshot="$OUT" "http://127.0.0.1:$PORT/docs" 2>"$work/chromium.log" ||
	{ cat "$work/chromium.log" >&2; exit 1; }
log "Saved $OUT ($(stat -c %s "$OUT") bytes)"
