package dev.keel.library;

import dev.keel.platform.OnPostgresAndRedis;

@OnPostgresAndRedis
class CatalogOnPostgresAndRedisTests extends CatalogContract {

}
