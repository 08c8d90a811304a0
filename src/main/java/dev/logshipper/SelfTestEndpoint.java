package dev.logshipper;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for CloudWatch Logs that accepts signed PutLogEvents and tallies which record each event is (the tests'
 * fake endpoint enforces the API rules; this one only has to answer like the service does when all is well).
 */
final class SelfTestEndpoint implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final HttpServer server;
    private volatile Tally tally;

    SelfTestEndpoint(Tally tally) throws IOException {
        this.tally = tally;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] request = body.readAllBytes();
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                int status = 200;
                String answer = "{}";
                if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
                    status = 400;
                    answer = "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"not signed\"}";
                } else if ("Logs_20140328.PutLogEvents".equals(target)) {
                    count(request, this.tally);
                    answer = "{\"nextSequenceToken\":\"1\"}";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Events from now on go to {@code next} (between runs, when no request is in flight). */
    void tallyInto(Tally next) {
        tally = next;
    }

    /** Tallies the events of one PutLogEvents body (streaming: the body is up to 1 MiB). */
    private static void count(byte[] body, Tally into) throws IOException {
        String stream = null;
        List<String> messages = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("logStreamName")) {
                    p.nextToken();
                    stream = p.getText();
                } else if (t == JsonToken.FIELD_NAME && p.currentName().equals("message")) {
                    p.nextToken();
                    messages.add(p.getText());
                }
            }
        }
        for (String message : messages) {
            into.add(stream, SelfTestInputs.recordNumber(message));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * How often each record of each stream arrived during one run, and what arrived that is no such record. Records
     * are numbered from 0 to below {@code size}.
     */
    static final class Tally {
        private final List<String> streams;
        private final int[][] counts;
        private long events;
        private long unknown;

        Tally(List<String> streams, int size) {
            this.streams = List.copyOf(streams);
            this.counts = new int[streams.size()][size];
        }

        synchronized void add(String stream, int record) {
            events++;
            int s = streams.indexOf(stream);
            if (s < 0 || record < 0 || record >= counts[s].length) {
                unknown++;
            } else {
                counts[s][record]++;
            }
        }

        synchronized long events() {
            return events;
        }

        /** Records in [from, to) of any stream that have not arrived yet. */
        synchronized long missing(int from, int to) {
            long missing = 0;
            for (int[] stream : counts) {
                for (int i = from; i < to; i++) {
                    missing += stream[i] == 0 ? 1 : 0;
                }
            }
            return missing;
        }

        /**
         * What is wrong if exactly the records [from, to) of every stream were expected, once each; empty if nothing.
         */
        synchronized String problems(int from, int to) {
            long duplicates = 0;
            long outside = unknown;
            for (int[] stream : counts) {
                for (int i = 0; i < stream.length; i++) {
                    if (i >= from && i < to) {
                        duplicates += Math.max(0, stream[i] - 1);
                    } else {
                        outside += stream[i];
                    }
                }
            }
            List<String> problems = new ArrayList<>();
            long missing = missing(from, to);
            if (missing > 0) {
                problems.add("%,d missing".formatted(missing));
            }
            if (duplicates > 0) {
                problems.add("%,d sent twice".formatted(duplicates));
            }
            if (outside > 0) {
                problems.add("%,d not of this run (records outside %,d..%,d)".formatted(outside, from, to - 1));
            }
            return String.join(", ", problems);
        }
    }
}
