package dev.keel.access;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** What {@code POST /admin/api-keys} takes. */
record ApiKeyInput(@Schema(requiredMode = REQUIRED, pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
		description = "1 to 64 letters, digits, '.', '_' or '-'; anonymous and internal are reserved") @Nullable String name,
		@Schema(requiredMode = REQUIRED, allowableValues = {
				"reader", "writer", "admin" }) @Nullable String role,
		@Schema(description = "the key's own limit over all its requests, N/PERIOD with PERIOD like 1s, 1m, 1h, 1d; "
				+ "without it the role's limits per route group apply", example = "100/1m") @Nullable String rateLimit,
		@Schema(description = "when the key stops working; never if absent") @Nullable Instant expiresAt){

	ApiKey.Created createIn(ApiKeys keys) {
		if (this.name == null) {
			throw new dev.keel.platform.InvalidInput("name", "is required");
		}
		if (this.role == null) {
			throw new dev.keel.platform.InvalidInput("role", "is required: reader, writer or admin");
		}
		return keys.create(this.name, Role.named(this.role, "role"), this.rateLimit, this.expiresAt);
	}

}
