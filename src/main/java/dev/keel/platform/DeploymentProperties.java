package dev.keel.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keyPrefix put before every Redis key (and queue name) of this deployment,
 * besides the deployment's own id; empty by default
 */
@ConfigurationProperties("keel.deployment")
record DeploymentProperties(String keyPrefix) {

	DeploymentProperties {
		keyPrefix = (keyPrefix != null) ? keyPrefix : "";
		if (keyPrefix.length() > 100 || !keyPrefix.chars().allMatch(c -> c > ' ' && c < 127 && c != '{' && c != '}')) {
			throw new IllegalArgumentException(
					"keel.deployment.key-prefix must be at most 100 printable ASCII characters without spaces or braces");
		}
	}

}
