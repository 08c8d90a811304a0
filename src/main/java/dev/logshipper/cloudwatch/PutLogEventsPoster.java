package dev.logshipper.cloudwatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one signed PutLogEvents request over the JDK's {@link HttpURLConnection} and reads the whole answer.
 *
 * <p>Why not the SDK's {@code UrlConnectionHttpClient}, which wraps the same class: it copies the body into the
 * connection 4 KiB at a time, and the connection's 8 KiB buffer turns that into a system call per 8 KiB; written in one
 * piece, a 1 MiB body takes a few. Everything else is what that client does with our settings: the JDK's default proxy
 * selection ({@code https.proxyHost} and the other networking properties), the JDK's default TLS trust, connect and
 * read timeouts, and the JDK's keep-alive pool (a connection is reused once its answer was read to the end).
 */
final class PutLogEventsPoster {

    /** The answer: status, body, and the {@code x-amzn-ErrorType} header (null when absent). */
    record Response(int status, byte[] body, String errorType) {
    }

    private final URL url;
    private final int timeoutMillis;

    PutLogEventsPoster(URI endpoint, Duration timeout) {
        try {
            this.url = endpoint.toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cloudwatch.endpoint " + endpoint + " is not an http(s) URL", e);
        }
        this.timeoutMillis = (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    /** POSTs {@code body[0, length)} with {@code headers} (Content-Length is set from the length). */
    Response post(Map<String, String> headers, byte[] body, int length) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        boolean answered = false;
        try {
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(length);
            headers.forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body, 0, length);
            }
            int status = connection.getResponseCode();
            byte[] answer;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            answered = true;
            return new Response(status, answer, connection.getHeaderField("x-amzn-ErrorType"));
        } finally {
            if (!answered) {
                connection.disconnect(); // a half-done exchange must not go back to the keep-alive pool
            }
        }
    }
}
