package dev.keel.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP forwarder to put between the application and a service, that a test can cut (its
 * port refuses connections and every open connection drops) and open again on the same
 * port, or freeze (connections stay open, nothing passes, as with a service stopped by
 * SIGSTOP) and thaw.
 */
public final class TcpForwarder implements AutoCloseable {

	private final InetSocketAddress target;

	private final Set<Socket> connections = new HashSet<>();

	private int port;

	private ServerSocket listener;

	private volatile boolean frozen;

	public TcpForwarder(String host, int port) {
		this.target = new InetSocketAddress(host, port);
		open();
	}

	/** A forwarder to the Redis at {@code KEEL_TEST_REDIS_URL}. */
	public static TcpForwarder toRedis() {
		URI redis = URI.create(ServicesAvailable.REDIS_URL);
		return new TcpForwarder(redis.getHost(), (redis.getPort() > 0) ? redis.getPort() : 6379);
	}

	/** {@code KEEL_TEST_REDIS_URL}, through this forwarder. */
	public String redisUrl() {
		URI redis = URI.create(ServicesAvailable.REDIS_URL);
		try {
			return new URI(redis.getScheme(), redis.getUserInfo(), "127.0.0.1", this.port, redis.getPath(), null, null)
				.toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** Listens again, on the same port as before. */
	public synchronized void open() {
		if (this.listener != null) {
			return;
		}
		try {
			ServerSocket listener = new ServerSocket();
			listener.setReuseAddress(true);
			listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.port = listener.getLocalPort();
			this.listener = listener;
			Thread.ofPlatform().daemon().name("forwarder-" + this.port).start(() -> accept(listener));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops listening and drops every connection. */
	public synchronized void cut() {
		if (this.listener == null) {
			return;
		}
		closeQuietly(this.listener);
		this.listener = null;
		this.connections.forEach(TcpForwarder::closeQuietly);
		this.connections.clear();
	}

	/** Holds every byte from now on, in both directions, with connections left open. */
	public void freeze() {
		this.frozen = true;
	}

	/** Passes what was held, and everything after it. */
	public void thaw() {
		this.frozen = false;
	}

	@Override
	public void close() {
		thaw();
		cut();
	}

	private void accept(ServerSocket listener) {
		while (!listener.isClosed()) {
			Socket client;
			try {
				client = listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			Socket upstream = new Socket();
			synchronized (this) {
				if (this.listener != listener) {
					closeQuietly(client);
					return;
				}
				this.connections.add(client);
				this.connections.add(upstream);
			}
			Thread.ofPlatform().daemon().start(() -> {
				try {
					upstream.connect(this.target, 2000);
				}
				catch (IOException ex) {
					closeQuietly(client);
					closeQuietly(upstream);
					return;
				}
				Thread.ofPlatform().daemon().start(() -> copy(client, upstream));
				copy(upstream, client);
				synchronized (this) {
					this.connections.remove(client);
					this.connections.remove(upstream);
				}
			});
		}
	}

	// Either side ending ends both, as a dropped connection would.
	private void copy(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try {
			for (int read; (read = from.getInputStream().read(buffer)) >= 0;) {
				while (this.frozen && !from.isClosed()) {
					Thread.sleep(10);
				}
				to.getOutputStream().write(buffer, 0, read);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the connection ends either way
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
