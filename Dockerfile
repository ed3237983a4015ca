# Keel's image: built with the Maven Wrapper on a JDK, run on a JRE as a non-root user.
# Plain Dockerfile syntax (no BuildKit-only features such as RUN --mount), so the legacy
# builder of Debian's docker-compose 1.29 builds it as well as BuildKit does.
# Nothing here has been built on Keel's build machines (no container engine there):
# see docs/containers.md.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# Dependencies and plugins in a layer of their own: rebuilt only when the POM or the
# wrapper change, not on every source edit; the package step fetches the few plugin parts
# resolved only when a plugin runs. Not dependency:go-offline: it ignores the POM's
# exclusions and fails on one (jackson-datatype-joda, never released at Boot's version).
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -q -B dependency:resolve dependency:resolve-plugins
COPY src src
# No .git in the context (.dockerignore): the jar's /actuator/info has no commit section.
RUN ./mvnw -q -B package -DskipTests

FROM eclipse-temurin:21-jre
# The healthcheck uses curl, which the eclipse-temurin images install on purpose (for
# healthchecks: adoptium/containers#255). Checked here so that a base image without it
# fails the build instead of giving a container that is never healthy.
RUN curl --version > /dev/null \
	&& groupadd --system --gid 10001 keel \
	&& useradd --system --uid 10001 --gid keel --home-dir /app --no-create-home --shell /usr/sbin/nologin keel \
	&& mkdir -p /app/data \
	&& chown keel:keel /app/data
WORKDIR /app
COPY --from=build /src/target/keel.jar /app/keel.jar
USER keel:keel

# The heap follows the container's memory limit (75%, the rest for metaspace, threads
# and direct buffers); an OutOfMemoryError ends the process so the engine restarts it
# rather than leaving it half-working. JAVA_TOOL_OPTIONS, not the command line, so
# that `docker run -e JAVA_TOOL_OPTIONS=...` can replace them.
ENV SPRING_PROFILES_ACTIVE=production \
	KEEL_PORT=5000 \
	KEEL_DATA_DIR=/app/data \
	JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 5000

# Readiness, not liveness: "healthy" means the instance serves (database reachable, not
# shutting down). It is on the management port when KEEL_MANAGEMENT_PORT is set.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
	CMD curl -fsS -o /dev/null "http://127.0.0.1:${KEEL_MANAGEMENT_PORT:-${KEEL_PORT:-5000}}/actuator/health/readiness" || exit 1

# java as PID 1 (exec form): SIGTERM reaches the JVM, which shuts down gracefully
# (server.shutdown=graceful, KEEL_SHUTDOWN_TIMEOUT).
ENTRYPOINT ["java", "-jar", "/app/keel.jar"]
