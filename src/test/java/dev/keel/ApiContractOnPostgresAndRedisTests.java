package dev.keel;

import dev.keel.platform.OnPostgresAndRedis;

@OnPostgresAndRedis
class ApiContractOnPostgresAndRedisTests extends ApiContract {

}
