package dev.logshipper.ops;

import dev.logshipper.cloudwatch.DeliveryListener;
import dev.logshipper.record.Destination;
import dev.logshipper.record.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shipper's metrics in one Micrometer registry, scraped in Prometheus format. Implements the stages' listener
 * interfaces; counters with a fixed label set are created once, so the hot path only increments.
 * Names follow Prometheus conventions; the README lists each one.
 */
public final class ShipperMetrics implements DeliveryListener, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter eventsSent;
    private final Counter bytesSent;
    private final Counter batchesAccepted;
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
        eventsSent = Counter.builder("logshipper.events.sent").description("Events CloudWatch accepted").register(registry);
        bytesSent = Counter.builder("logshipper.sent").baseUnit("bytes")
                .description("Message bytes CloudWatch accepted").register(registry);
        batchesAccepted = Counter.builder("logshipper.batches").tag("outcome", "accepted")
                .description("PutLogEvents calls by outcome").register(registry);
        eventsSplit = Counter.builder("logshipper.events.split")
                .description("Messages larger than one event, split into several").register(registry);
        putLatency = Timer.builder("logshipper.put.log.events.duration")
                .description("PutLogEvents call latency, any outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        for (RetryReason r : RetryReason.values()) {
            retries.put(r, Counter.builder("logshipper.retries").tag("reason", r.label())
                    .description("PutLogEvents calls retried, by reason").register(registry));
            Counter.builder("logshipper.batches").tag("outcome", "retried_" + r.label()).register(registry);
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

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Registers a gauge read on scrape (queued bytes, lag, checkpoint age). */
    public void gauge(String name, String description, String baseUnit, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).baseUnit(baseUnit).register(registry);
    }

    /** Per-file lag gauges, refreshed from {@code files} at every scrape (files come and go with rotation). */
    public void fileGauges(Supplier<java.util.List<dev.logshipper.tail.FileStatus>> files) {
        MultiGauge lag = MultiGauge.builder("logshipper.file.lag").baseUnit("bytes")
                .description("File size minus the acknowledged offset, per tailed file").register(registry);
        this.fileRefresh = () -> lag.register(files.get().stream()
                .map(f -> MultiGauge.Row.of(Tags.of("input", f.input(), "path", f.path().toString()), f.lagBytes()))
                .toList(), true);
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
        registry.counter("logshipper.batches", "outcome", "retried_" + reason.label()).increment();
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
        registry.counter("logshipper.cloudwatch.created", "kind", kind).increment();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
