package dev.keel.search;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words of a folded title as PostgreSQL indexes them: split at spaces, each once. A
 * word longer than {@link #MAX_WORD} is kept out of the index (its bytes could pass the
 * limit of a B-tree row) and the title gets {@link #LONG} instead, which every search
 * also asks for: such titles are always read and checked.
 */
final class TitleWords {

	static final int MAX_WORD = 200;

	/** Stands for "a word too long to index"; no word holds a space. */
	static final String LONG = " ";

	private TitleWords() {
	}

	static String[] of(String foldedTitle) {
		Set<String> words = new LinkedHashSet<>();
		for (String word : foldedTitle.split(" ")) {
			if (!word.isEmpty()) {
				words.add((word.length() > MAX_WORD) ? LONG : word);
			}
		}
		return words.toArray(String[]::new);
	}

	/** The words of many titles, each once, sorted (so two ingests lock them alike). */
	static String[] vocabulary(Iterable<NormalizedItem> items) {
		Set<String> words = new TreeSet<>();
		for (NormalizedItem item : items) {
			words.addAll(Arrays.asList(item.titleWords()));
		}
		words.remove(LONG);
		return words.toArray(String[]::new);
	}

}
