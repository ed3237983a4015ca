package dev.keel.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One load-test run: {@code requested} GETs on {@code /api/} paths of 1 to 6 segments,
 * each segment one of three random strings drawn for this run.
 */
final class TestRun {

	static final String FINISHED = "finished";

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private final String id = UUID.randomUUID().toString();

	private final int requested;

	private final List<String> segments;

	private final long startedNanos = System.nanoTime();

	private final long startedMillis = System.currentTimeMillis();

	private final AtomicInteger completed = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private volatile long finishedNanos;

	private volatile boolean finished;

	TestRun(int requested) {
		this.requested = requested;
		this.segments = drawSegments(ThreadLocalRandom.current());
	}

	String id() {
		return this.id;
	}

	int requested() {
		return this.requested;
	}

	/** When the run started, by the wall clock: the order of runs across instances. */
	long startedMillis() {
		return this.startedMillis;
	}

	boolean finished() {
		return this.finished;
	}

	/** A path of 1 to 6 segments from this run's three, ending in a slash. */
	String nextPath() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		StringBuilder path = new StringBuilder("/api/");
		for (int i = random.nextInt(1, 7); i > 0; i--) {
			path.append(this.segments.get(random.nextInt(this.segments.size()))).append('/');
		}
		return path.toString();
	}

	void completed() {
		this.completed.incrementAndGet();
	}

	void failed() {
		this.failed.incrementAndGet();
	}

	void finish() {
		this.finishedNanos = System.nanoTime();
		this.finished = true;
	}

	View view() {
		boolean done = this.finished;
		long elapsedNanos = (done ? this.finishedNanos : System.nanoTime()) - this.startedNanos;
		int completed = this.completed.get();
		int failed = this.failed.get();
		long perSecond = (elapsedNanos > 0) ? Math.round((completed + failed) * 1e9 / elapsedNanos) : 0;
		return new View(this.id, this.requested, completed, failed, done ? FINISHED : "running",
				elapsedNanos / 1_000_000, perSecond, this.segments);
	}

	private static List<String> drawSegments(ThreadLocalRandom random) {
		List<String> drawn = new ArrayList<>(3);
		while (drawn.size() < 3) {
			StringBuilder segment = new StringBuilder(8);
			for (int i = 0; i < 8; i++) {
				segment.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
			}
			if (!drawn.contains(segment.toString())) {
				drawn.add(segment.toString());
			}
		}
		return List.copyOf(drawn);
	}

	/**
	 * A run as {@code GET /test/runs/{id}} shows it.
	 *
	 * @param id the run's id
	 * @param requested requests the run sends
	 * @param completed requests answered 200
	 * @param failed requests answered otherwise or not at all
	 * @param state {@code running} or {@code finished}
	 * @param elapsedMs time since the start, or the run's duration once finished
	 * @param requestsPerSecond completed and failed requests per second so far
	 * @param segments the three path segments the run draws from
	 */
	record View(String id, int requested, int completed, int failed, String state, long elapsedMs,
			long requestsPerSecond, List<String> segments) {

	}

}
