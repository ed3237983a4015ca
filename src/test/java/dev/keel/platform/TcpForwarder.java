package dev.keel.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP forwarder to put between the application and a service, that a test can cut (its
 * port refuses connections and every open connection drops) and open again on the same
 * port.
 */
final class TcpForwarder implements AutoCloseable {

	private final InetSocketAddress target;

	private final Set<Socket> connections = new HashSet<>();

	private int port;

	private ServerSocket listener;

	TcpForwarder(String host, int port) {
		this.target = new InetSocketAddress(host, port);
		open();
	}

	int port() {
		return this.port;
	}

	/** Listens again, on the same port as before. */
	synchronized void open() {
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
	synchronized void cut() {
		if (this.listener == null) {
			return;
		}
		closeQuietly(this.listener);
		this.listener = null;
		this.connections.forEach(TcpForwarder::closeQuietly);
		this.connections.clear();
	}

	@Override
	public void close() {
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
	private static void copy(Socket from, Socket to) {
		try {
			from.getInputStream().transferTo(to.getOutputStream());
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
