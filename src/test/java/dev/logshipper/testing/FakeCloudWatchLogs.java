package dev.logshipper.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process CloudWatch Logs endpoint that speaks the real wire protocol (JSON 1.1 over
 * {@code POST /} with {@code X-Amz-Target: Logs_20140328.<Operation>}), so the real AWS SDK v2 client and
 * the shipper's hand-encoded PutLogEvents can be tested against it unchanged.
 *
 * <p>This class is the HTTP side only: it checks the request envelope and SigV4 header, applies the
 * {@link FakeFaults}, counts requests, and hands the body to {@link LogsJsonApi}; the rules live in
 * {@link FakeLogStore}. Errors are answered as AWS does ({@code {"__type":...,"message":...}}, HTTP 400,
 * 5xx for service errors) so the SDK raises its typed exceptions.
 *
 * <p>Run it as its own process (benchmarks): {@code main [port] [--credentials KEY:SECRET] [--no-store] [--fast]
 * [--latency-ms N]} prints {@code listening on <port>}; {@code GET /_fake/stats} returns counters (accepted events and
 * bytes, first and last acceptance time, write-to-ack latency of stamped events) and {@code POST /_fake/reset}
 * forgets everything.
 *
 * <p>{@code --fast} ({@link Builder#fast}) is for throughput benchmarks only: PutLogEvents bodies are counted in one
 * streaming pass by {@link FastPutLogEvents} (batch limits and order still enforced, nothing stored, no signature
 * check), because the strict path (Jackson objects per event plus SigV4 verification) costs the endpoint more CPU than
 * a fast shipper on a 2-core machine can spare. Tests use the strict default.
 */
public final class FakeCloudWatchLogs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FakeCloudWatchLogs.class.getName());
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String CONTROL_PREFIX = "/_fake/";
    private static final byte[] FAST_ANSWER = "{\"nextSequenceToken\":\"0\"}".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper mapper = new ObjectMapper();
    private final FakeLogStore store;
    private final FakeFaults faults = new FakeFaults();
    private final LogsJsonApi api;
    private final SigV4Verifier signatures;
    private final Map<LogsOperation, AtomicLong> requestCounts = new EnumMap<>(LogsOperation.class);
    private final boolean fast;
    /** Bodies of --fast requests are read into these (one per concurrent request; a shipper sends at most 8). */
    private final ConcurrentLinkedQueue<byte[]> fastBuffers = new ConcurrentLinkedQueue<>();
    /** Over the 1 MiB of events a PutLogEvents may carry, for the JSON around them; larger bodies are read as usual. */
    private static final int FAST_BUFFER_BYTES = 4 << 20;
    private final AtomicLong fastEvents = new AtomicLong();
    private final AtomicLong fastBytes = new AtomicLong();
    private final AtomicLong firstAcceptedMillis = new AtomicLong();
    private final AtomicLong lastAcceptedMillis = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();

    private FakeCloudWatchLogs(Builder builder) throws IOException {
        this.store = new FakeLogStore(builder.clock, builder.storeEvents);
        this.api = new LogsJsonApi(mapper, store);
        this.signatures = new SigV4Verifier(builder.credentials);
        this.fast = builder.fast;
        for (LogsOperation op : LogsOperation.values()) {
            requestCounts.put(op, new AtomicLong());
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 1024);
        // --fast (benchmarks): platform threads, whose blocking socket reads cost less CPU than a virtual thread's
        // park and unpark around each of the server's 8 KiB reads; the bench's shipper keeps at most 8 calls open.
        this.executor = fast ? Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("fake-logs-", 0).factory())
                : Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake on an ephemeral port, system clock, any credentials, storing every event. */
    public static FakeCloudWatchLogs start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URI to pass to {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FakeFaults faults() {
        return faults;
    }

    /** The model, for queries and direct setup beyond the shortcuts below. */
    public FakeLogStore store() {
        return store;
    }

    // ---------------------------------------------------------------- test shortcuts

    /** Creates a group and stream directly (not counted as requests), for test setup. */
    public FakeCloudWatchLogs createStream(String group, String stream) {
        if (!store.groupExists(group)) {
            store.createLogGroup(group, null, null, null);
        }
        store.createLogStream(group, stream);
        return this;
    }

    public List<StoredEvent> events(String group, String stream) {
        return store.events(group, stream);
    }

    public List<String> allMessages() {
        return store.allMessages();
    }

    public List<AcceptedBatch> batches() {
        return store.batches();
    }

    /** Requests received for one operation, including those answered with an injected fault or an error. */
    public long requestCount(LogsOperation op) {
        return requestCounts.get(op).get();
    }

    public long requestCount() {
        return requestCounts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Forgets groups, streams, events, batches, counts and faults. */
    public void reset() {
        store.reset();
        faults.clear();
        requestCounts.values().forEach(c -> c.set(0));
        fastEvents.set(0);
        fastBytes.set(0);
        firstAcceptedMillis.set(0);
        lastAcceptedMillis.set(0);
        latency.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // interrupts handlers sleeping in an injected latency
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (exchange.getRequestURI().getPath().startsWith(CONTROL_PREFIX)) {
                control(exchange);
            } else {
                serve(exchange);
            }
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        // --fast: the body goes into a reused buffer (no copies through readAllBytes' chunk list, no megabyte of garbage
        // per request), so that the endpoint takes less of the CPU it shares with the shipper under measurement.
        int declared = fast ? contentLength(exchange) : -1;
        byte[] pooled = declared >= 0 && declared <= FAST_BUFFER_BYTES ? fastBuffer() : null;
        byte[] body;
        int length;
        if (pooled != null) {
            length = exchange.getRequestBody().readNBytes(pooled, 0, declared);
            body = pooled;
        } else {
            body = exchange.getRequestBody().readAllBytes();
            length = body.length;
        }
        try {
            serve(exchange, requestId, body, length);
        } finally {
            if (pooled != null) {
                fastBuffers.offer(pooled);
            }
        }
    }

    /** A buffer for a declared body of up to {@link #FAST_BUFFER_BYTES} (larger or chunked bodies are read as usual). */
    private byte[] fastBuffer() {
        byte[] buffer = fastBuffers.poll();
        return buffer != null ? buffer : new byte[FAST_BUFFER_BYTES];
    }

    private static int contentLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return value == null ? -1 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void serve(HttpExchange exchange, String requestId, byte[] body, int length) throws IOException {
        byte[] response;
        try {
            LogsOperation op = operation(exchange);
            requestCounts.get(op).incrementAndGet();
            pause(faults.latency(op));
            if (!fast) {
                URI uri = exchange.getRequestURI();
                signatures.verify(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                        exchange.getRequestHeaders(), body);
            }
            faults.credentialRejection(op).ifPresent(error -> {
                throw error;
            });
            FakeFaults.Action fault = faults.take(op).orElse(null);
            if (fault instanceof FakeFaults.Fail(AwsServiceError error)) {
                throw error;
            }
            if (fault instanceof FakeFaults.Cut(FakeFaults.CutPoint point) && point == FakeFaults.CutPoint.BEFORE_PROCESSING) {
                cutConnection(exchange, op, requestId, "{\"nextSequenceToken\":\"0000000000000000\"}".getBytes());
                return;
            }
            response = fast && op == LogsOperation.PutLogEvents ? fastPut(body, length)
                    : api.handle(op, length == body.length ? body : Arrays.copyOf(body, length), requestId);
            if (op == LogsOperation.PutLogEvents) {
                long now = System.currentTimeMillis();
                firstAcceptedMillis.compareAndSet(0, now);
                lastAcceptedMillis.accumulateAndGet(now, Math::max);
            }
            if (fault instanceof FakeFaults.Cut) {
                cutConnection(exchange, op, requestId, response);
                return;
            }
        } catch (AwsServiceError error) {
            respond(exchange, error.httpStatus(), requestId, errorBody(error.errorType(), error.getMessage()));
            return;
        } catch (IOException malformed) { // request body parsing: the connection itself is fine
            respond(exchange, 400, requestId, errorBody("SerializationException", malformed.getMessage()));
            return;
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "fake CloudWatch Logs failed on request " + requestId, bug);
            respond(exchange, 500, requestId, errorBody("InternalFailure", String.valueOf(bug)));
            return;
        }
        respond(exchange, 200, requestId, response);
    }

    private byte[] fastPut(byte[] body, int length) throws IOException {
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        FastPutLogEvents.Counted counted = FastPutLogEvents.count(body, length, latency, nowMicros);
        fastEvents.addAndGet(counted.events());
        fastBytes.addAndGet(counted.accountedBytes());
        return FAST_ANSWER;
    }

    private LogsOperation operation(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
            throw new AwsServiceError("UnknownOperationException", 400,
                    "CloudWatch Logs is served at POST /, not " + exchange.getRequestMethod() + " "
                            + exchange.getRequestURI().getPath());
        }
        LogsOperation op = LogsOperation.fromTarget(target).orElseThrow(() -> new AwsServiceError(
                "UnknownOperationException", 400, "Unknown or missing X-Amz-Target: " + target));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
            throw new AwsServiceError("SerializationException", 400,
                    "Content-Type must be " + CONTENT_TYPE + ", was " + contentType);
        }
        return op;
    }

    private void respond(HttpExchange exchange, int status, String requestId, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Announces the full response, sends only half of it and drops the connection: closing the exchange
     * with bytes still owed makes HttpServer close the socket, which the client sees as a premature EOF.
     * Operations without output get no status line at all.
     */
    private static void cutConnection(HttpExchange exchange, LogsOperation op, String requestId, byte[] response)
            throws IOException {
        if (!op.hasOutput()) {
            // The SDK does not read the body of operations without output, so a partial body would pass
            // as success; close before the status line instead (the exchange has sent nothing yet).
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(200, response.length);
        OutputStream out = exchange.getResponseBody();
        out.write(response, 0, response.length / 2);
        out.flush();
        exchange.close(); // FixedLengthOutputStream sees missing bytes and the exchange closes the connection
    }

    private byte[] errorBody(String errorType, String message) {
        ObjectNode error = mapper.createObjectNode().put("__type", errorType).put("message", message);
        try {
            return mapper.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency); // injected latency fault, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unauthenticated endpoints for a harness in another process: counters and reset. */
    private void control(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String requestId = UUID.randomUUID().toString();
        exchange.getRequestBody().readAllBytes();
        if (path.equals(CONTROL_PREFIX + "stats") && exchange.getRequestMethod().equals("GET")) {
            ObjectNode stats = mapper.createObjectNode();
            ObjectNode requests = stats.putObject("requests");
            requestCounts.forEach((op, count) -> requests.put(op.name(), count.get()));
            stats.put("acceptedEvents", store.acceptedEventCount() + fastEvents.get());
            stats.put("acceptedBytes", store.acceptedBytes() + fastBytes.get());
            stats.put("firstAcceptedAtMillis", firstAcceptedMillis.get());
            stats.put("lastAcceptedAtMillis", lastAcceptedMillis.get());
            stats.putObject("latency").put("count", latency.count()).put("p50Millis", latency.percentileMillis(0.50))
                    .put("p99Millis", latency.percentileMillis(0.99)).put("maxMillis", latency.percentileMillis(1.0));
            var streams = stats.putArray("streams");
            for (FakeLogStore.StreamInfo info : store.streamInfos()) {
                streams.addObject().put("logGroupName", info.logGroupName()).put("logStreamName", info.logStreamName())
                        .put("events", info.eventCount()).put("bytes", info.storedBytes());
            }
            respond(exchange, 200, requestId, mapper.writeValueAsBytes(stats));
        } else if (path.equals(CONTROL_PREFIX + "reset") && exchange.getRequestMethod().equals("POST")) {
            reset();
            respond(exchange, 200, requestId, "{}".getBytes());
        } else {
            respond(exchange, 404, requestId, errorBody("NotFound", "GET /_fake/stats or POST /_fake/reset"));
        }
    }

    // ---------------------------------------------------------------- configuration

    public static final class Builder {
        private int port;
        private InstantSource clock = Clock.systemUTC();
        private boolean storeEvents = true;
        private boolean fast;
        private final Map<String, String> credentials = new HashMap<>();

        private Builder() {
        }

        /** 0 (default) picks an ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** "Now" for the too-old/too-new/expired rules and ingestion times. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** false keeps only counters, for long benchmarks. */
        public Builder storeEvents(boolean storeEvents) {
            this.storeEvents = storeEvents;
            return this;
        }

        /**
         * Benchmark mode: PutLogEvents is counted in one pass over the body (limits and order checked, nothing
         * stored, signatures not verified); see the class comment.
         */
        public Builder fast(boolean fast) {
            this.fast = fast;
            return this;
        }

        /**
         * Accept only these credentials and verify every SigV4 signature with them. Without any, the
         * header shape and body hash are still checked but any access key is accepted.
         */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            credentials.put(Objects.requireNonNull(accessKeyId), Objects.requireNonNull(secretAccessKey));
            return this;
        }

        public FakeCloudWatchLogs start() {
            try {
                return new FakeCloudWatchLogs(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start fake CloudWatch Logs on port " + port, e);
            }
        }
    }

    // ---------------------------------------------------------------- own process

    /** {@code [port] [--credentials KEY:SECRET] [--no-store] [--fast] [--latency-ms N]}; prints {@code listening on <port>}. */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder();
        Duration latency = Duration.ZERO;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-store" -> builder.storeEvents(false);
                case "--fast" -> builder.fast(true).storeEvents(false);
                case "--credentials" -> {
                    String[] keySecret = args[++i].split(":", 2);
                    builder.credentials(keySecret[0], keySecret[1]);
                }
                case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(args[++i]));
                default -> builder.port(Integer.parseInt(args[i]));
            }
        }
        FakeCloudWatchLogs fake = builder.start();
        if (!latency.isZero()) {
            fake.faults().addLatency(latency);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }));
        System.out.println("listening on " + fake.port()); // CLI output: the harness reads this line
        System.out.flush();
        stopped.await();
    }
}
