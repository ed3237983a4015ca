package dev.keel.platform;

@OnEmbeddedStorage
class FuzzOnEmbeddedStorageTests extends FuzzContract {

}
