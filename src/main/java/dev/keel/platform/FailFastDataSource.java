package dev.keel.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's {@link DataSource}, refusing connections at once while
 * {@link DatabaseProbe} finds the database unreachable, so that requests are answered 503
 * at once instead of each waiting out the pool's timeout.
 */
final class FailFastDataSource extends DelegatingDataSource {

	private volatile boolean unreachable;

	FailFastDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.unreachable) {
			throw new SQLTransientConnectionException("the database is unreachable");
		}
		return super.getConnection();
	}

	/** A connection from the pool whatever the last probe said: for the probe. */
	Connection probeConnection() throws SQLException {
		return obtainTargetDataSource().getConnection();
	}

	void unreachable(boolean unreachable) {
		this.unreachable = unreachable;
	}

	@Configuration(proxyBeanMethods = false)
	static class Wrapping {

		@Bean
		static BeanPostProcessor failFastDataSource() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					return (bean instanceof DataSource dataSource && !(bean instanceof FailFastDataSource))
							? new FailFastDataSource(dataSource) : bean;
				}

			};
		}

	}

}
