package dev.logshipper.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.logshipper.bytes.JsonEscape;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The operator's HTTP endpoint (JDK HttpServer): {@code /metrics} (Prometheus text), {@code /healthz} (liveness) and
 * {@code /readyz} (readiness); both health answers carry a short JSON body with the last error. The answers are short
 * and computed from counters, so they run on the server's own dispatcher thread: no executor thread of their own.
 */
public final class OpsServer implements AutoCloseable {

    private final HttpServer server;

    public OpsServer(String bindAddress, int port, ShipperMetrics metrics, Health health) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.setExecutor(null); // the dispatcher thread answers
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/healthz", ex -> health(ex, health.livenessProblem(), health));
        server.createContext("/readyz", ex -> health(ex, health.readinessProblem(), health));
        server.start();
    }

    /** The bound port (useful with port 0 in tests). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange ex, String problem, Health health) throws IOException {
        StringBuilder body = new StringBuilder("{\"status\":\"").append(problem == null ? "ok" : "fail").append('"');
        if (problem != null) {
            body.append(",\"reason\":");
            JsonEscape.appendQuoted(body, problem);
        }
        if (!health.lastError().isEmpty()) {
            body.append(",\"lastError\":");
            JsonEscape.appendQuoted(body, health.lastError());
            body.append(",\"lastErrorAt\":\"").append(Instant.ofEpochMilli(health.lastErrorAtMillis())).append('"');
        }
        body.append("}\n");
        respond(ex, problem == null ? 200 : 503, "application/json", body.toString());
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
