package dev.keel.access;

import org.springframework.test.context.TestPropertySource;

import dev.keel.platform.OnEmbeddedStorage;

@OnEmbeddedStorage
@TestPropertySource(properties = { AccessContract.KEYS_REQUIRED, AccessContract.LIMITS_ON,
		AccessContract.ANONYMOUS_READS, AccessContract.ANONYMOUS_READS_BURST })
class AccessOnEmbeddedStorageTests extends AccessContract {

}
