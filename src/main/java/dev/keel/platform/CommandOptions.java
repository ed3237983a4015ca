package dev.keel.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The words and options of a jar command, each option as {@code --name=value} or
 * {@code --name value}. Options with a dot in their name are Spring's
 * ({@code --spring.profiles.active=...}) and left to it; any other unknown one is
 * refused, so a misspelt option never goes unnoticed.
 *
 * @param words the arguments that are not options, in order (the command's name first)
 * @param values each option given, by name
 */
public record CommandOptions(List<String> words, Map<String, String> values) {

	/**
	 * @param names the options the command knows
	 * @throws IllegalArgumentException naming the unknown option or the one without a
	 * value
	 */
	public static CommandOptions parse(String[] args, Set<String> names) {
		List<String> words = new ArrayList<>();
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				words.add(arg);
				continue;
			}
			int equals = arg.indexOf('=');
			String name = arg.substring(2, (equals >= 0) ? equals : arg.length());
			if (!names.contains(name)) {
				if (name.contains(".")) {
					continue;
				}
				throw new IllegalArgumentException("unknown option --" + name);
			}
			if (equals >= 0) {
				values.put(name, arg.substring(equals + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				values.put(name, args[++i]);
			}
			else {
				throw new IllegalArgumentException("--" + name + " needs a value");
			}
		}
		return new CommandOptions(List.copyOf(words), Map.copyOf(values));
	}

	public @Nullable String value(String name) {
		return this.values.get(name);
	}

}
