package dev.logshipper;

import dev.logshipper.cloudwatch.CloudWatchDelivery;
import dev.logshipper.cloudwatch.CloudWatchSink;
import dev.logshipper.config.ShipperConfig;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.enrich.DownwardApiMetadataSource;
import dev.logshipper.enrich.EventBuilderFactory;
import dev.logshipper.filter.FilterStages;
import dev.logshipper.ops.Health;
import dev.logshipper.ops.LogSetup;
import dev.logshipper.ops.OpsServer;
import dev.logshipper.ops.ShipperMetrics;
import dev.logshipper.output.StdoutSink;
import dev.logshipper.parse.RecordAssemblerFactory;
import dev.logshipper.record.LogEventSink;
import dev.logshipper.tail.Tailer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Wires the stages from a validated configuration and runs them until SIGTERM:
 * tailer -> record stage (formats, multiline) -> filters -> enrich (metadata, names, envelope) -> sink (CloudWatch or
 * stdout),
 * with acknowledgements flowing back to the tailer's checkpoints.
 *
 * <p>Shutdown (SIGTERM or SIGINT): stop discovering files, read the tailed files to their current end, flush multiline
 * buffers and partial lines, deliver, write the final checkpoint, exit 0 - all within {@code shutdown.deadline}. What is
 * not delivered by then stays unacknowledged in the checkpoint and is sent after the next start (exit code 3). A second
 * signal stops at once; the checkpoint on disk is always a complete, earlier state, so nothing is lost either way.
 */
public final class Shipper {

    /** Exit code when the deadline passed with records not yet acknowledged (they are re-read at the next start). */
    public static final int EXIT_UNDRAINED = 3;

    private static final System.Logger LOG = System.getLogger(Shipper.class.getName());

    private final ShipperConfig config;
    private final Health health;
    private final ShipperMetrics metrics;
    private OpsServer ops;
    private LogEventSink sink;
    /** True while the sink holds a producer back because its buffer is full; only the CloudWatch sink ever does. */
    private BooleanSupplier backpressure = () -> false;
    private DownwardApiMetadataSource metadata;
    private Tailer tailer;

    Shipper(ShipperConfig config) {
        this.config = config;
        this.health = new Health(stallBound(config));
        this.metrics = new ShipperMetrics(health);
    }

    /**
     * How long one bounded step of a pipeline thread may take before liveness calls it stuck: longer than the longest
     * legitimate step (a PutLogEvents call up to its timeout, a backoff sleep up to maxBackoff, a checkpoint interval).
     */
    static Duration stallBound(ShipperConfig config) {
        Duration longest = max(config.cloudwatch().requestTimeout(), config.cloudwatch().maxBackoff());
        longest = max(longest, config.checkpoint().interval());
        return max(Health.DEFAULT_STALL_BOUND, longest.multipliedBy(2));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Runs the shipper until a termination signal; returns the process exit code. */
    public static int run(ShipperConfig config) {
        LogSetup.configure(config.logging().level(), config.logging().json());
        Shipper shipper = new Shipper(config);
        ShutdownSignal signal = ShutdownSignal.install();
        try {
            shipper.start(System.getenv(), Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "log-shipper could not start: " + e.getMessage(), e);
            shipper.close();
            return 1;
        }
        signal.await();
        LOG.log(Level.INFO, "termination requested; draining (deadline " + config.shutdown().deadline().toSeconds() + " s)");
        boolean drained = shipper.stop(config.shutdown().deadline());
        return drained ? 0 : EXIT_UNDRAINED;
    }

    void start(Map<String, String> env, Clock clock) throws IOException {
        if (config.server().enabled()) {
            ops = new OpsServer(config.server().bindAddress(), config.server().port(), metrics, health);
            LOG.log(Level.INFO, "ops server listening on port " + ops.port() + " (/metrics, /healthz, /readyz)");
        }
        sink = switch (config.output()) {
            case STDOUT -> new StdoutSink(System.out, config.cloudwatch().flushInterval());
            case CLOUDWATCH -> watched(CloudWatchDelivery.start(config.cloudwatch(), config.buffer(), metrics, env, clock));
        };
        metadata = new DownwardApiMetadataSource(config.kubernetes(), env, metrics.enrichListener());
        EventBuilderFactory events = new EventBuilderFactory(config.inputs(), config.cloudwatch(), metadata, sink, clock,
                metrics.enrichListener());
        FilterStages filters = new FilterStages(config.inputs(), events, metrics.filterListener(), System::nanoTime);
        RecordAssemblerFactory records = new RecordAssemblerFactory(config.inputs(), filters, metrics.recordListener());
        tailer = new Tailer(config.inputs(), config.tail(), config.checkpoint(), records, clock, metrics.tailListener(),
                sink::flush);
        metrics.tailGauges(tailer::files, config.inputs().stream().map(InputConfig::name).toList(), tailer::checkpointAgeMillis);
        tailer.start();
        watchThreads();
        health.started();
        LOG.log(Level.INFO, "log-shipper " + Cli.version() + " started: " + config.inputs().size() + " input(s), output "
                + config.output().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The ops server's bound port (with {@code server.port: 0}, the one the system chose). */
    int opsPort() {
        return ops.port();
    }

    /**
     * Exposes the CloudWatch sink's buffer as gauges and registers its sender threads with liveness. A reader waiting
     * for its buffer to drain (backpressure during an outage) is not stuck: the threads it waits for are watched.
     */
    private CloudWatchSink watched(CloudWatchSink cw) {
        metrics.deliveryGauges(cw::bufferedBytes, cw::inFlightBytes, cw.maxBufferedBytes(), cw::batchesInFlight);
        backpressure = cw::producerWaiting;
        List<Thread> threads = cw.threads();
        for (int i = 0; i < threads.size(); i++) {
            int index = i;
            health.register(new Health.Heartbeat(threads.get(i).getName(), threads.get(i), () -> cw.busySinceNanos(index)));
        }
        return cw;
    }

    /** Registers the tailer's threads with liveness. */
    private void watchThreads() {
        health.register(new Health.Heartbeat("tailer reader", tailer.readerThread(), tailer::readerBusySinceNanos,
                backpressure));
        health.register(new Health.Heartbeat("checkpoint writer", tailer.checkpointThread(),
                tailer::checkpointBusySinceNanos));
    }

    /** Drains within the deadline and releases everything; true when every record read was acknowledged. */
    boolean stop(Duration deadline) {
        health.stopping();
        // Once the reader has read everything, seal the open batches now rather than after their flush interval.
        boolean drained = tailer == null || tailer.stopAndDrain(deadline, sink::flush);
        close();
        LOG.log(drained ? Level.INFO : Level.WARNING, drained ? "stopped cleanly: everything read was delivered"
                : "stopped at the deadline; undelivered records stay in the checkpoint and are sent after the next start");
        return drained;
    }

    private void close() {
        if (tailer != null) {
            tailer.close();
        }
        if (sink != null) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the output failed: " + e);
            }
        }
        if (ops != null) {
            ops.close();
        }
        metrics.close();
    }
}
