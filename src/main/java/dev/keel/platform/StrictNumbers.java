package dev.keel.platform;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Path variables and parameters bound to whole numbers take ASCII digits with an optional
 * minus and nothing else. Spring's default conversion uses {@code Long.decode}, which
 * also reads {@code +2}, {@code 0x1}, {@code #1} and digits of other scripts, so that
 * {@code GET /books/+2} was book 2.
 */
@ControllerAdvice
class StrictNumbers {

	// As QueryParameters reads them: 18 digits hold every value the API takes.
	private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");

	/** What a value of {@code type} must be, as a problem's detail says it. */
	static String rule(@Nullable Class<?> type) {
		return (type == int.class || type == Integer.class)
				? "a whole number in the digits 0-9 from -2,147,483,648 to 2,147,483,647"
				: "a whole number of at most 18 digits 0-9";
	}

	@InitBinder
	void wholeNumbers(WebDataBinder binder) {
		binder.registerCustomEditor(long.class, new WholeNumber(false, Long.MAX_VALUE));
		binder.registerCustomEditor(Long.class, new WholeNumber(true, Long.MAX_VALUE));
		binder.registerCustomEditor(int.class, new WholeNumber(false, Integer.MAX_VALUE));
		binder.registerCustomEditor(Integer.class, new WholeNumber(true, Integer.MAX_VALUE));
	}

	private static final class WholeNumber extends PropertyEditorSupport {

		private final boolean nullable;

		private final long max;

		WholeNumber(boolean nullable, long max) {
			this.nullable = nullable;
			this.max = max;
		}

		@Override
		public void setAsText(String text) {
			if (this.nullable && text.isEmpty()) {
				setValue(null);
				return;
			}
			if (!WHOLE_NUMBER.matcher(text).matches()) {
				throw new IllegalArgumentException("not a whole number in the digits 0-9");
			}
			long value = Long.parseLong(text);
			if (value > this.max || value < -this.max - 1) {
				throw new IllegalArgumentException("out of range");
			}
			setValue((this.max == Long.MAX_VALUE) ? (Object) value : (Object) (int) value);
		}

	}

}
