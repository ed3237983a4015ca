package dev.keel.rates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.keel.platform.Deployment;

/**
 * Production's queue: a durable quorum queue named for the deployment, with one active
 * consumer at a time among all instances (fail-over to the next), prefetch 1 and manual
 * acknowledgement after the batch's transaction committed. A message only names a batch;
 * the batch table holds its rows and its place in line, so a message delivered twice, or
 * out of turn, applies nothing twice and nothing early ({@link BatchApplier}). A batch
 * that fails for good is rejected into the dead-letter queue {@code <queue>.dead}.
 * <p>
 * An upload publishes its message before it commits, waiting for the broker's confirm,
 * while it holds the position lock: messages are in the order of acceptance, and an
 * upload the broker cannot confirm rolls back. A sweep publishes the newest pending batch
 * again when batches have waited {@code keel.rates.batches.republish-after} with the
 * queue empty (a message lost with a broker's data).
 */
@Component
@ConditionalOnProperty(name = "keel.rates.batches.queue", havingValue = "rabbitmq")
class RabbitBatchQueue implements BatchQueue, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RabbitBatchQueue.class);

	private static final Duration BACKOFF = Duration.ofSeconds(1);

	private final ConnectionFactory connections;

	private final RabbitTemplate rabbit;

	private final AmqpAdmin admin;

	private final BatchApplier applier;

	private final PriceBatches batches;

	private final RatesProperties.Batches settings;

	private final Queue queue;

	private final Queue deadLetters;

	private final SimpleMessageListenerContainer consumer;

	private final Clock clock = Clock.systemUTC();

	private @Nullable ScheduledExecutorService sweep;

	RabbitBatchQueue(ConnectionFactory connections, RabbitTemplate rabbit, AmqpAdmin admin, BatchApplier applier,
			PriceBatches batches, Deployment deployment, RatesProperties properties,
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration shutdownTimeout) {
		this.connections = connections;
		this.rabbit = rabbit;
		this.admin = admin;
		this.applier = applier;
		this.batches = batches;
		this.settings = properties.batches();
		String name = deployment.name("rates.batches");
		this.deadLetters = QueueBuilder.durable(name + ".dead").quorum().build();
		this.queue = QueueBuilder.durable(name)
			.quorum()
			.singleActiveConsumer()
			.deadLetterExchange("")
			.deadLetterRoutingKey(this.deadLetters.getName())
			.build();
		// On every connection, a broker's restart included, as RabbitAdmin does for
		// beans.
		connections.addConnectionListener(connection -> declareQueues());
		this.consumer = new SimpleMessageListenerContainer(connections);
		this.consumer.setQueueNames(this.queue.getName());
		this.consumer.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		this.consumer.setPrefetchCount(1);
		this.consumer.setConcurrentConsumers(1);
		this.consumer.setShutdownTimeout(shutdownTimeout.toMillis());
		this.consumer.setMissingQueuesFatal(false);
		this.consumer.setMessageListener((ChannelAwareMessageListener) this::onMessage);
		this.consumer.setAmqpAdmin(admin);
	}

	String queueName() {
		return this.queue.getName();
	}

	@Override
	public void checkAvailable() {
		try {
			this.connections.createConnection().close();
		}
		catch (AmqpException ex) {
			throw unavailable("RabbitMQ cannot be reached", ex);
		}
	}

	@Override
	public void publish(long id) {
		try {
			this.rabbit.invoke(operations -> {
				operations.convertAndSend("", this.queue.getName(), Long.toString(id));
				operations.waitForConfirmsOrDie(this.settings.confirmTimeout().toMillis());
				return null;
			});
		}
		catch (AmqpException ex) {
			throw unavailable("RabbitMQ did not confirm the batch", ex);
		}
	}

	private BatchProblems.QueueUnavailable unavailable(String reason, AmqpException ex) {
		log.warn("Price batch refused: {}: {}", reason, ex.toString());
		return new BatchProblems.QueueUnavailable(reason, ex);
	}

	private void onMessage(Message message, Channel channel) throws IOException {
		long tag = message.getMessageProperties().getDeliveryTag();
		long id;
		try {
			id = Long.parseLong(new String(message.getBody(), StandardCharsets.UTF_8).strip());
		}
		catch (NumberFormatException ex) {
			log.warn("A message on {} names no price batch; dead-lettered", this.queue.getName());
			channel.basicReject(tag, false);
			return;
		}
		BatchApplier.Outcome outcome = null;
		while (outcome == null) {
			try {
				outcome = this.applier.applyThrough(id);
			}
			catch (RuntimeException ex) {
				if (!this.consumer.isActive()) {
					// Stopping: the broker hands the message to the next consumer.
					channel.basicNack(tag, false, true);
					return;
				}
				log.warn("Price batch {} waits: {}", id, ex.toString());
				try {
					Thread.sleep(BACKOFF);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					channel.basicNack(tag, false, true);
					return;
				}
			}
		}
		settle(channel, tag, id, outcome);
	}

	// Acknowledged once, not retried: on a channel opened since the delivery, the tag
	// would name another delivery or none. A message left unacknowledged goes back to the
	// queue as its connection closes, and its next delivery finds the batch done.
	private void settle(Channel channel, long tag, long id, BatchApplier.Outcome outcome) {
		String state = outcome.name().toLowerCase(Locale.ROOT);
		if (!channel.isOpen()) {
			log.warn("Price batch {} is {}; its message goes back to the queue, the channel having closed", id, state);
			return;
		}
		try {
			if (outcome == BatchApplier.Outcome.FAILED) {
				channel.basicReject(tag, false);
			}
			else {
				channel.basicAck(tag, false);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Price batch {} is {}; its message goes back to the queue, the channel having closed: {}", id,
					state, ex.toString());
		}
	}

	private void sweep() {
		try {
			this.applier.cleanUp();
			OffsetDateTime oldest = this.batches.oldestPendingReceivedAt().orElse(null);
			if (oldest == null
					|| oldest.isAfter(OffsetDateTime.now(this.clock).minus(this.settings.republishAfter()))) {
				return;
			}
			QueueInformation info = this.admin.getQueueInfo(this.queue.getName());
			if (info != null && info.getMessageCount() == 0) {
				this.batches.newestPending().ifPresent(batch -> {
					log.warn("Price batches have waited since {} with their queue empty; publishing batch {} again",
							oldest, batch.id());
					publish(batch.id());
				});
			}
		}
		catch (RuntimeException ex) {
			log.warn("Price batch sweep skipped: {}", ex.toString());
		}
	}

	private void declareQueues() {
		try {
			this.admin.declareQueue(this.deadLetters);
			this.admin.declareQueue(this.queue);
		}
		catch (AmqpException ex) {
			log.warn("The price batch queue {} is not declared: {}", this.queue.getName(), ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		this.consumer.start();
		this.sweep = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("keel-price-batch-sweep").daemon(true).factory());
		long every = this.settings.pollInterval().toMillis();
		this.sweep.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		stopSweeping();
		this.consumer.stop();
	}

	// Beside the web server's graceful shutdown, not before it: requests in flight and
	// the
	// batch in flight finish together, within one shutdown timeout.
	@Override
	public void stop(Runnable callback) {
		stopSweeping();
		Thread.ofPlatform().name("keel-price-batches-stop").daemon(true).start(() -> {
			this.consumer.stop();
			callback.run();
		});
	}

	private synchronized void stopSweeping() {
		if (this.sweep != null) {
			this.sweep.shutdownNow();
			this.sweep = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.sweep != null;
	}

	@Override
	public int getPhase() {
		return BatchApplier.LIFECYCLE_PHASE;
	}

}
