package dev.keel.platform;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Replaces Tomcat's HTML error page for the errors Tomcat answers itself, before any
 * servlet runs (a request line or headers too large, a malformed URI), with a minimal
 * problem+json body. Public only because Tomcat instantiates it by class name.
 */
public class ProblemErrorValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable failure) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String detail = (status == 400) ? "the request line or its headers are malformed or too large"
				: "the request could not be processed";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"status\":" + status + ",\"title\":\"" + (status == 400 ? "Bad Request" : "Error")
						+ "\",\"detail\":\"" + detail + "\"}");
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response is committed; nothing more to say.
		}
	}

}
