# Sourced by the benchmark scripts, from the repository root, once they have defined
# log, die, WORK and KEEL_REV: picks a JDK 21 or newer (JAVA_HOME, JAVA) and builds the
# jar under test into $WORK/keel.jar (JAR), noting which commit it is (COMMIT).

# Major version of the java under a JDK home, or 0.
java_major() {
	[[ -x $1/bin/java ]] || { echo 0; return; }
	"$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {
		split($2, v, "."); print (v[1] == "1") ? v[2] : v[1] + 0; exit }'
}

# The jar targets Java 21 (and the default java on some machines is older): take
# JAVA_HOME if it is recent enough, else the newest JDK under /usr/lib/jvm.
if [[ -n ${JAVA_HOME:-} ]] && (($(java_major "$JAVA_HOME") >= 21)); then
	:
else
	best=0
	for home in /usr/lib/jvm/*/; do
		home=${home%/}
		major=$(java_major "$home")
		if ((major > best)); then best=$major; JAVA_HOME=$home; fi
	done
	((best >= 21)) || die "no JDK 21+ found (JAVA_HOME=${JAVA_HOME:-unset}, nothing newer under /usr/lib/jvm)"
fi
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
log "Using $("$JAVA" -version 2>&1 | head -1) from $JAVA_HOME"

# --- Build ---------------------------------------------------------------------------------

# Formatting is checked by CI, not here: a style slip in a file someone is editing must not
# stop a benchmark. The jar is copied out of target/ because other builds rewrite it, and
# a JVM whose jar is replaced under it fails on its next class load.
JAR=$WORK/keel.jar
BUILD=(./mvnw -q -B package -DskipTests -Dspring-javaformat.validate.skip=true)
if [[ -n $KEEL_REV ]]; then
	# A clean export of one commit, built on its own: other people's unfinished edits in
	# src/ neither break the build nor end up in the numbers. The repository is only read.
	COMMIT=$(git rev-parse --short "$KEEL_REV^{commit}") || die "KEEL_REV=$KEEL_REV is not a commit"
	SRC=$WORK/src-$COMMIT
	rm -rf "$SRC"
	mkdir -p "$SRC"
	git archive "$COMMIT" | tar -x -C "$SRC"
	log "Building the jar at $COMMIT in $SRC (log: $WORK/build.log)"
	(cd "$SRC" && "${BUILD[@]}") >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
	cp "$SRC/target/keel.jar" "$JAR"
else
	# Note what is measured before building: others commit while this runs.
	COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
	[[ -z $(git status --porcelain -- src pom.xml 2>/dev/null) ]] || COMMIT="$COMMIT + uncommitted changes in src/"
	log "Building the jar of the working tree, $COMMIT (log: $WORK/build.log)"
	"${BUILD[@]}" >"$WORK/build.log" 2>&1 || {
		tail -30 "$WORK/build.log" >&2
		die "build failed (to benchmark the last commit instead of the working tree: KEEL_REV=HEAD bench/$(basename "$0"))"
	}
	cp target/keel.jar "$JAR"
fi
