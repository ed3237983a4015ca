package dev.keel;

import java.util.concurrent.ThreadLocalRandom;

/**
 * An ISBN-13 no earlier run is likely to have stored, for tests that create a book on a
 * database that outlives them (PostgreSQL) or that they share (H2 in one JVM).
 */
final class FreshIsbn {

	private FreshIsbn() {
	}

	static String next() {
		StringBuilder isbn = new StringBuilder("979");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 9; i++) {
			isbn.append(random.nextInt(10));
		}
		int sum = 0;
		for (int i = 0; i < 12; i++) {
			sum += (isbn.charAt(i) - '0') * ((i % 2 == 0) ? 1 : 3);
		}
		return isbn.append((10 - sum % 10) % 10).toString();
	}

}
