package dev.keel.rates;

import dev.keel.platform.OnPostgresAndRedis;

@OnPostgresAndRedis
class PriceBatchLimitsOnPostgresAndRedisTests extends PriceBatchLimitsContract {

}
