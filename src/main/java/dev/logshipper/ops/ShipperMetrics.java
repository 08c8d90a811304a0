package dev.logshipper.ops;

import dev.logshipper.cloudwatch.DeliveryListener;
import dev.logshipper.record.Destination;
import dev.logshipper.record.RejectReason;
import dev.logshipper.tail.FileStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The shipper's metrics in one Micrometer registry, scraped in Prometheus format. Implements the stages' listener
 * interfaces; counters with a fixed label set are created once, so the hot path only increments.
 *
 * <p>Names follow Prometheus conventions: Micrometer turns {@code a.b} into {@code a_b}, appends the base unit
 * ({@code _bytes}, {@code _seconds}) and {@code _total} for counters, so byte counters are declared with
 * {@code baseUnit("bytes")} and never with "bytes" in their name. The metrics reference lists every series, and
 * {@code ShipperMetricsTest} checks that list against a scrape.
 */
public final class ShipperMetrics implements DeliveryListener, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter eventsSent;
    private final Counter bytesSent;
    private final Counter batchesAccepted;
    private final Counter batchesFailed;
    private final Counter eventsSplit;
    private final Timer putLatency;
    private final Map<RetryReason, Counter> retries = new EnumMap<>(RetryReason.class);
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Counter> clamped = new EnumMap<>(RejectReason.class);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Health health;
    private volatile Runnable fileRefresh = () -> { };

    public ShipperMetrics(Health health) {
        this.health = health;
        // Micrometer's process CPU counter is in nanoseconds (process_cpu_time_ns_total); Prometheus and its client
        // libraries use process_cpu_seconds_total, which dashboards and rate() queries expect. Filters go before the
        // first meter (Micrometer warns otherwise).
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        eventsSent = Counter.builder("logshipper.events.sent").description("Events CloudWatch accepted").register(registry);
        bytesSent = Counter.builder("logshipper.sent").baseUnit("bytes")
                .description("Message bytes CloudWatch accepted").register(registry);
        batchesAccepted = Counter.builder("logshipper.batches").tag("outcome", "accepted")
                .description("PutLogEvents calls by outcome").register(registry);
        batchesFailed = Counter.builder("logshipper.batches").tag("outcome", "failed")
                .description("PutLogEvents calls by outcome").register(registry);
        eventsSplit = Counter.builder("logshipper.events.split")
                .description("Messages larger than one event, split into several").register(registry);
        // Fixed buckets instead of Micrometer's ~70 percentile-histogram buckets: enough to see a p99 move, few series.
        putLatency = Timer.builder("logshipper.put.log.events.duration")
                .description("PutLogEvents call latency, any outcome")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        for (RetryReason r : RetryReason.values()) {
            retries.put(r, Counter.builder("logshipper.retries").tag("reason", r.label())
                    .description("PutLogEvents calls retried, by reason").register(registry));
        }
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder("logshipper.events.rejected").tag("reason", r.label())
                    .description("Events permanently not delivered, by reason").register(registry));
        }
        for (RejectReason r : new RejectReason[] {RejectReason.TOO_OLD, RejectReason.TOO_NEW, RejectReason.EXPIRED}) {
            clamped.put(r, Counter.builder("logshipper.events.clamped").tag("reason", r.label())
                    .description("Events whose out-of-window timestamp was set to the read time").register(registry));
        }
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the process").register(registry);
        }
        Gauge.builder("process.resident.memory", ShipperMetrics::residentBytes).baseUnit("bytes")
                .description("Resident set size (VmRSS): what the container's memory limit is compared with")
                .register(registry);
    }

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    /** VmRSS from /proc/self/status, in bytes; NaN where there is no /proc (not Linux). */
    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kib = line.substring(6).trim();
                    return Long.parseLong(kib.substring(0, kib.indexOf(' '))) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: report no value rather than a wrong one
        }
        return Double.NaN;
    }

    /** Counters of the tailer. */
    public dev.logshipper.tail.TailListener tailListener() {
        return new TailMetrics(registry, health);
    }

    /** Counters of the parse/multiline stage. */
    public dev.logshipper.parse.RecordStageListener recordListener() {
        return new RecordMetrics(registry);
    }

    /** Counters of the enrich stage. */
    public dev.logshipper.enrich.EnrichListener enrichListener() {
        return new EnrichMetrics(registry);
    }

    /** Counters of the filter stage. */
    public dev.logshipper.filter.FilterListener filterListener() {
        return new FilterMetrics(registry);
    }

    /**
     * The delivery stage's memory gauges, read at scrape time.
     *
     * @param buffered        bytes queued in open batches plus in flight (bounded by {@code limit})
     * @param inFlight        the part of {@code buffered} in sealed batches, waiting for or in a PutLogEvents call
     * @param limit           {@code buffer.maxBytes}
     * @param batchesInFlight sealed batches not yet answered
     */
    public void deliveryGauges(LongSupplier buffered, LongSupplier inFlight, long limit, IntSupplier batchesInFlight) {
        Gauge.builder("logshipper.buffered", buffered::getAsLong).baseUnit("bytes")
                .description("Bytes queued and in flight in the delivery stage (bounded by buffer.maxBytes)").register(registry);
        Gauge.builder("logshipper.in.flight", inFlight::getAsLong).baseUnit("bytes")
                .description("Bytes in sealed batches waiting for or in a PutLogEvents call").register(registry);
        Gauge.builder("logshipper.buffer.limit", () -> limit).baseUnit("bytes")
                .description("The bound on buffered bytes (buffer.maxBytes)").register(registry);
        Gauge.builder("logshipper.batches.in.flight", batchesInFlight::getAsInt)
                .description("Batches sealed and not yet answered").register(registry);
    }

    /**
     * The tailer's gauges: per-file lag, refreshed from {@code files} at every scrape (files come and go with rotation),
     * and the checkpoint's age.
     */
    public void tailGauges(Supplier<List<FileStatus>> files, List<String> inputs, LongSupplier checkpointAgeMillis) {
        MultiGauge lag = MultiGauge.builder("logshipper.file.lag").baseUnit("bytes")
                .description("File size minus the acknowledged offset, per tailed file").register(registry);
        // Per input, 0 included: an input whose glob has a typo shows as 0 files, not as no series at all.
        MultiGauge tailed = MultiGauge.builder("logshipper.files.tailed")
                .description("Files being read per input (live files and rotated ones read to their end)").register(registry);
        this.fileRefresh = () -> {
            List<FileStatus> now = files.get();
            lag.register(now.stream()
                    .map(f -> MultiGauge.Row.of(Tags.of("input", f.input(), "path", f.path().toString()), f.lagBytes()))
                    .toList(), true);
            tailed.register(inputs.stream()
                    .map(input -> MultiGauge.Row.of(Tags.of("input", input),
                            now.stream().filter(f -> f.input().equals(input)).count()))
                    .toList(), true);
        };
        Gauge.builder("logshipper.checkpoint.age", () -> checkpointAgeMillis.getAsLong() / 1000.0).baseUnit("seconds")
                .description("Time since the checkpoint file last matched the acknowledged offsets").register(registry);
    }

    /** Prometheus text exposition. */
    public String scrape() {
        fileRefresh.run();
        return registry.scrape();
    }

    @Override
    public void batchSent(Destination destination, int events, long messageBytes, long latencyNanos) {
        eventsSent.increment(events);
        bytesSent.increment(messageBytes);
        batchesAccepted.increment();
        putLatency.record(latencyNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        health.deliverySucceeded();
    }

    @Override
    public void retried(RetryReason reason, long latencyNanos) {
        retries.get(reason).increment();
        batchesFailed.increment();
        putLatency.record(latencyNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (reason != RetryReason.NOT_FOUND) {
            health.deliveryFailed(reason.label());
        }
    }

    @Override
    public void rejected(RejectReason reason, int events) {
        rejected.get(reason).increment(events);
    }

    @Override
    public void split(int parts) {
        eventsSplit.increment();
    }

    @Override
    public void clamped(RejectReason wouldHaveBeen) {
        clamped.get(wouldHaveBeen).increment();
    }

    @Override
    public void created(String kind) {
        // Not "...created": the Prometheus client reserves the _created suffix and silently drops such a series.
        registry.counter("logshipper.created.resources", "kind", kind).increment();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
