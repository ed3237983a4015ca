package dev.keel.search;

import dev.keel.platform.OnPostgresAndRedis;

@OnPostgresAndRedis
class SearchOnPostgresAndRedisTests extends SearchContract {

}
