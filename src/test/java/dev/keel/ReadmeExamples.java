package dev.keel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The commands of a README's {@code ```sh} blocks, in order, each with the answer the
 * README prints for it.
 * <p>
 * A block is read as the shell reads it: quotes (which may span lines), backslash
 * continuations and {@code #} comments. The answer to a command is either the comment
 * lines right after it ({@code # HTTP/1.1 201}, {@code # Location: /authors/1}, then JSON
 * starting with a brace or a bracket, over as many comment lines as it takes), or a
 * {@code ```json} block that follows the {@code ```sh} block with nothing but blank lines
 * between, which answers the block's last command. Other comment lines are prose; a
 * {@code ```json} block after prose is an illustration, not an answer.
 */
record ReadmeExamples(List<Example> examples) {

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\S+ (\\d{3})\\b.*");

	private static final Pattern HEADER_LINE = Pattern.compile("([A-Za-z][A-Za-z0-9-]*): (.*)");

	static ReadmeExamples parse(String markdown) {
		List<Example> examples = new ArrayList<>();
		List<String> lines = markdown.lines().toList();
		int i = 0;
		while (i < lines.size()) {
			if (!lines.get(i).strip().equals("```sh")) {
				i++;
				continue;
			}
			int start = i + 1;
			int end = closingFence(lines, start);
			List<Example> block = commands(lines.subList(start, end), start + 1);
			int next = end + 1;
			while (next < lines.size() && lines.get(next).isBlank()) {
				next++;
			}
			if (next < lines.size() && lines.get(next).strip().equals("```json") && !block.isEmpty()) {
				int jsonEnd = closingFence(lines, next + 1);
				Example last = block.getLast();
				if (last.answer().isPresent()) {
					throw new IllegalStateException("README line " + last.line()
							+ ": a command with an answer in comments is followed by a json block too");
				}
				block.set(block.size() - 1, last.withAnswer(Answer.of(lines.subList(next + 1, jsonEnd), next + 2)));
				next = jsonEnd + 1;
			}
			examples.addAll(block);
			i = next;
		}
		return new ReadmeExamples(examples);
	}

	private static int closingFence(List<String> lines, int from) {
		for (int i = from; i < lines.size(); i++) {
			if (lines.get(i).strip().equals("```")) {
				return i;
			}
		}
		throw new IllegalStateException("README line " + from + ": a code block is never closed");
	}

	/** The commands of one sh block, each with the comment lines that follow it. */
	static List<Example> commands(List<String> block, int firstLine) {
		String text = String.join("\n", block) + "\n";
		List<Example> commands = new ArrayList<>();
		List<String> words = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		StringBuilder word = null;
		int line = firstLine;
		int commandLine = firstLine;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\'') {
				int close = text.indexOf('\'', i + 1);
				word = (word != null) ? word : new StringBuilder();
				word.append(text, i + 1, close);
				line += (int) text.substring(i, close).chars().filter(ch -> ch == '\n').count();
				i = close;
			}
			else if (c == '"') {
				word = (word != null) ? word : new StringBuilder();
				for (i++; text.charAt(i) != '"'; i++) {
					if (text.charAt(i) == '\\' && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
						i++;
					}
					line += (text.charAt(i) == '\n') ? 1 : 0;
					word.append(text.charAt(i));
				}
			}
			else if (c == '\\') {
				i++;
				if (text.charAt(i) == '\n') {
					line++;
				}
				else {
					word = (word != null) ? word : new StringBuilder();
					word.append(text.charAt(i));
				}
			}
			else if (c == '#' && word == null) {
				int endOfLine = text.indexOf('\n', i);
				// A comment on a line of its own belongs to the command before it; one
				// after a command on its line is a remark about the command.
				if (words.isEmpty()) {
					String comment = text.substring(i + 1, endOfLine);
					comments.add(comment.startsWith(" ") ? comment.substring(1) : comment);
				}
				i = endOfLine - 1;
			}
			else if (c == ' ' || c == '\t' || c == '\n') {
				if (word != null) {
					words.add(word.toString());
					word = null;
				}
				if (c == '\n') {
					if (!words.isEmpty()) {
						flush(commands, comments);
						commands.add(new Example(List.copyOf(words), commandLine, null));
						words.clear();
					}
					line++;
					commandLine = line;
				}
			}
			else {
				word = (word != null) ? word : new StringBuilder();
				word.append(c);
			}
		}
		flush(commands, comments);
		return commands;
	}

	private static void flush(List<Example> commands, List<String> comments) {
		if (!commands.isEmpty() && !comments.isEmpty()) {
			Example last = commands.getLast();
			Answer answer = Answer.ofComments(comments, last.line());
			if (answer != null) {
				commands.set(commands.size() - 1, last.withAnswer(answer));
			}
		}
		comments.clear();
	}

	/**
	 * A command as its words (quotes removed), its README line and its printed answer.
	 */
	record Example(List<String> words, int line, @Nullable Answer printed) {

		String text() {
			return String.join(" ", this.words);
		}

		Optional<Answer> answer() {
			return Optional.ofNullable(this.printed);
		}

		Example withAnswer(Answer answer) {
			return new Example(this.words, this.line, answer);
		}

	}

	/**
	 * What the README prints for a command: the status (when shown), the headers shown
	 * and the JSON body (when shown, as text).
	 */
	record Answer(@Nullable Integer status, List<String[]> headers, @Nullable String json, int line) {

		static Answer of(List<String> jsonLines, int line) {
			return new Answer(null, List.of(), String.join("\n", jsonLines), line);
		}

		static @Nullable Answer ofComments(List<String> comments, int commandLine) {
			Integer status = null;
			List<String[]> headers = new ArrayList<>();
			StringBuilder json = null;
			for (String comment : comments) {
				Matcher statusLine = STATUS_LINE.matcher(comment);
				Matcher headerLine = HEADER_LINE.matcher(comment);
				if (json != null) {
					json.append('\n').append(comment);
				}
				else if (comment.startsWith("{") || comment.startsWith("[")) {
					json = new StringBuilder(comment);
				}
				else if (statusLine.matches()) {
					status = Integer.valueOf(statusLine.group(1));
				}
				else if (headerLine.matches()) {
					headers.add(new String[] { headerLine.group(1), headerLine.group(2) });
				}
			}
			if (status == null && headers.isEmpty() && json == null) {
				return null;
			}
			return new Answer(status, headers, (json != null) ? json.toString() : null, commandLine + 1);
		}

	}

}
