package dev.keel.rates;

import dev.keel.platform.OnEmbeddedStorage;

@OnEmbeddedStorage
class PriceBatchLimitsOnEmbeddedStorageTests extends PriceBatchLimitsContract {

}
