package dev.keel.platform;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves the schemas of the API's records as the application's mapper reads and writes
 * them. swagger-core introspects types with Jackson 2, the application runs Jackson 3:
 * the application mapper's naming strategy is carried over, so the schemas show the
 * snake_case names the API really uses.
 * <p>
 * A record component that is not {@code @Nullable} is never null and always written, so
 * it is {@code required}; a {@code @Nullable} one is optional and may be {@code null}. An
 * explicit {@code @Schema(requiredMode = ...)} on a component wins (an input field that
 * the API requires but that the record leaves to its own validation, or an optional
 * member that is absent rather than null). A nested record is named after its enclosing
 * type and itself ({@code AuthorRef}), since several modules nest a {@code Request} or a
 * {@code View}.
 */
final class RecordModels extends ModelResolver {

	private RecordModels(ObjectMapper mapper) {
		super(mapper, new NestedTypeNames());
	}

	static RecordModels of(JsonMapper json) {
		ObjectMapper mapper = Json.mapper().copy();
		PropertyNamingStrategy naming = json.serializationConfig().getPropertyNamingStrategy();
		if (naming != null) {
			// A NamingBase (SNAKE_CASE and the like) translates any name the same way,
			// whatever member it belongs to.
			mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.NamingBase() {

				@Override
				public String translate(String name) {
					return naming.nameForGetterMethod(null, null, name);
				}

			});
		}
		return new RecordModels(mapper);
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public @Nullable Schema resolve(AnnotatedType annotatedType, ModelConverterContext context,
			Iterator<ModelConverter> chain) {
		Schema resolved = super.resolve(annotatedType, context, chain);
		JavaType type = this._mapper.constructType(annotatedType.getType());
		if (resolved == null || !type.getRawClass().isRecord()) {
			return resolved;
		}
		// Asked for as a reference, the resolver answers a $ref and keeps the model.
		Schema model = (resolved.get$ref() != null)
				? context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1))
				: resolved;
		if (model != null && model.getProperties() != null) {
			markRequiredAndNullable(type, model);
			// swagger-core writes @Schema(additionalProperties) for OpenAPI 3.1 only.
			var declared = type.getRawClass().getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
			if (declared != null && declared
				.additionalProperties() == io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue.TRUE) {
				model.setAdditionalProperties(true);
			}
		}
		return resolved;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void markRequiredAndNullable(JavaType type, Schema model) {
		var properties = this._mapper.getSerializationConfig().introspect(type).findProperties();
		for (RecordComponent component : type.getRawClass().getRecordComponents()) {
			String name = properties.stream()
				.filter(property -> property.getInternalName().equals(component.getName()))
				.map(BeanPropertyDefinition::getName)
				.findFirst()
				.orElse(null);
			Schema property = (name != null) ? (Schema) model.getProperties().get(name) : null;
			// @Schema does not target record components: Java keeps it on the accessor.
			io.swagger.v3.oas.annotations.media.Schema explicit = component.getAccessor()
				.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
			if (property == null || (explicit != null
					&& explicit.requiredMode() != io.swagger.v3.oas.annotations.media.Schema.RequiredMode.AUTO)) {
				continue;
			}
			List<String> required = model.getRequired();
			if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
				property.setNullable(true);
				if (required != null && required.remove(name) && required.isEmpty()) {
					model.setRequired(null);
				}
			}
			else if (required == null || !required.contains(name)) {
				model.addRequiredItem(name);
			}
		}
	}

	/** {@code Author.Ref} is {@code AuthorRef}; top-level types keep their names. */
	private static final class NestedTypeNames extends TypeNameResolver {

		@Override
		protected String nameForClass(Class<?> type, Set<Options> options) {
			String name = super.nameForClass(type, options);
			Class<?> enclosing = type.getEnclosingClass();
			boolean named = type.isAnnotationPresent(io.swagger.v3.oas.annotations.media.Schema.class)
					&& !type.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class).name().isEmpty();
			return (enclosing != null && !named) ? enclosing.getSimpleName() + name : name;
		}

	}

}
