package dev.keel;

import dev.keel.platform.OnEmbeddedStorage;

@OnEmbeddedStorage
class ApiContractOnEmbeddedStorageTests extends ApiContract {

}
