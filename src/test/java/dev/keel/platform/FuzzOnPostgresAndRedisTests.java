package dev.keel.platform;

@OnPostgresAndRedis
class FuzzOnPostgresAndRedisTests extends FuzzContract {

}
