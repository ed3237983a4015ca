package dev.keel.platform;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * JSON values must have the type a field declares: {@code "5"} is no number, {@code 2.9}
 * no whole number, {@code 12} no text, and a date is a {@code "YYYY-MM-DD"} string
 * ({@code []} and {@code [1929, 10, 21]} are not). Jackson would otherwise convert them
 * silently. Every text keeps the {@link Characters} rules.
 */
@Component
class StrictJson implements JsonMapperBuilderCustomizer {

	private static final Pattern ISO_DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	@Override
	public void customize(JsonMapper.Builder builder) {
		builder.withCoercionConfig(LogicalType.Textual,
				text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
		SimpleModule strict = new SimpleModule("keel-strict-json");
		strict.addDeserializer(String.class, new CheckedText());
		strict.addDeserializer(LocalDate.class, new IsoDate());
		builder.addModule(strict);
	}

	private static final class CheckedText extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String text = super.deserialize(parser, context);
			if (text != null) {
				// The field's name comes from the path of the exception Jackson wraps
				// this in.
				Characters.check("body", text);
			}
			return text;
		}

	}

	private static final class IsoDate extends ValueDeserializer<LocalDate> {

		@Override
		public LocalDate deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.currentToken() != JsonToken.VALUE_STRING) {
				return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
			}
			String text = Characters.check("body", parser.getString());
			try {
				// Four-digit years only: ISO also reads +999999999-12-31, which no
				// database
				// stores.
				if (ISO_DAY.matcher(text).matches()) {
					return LocalDate.parse(text);
				}
			}
			catch (DateTimeParseException ex) {
				// answered below
			}
			throw context.weirdStringException(text, LocalDate.class, "not a date (YYYY-MM-DD)");
		}

	}

}
