package dev.keel.search;

import dev.keel.platform.OnEmbeddedStorage;

@OnEmbeddedStorage
class SearchOnEmbeddedStorageTests extends SearchContract {

}
