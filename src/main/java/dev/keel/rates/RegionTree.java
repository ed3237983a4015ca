package dev.keel.rates;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The regions and ports of a rates dump, checked before anything is stored: each named
 * once, port codes of at most 5 characters, every parent known, no cycles. A pg_dump
 * lists them after the prices that need them, so the importer reads them in a pass of
 * their own.
 */
final class RegionTree implements RatesDump.Visitor {

	record Region(String slug, String name, @Nullable String parent) {

	}

	record Port(String code, String name, String region) {

	}

	private final Map<String, Region> regions = new LinkedHashMap<>();

	private final Map<String, Port> ports = new LinkedHashMap<>();

	/** The regions and ports of a dump, read but not yet checked as a tree. */
	static RegionTree read(Path dump) throws IOException {
		RegionTree tree = new RegionTree();
		RatesDump.read(dump, tree, (read, total) -> {
		});
		return tree;
	}

	@Override
	public void row(DumpTable table, @Nullable String[] values, long line) {
		switch (table) {
			case REGIONS -> addRegion(values[0], values[1], values[2], line);
			case PORTS -> addPort(values[0], values[1], values[2], line);
			case PRICES -> {
			}
		}
	}

	@Override
	public void statement(DumpStatement statement, long line) {
	}

	void addRegion(@Nullable String slug, @Nullable String name, @Nullable String parent, long line) {
		String key = RatesDump.required(slug, "slug", line);
		if (this.regions.containsKey(key)) {
			throw new UnreadableDump(line, "'" + key + "' appears twice");
		}
		this.regions.put(key, new Region(key, RatesDump.required(name, "name", line), parent));
	}

	void addPort(@Nullable String code, @Nullable String name, @Nullable String region, long line) {
		String key = RatesDump.required(code, "code", line);
		if (key.length() > 5) {
			throw new UnreadableDump(line, "port code '" + key + "' is longer than 5 characters");
		}
		String parent = RatesDump.required(region, "parent_slug", line);
		if (this.ports.containsKey(key)) {
			throw new UnreadableDump(line, "'" + key + "' appears twice");
		}
		this.ports.put(key, new Port(key, RatesDump.required(name, "name", line), parent));
	}

	/**
	 * The regions ordered so that every parent comes before its children, as the foreign
	 * key needs them inserted; refused if a parent is unknown or the parents form a
	 * cycle.
	 */
	List<Region> regionsParentsFirst() {
		List<Region> order = new ArrayList<>(this.regions.size());
		Set<String> placed = new HashSet<>();
		for (String slug : this.regions.keySet()) {
			List<String> path = new ArrayList<>();
			String at = slug;
			while (at != null && !placed.contains(at)) {
				Region region = this.regions.get(at);
				if (region == null) {
					throw new UnreadableDump("region " + path.get(path.size() - 1) + " has unknown parent " + at);
				}
				if (path.contains(at)) {
					throw new UnreadableDump("regions form a cycle: " + path);
				}
				path.add(at);
				at = region.parent();
			}
			for (int i = path.size() - 1; i >= 0; i--) {
				placed.add(path.get(i));
				order.add(this.regions.get(path.get(i)));
			}
		}
		return order;
	}

	/** The ports, in dump order; refused if one belongs to a region the dump lacks. */
	List<Port> ports() {
		for (Port port : this.ports.values()) {
			if (!this.regions.containsKey(port.region())) {
				throw new UnreadableDump("port " + port.code() + " belongs to unknown region " + port.region());
			}
		}
		return List.copyOf(this.ports.values());
	}

	Set<String> portCodes() {
		return this.ports.keySet();
	}

}
