package dev.keel.library;

import dev.keel.platform.OnEmbeddedStorage;

@OnEmbeddedStorage
class CatalogListsOnEmbeddedStorageTests extends CatalogListsContract {

}
