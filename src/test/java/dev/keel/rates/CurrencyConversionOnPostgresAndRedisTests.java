package dev.keel.rates;

import dev.keel.platform.OnPostgresAndRedis;

@OnPostgresAndRedis
class CurrencyConversionOnPostgresAndRedisTests extends CurrencyConversionContract {

}
