package dev.keel.library;

import dev.keel.platform.OnEmbeddedStorage;

@OnEmbeddedStorage
class CatalogCacheOnEmbeddedStorageTests extends CatalogCacheContract {

}
