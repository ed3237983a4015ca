package dev.keel.rates;

import dev.keel.platform.OnEmbeddedStorage;

@OnEmbeddedStorage
class PriceBatchesOnEmbeddedStorageTests extends PriceBatchContract {

}
