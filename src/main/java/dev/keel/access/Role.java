package dev.keel.access;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.keel.platform.InvalidInput;

/** What a key may do; each role may also do everything of the roles before it. */
enum Role {

	READER, WRITER, ADMIN;

	/** The role a setting or request names, or a problem naming {@code field}. */
	static Role named(String name, String field) {
		return Arrays.stream(values())
			.filter(role -> role.toString().equals(name))
			.findFirst()
			.orElseThrow(() -> new InvalidInput(field, "'" + name + "' is not a role; use reader, writer or admin"));
	}

	boolean includes(Role other) {
		return compareTo(other) >= 0;
	}

	/** Spring Security's authorities: ROLE_READER and up to this one. */
	List<GrantedAuthority> authorities() {
		return AUTHORITIES.get(this);
	}

	// Asked on every request with a key; built once.
	private static final Map<Role, List<GrantedAuthority>> AUTHORITIES = new EnumMap<>(Role.class);

	static {
		for (Role role : values()) {
			AUTHORITIES.put(role,
					Arrays.stream(values())
						.filter(role::includes)
						.<GrantedAuthority>map(granted -> new SimpleGrantedAuthority("ROLE_" + granted.name()))
						.toList());
		}
	}

	@Override
	@JsonValue
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
