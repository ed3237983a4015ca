package dev.keel.rates;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.keel.KeelApplication;
import dev.keel.platform.Http;
import dev.keel.platform.OnPostgresAndRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch contract on production's services: batches travel through RabbitMQ, and the
 * cache is Redis, shared with a second instance that reads what the first one applied.
 */
@OnPostgresAndRedis
class PriceBatchesOnPostgresAndRedisTests extends PriceBatchContract {

	// Started by the first test that needs it, for the rest of the class.
	private static ConfigurableApplicationContext second;

	@Autowired
	Environment environment;

	@Autowired
	RabbitBatchQueue queue;

	@Autowired
	AmqpAdmin admin;

	@AfterAll
	static void stopTheSecondInstance() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	@Override
	Http otherInstance() {
		if (second == null) {
			second = new SpringApplicationBuilder(KeelApplication.class).profiles("production")
				.run("--server.port=0", "--spring.datasource.url=" + property("spring.datasource.url"),
						"--spring.datasource.username=" + property("spring.datasource.username"),
						"--spring.data.redis.url=" + property("spring.data.redis.url"),
						"--spring.rabbitmq.addresses=" + property("spring.rabbitmq.addresses"));
		}
		Http other = new Http(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
		assertThat(other.base()).isNotEqualTo(this.http.base());
		return other;
	}

	@Test
	void batchesTravelThroughTheDeploymentsQuorumQueue() {
		String name = this.queue.queueName();
		assertThat(name).matches(".*keel:[^:]+:rates\\.batches");
		assertThat(this.admin.getQueueInfo(name)).as(name).isNotNull();
		assertThat(this.admin.getQueueInfo(name + ".dead")).as(name + ".dead").isNotNull();
		Http.Reply reply = upload("text/csv", HEADER + "PA000,PB000,2020-03-01,3000\n", null);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		assertThat(awaitDone(reply.json().path("id").asLong()).path("state").asString()).isEqualTo("applied");
		assertThat(averages(this.http, PA000_TO_PB000)).containsExactly(2000L);
	}

	private String property(String name) {
		return this.environment.getRequiredProperty(name);
	}

}
