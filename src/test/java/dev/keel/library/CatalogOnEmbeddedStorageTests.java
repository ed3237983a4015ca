package dev.keel.library;

import dev.keel.platform.OnEmbeddedStorage;

@OnEmbeddedStorage
class CatalogOnEmbeddedStorageTests extends CatalogContract {

}
