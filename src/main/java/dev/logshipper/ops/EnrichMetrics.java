package dev.logshipper.ops;

import dev.logshipper.enrich.EnrichListener;
import io.micrometer.core.instrument.MeterRegistry;

/** The enrich stage's counters. */
final class EnrichMetrics implements EnrichListener {

    private final MeterRegistry registry;

    EnrichMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void podInfoLineMalformed(String fileName) {
        registry.counter("logshipper.podinfo.malformed.lines", "file", fileName).increment();
    }

    @Override
    public void podInfoReloaded() {
        registry.counter("logshipper.podinfo.reloads").increment();
    }

    @Override
    public void podInfoReadFailed(String fileName) {
        registry.counter("logshipper.podinfo.read.failures", "file", fileName).increment();
    }

    @Override
    public void emptyMessageRejected() {
        // The same series the delivery stage counts its rejections in.
        registry.counter("logshipper.events.rejected", "reason", "empty").increment();
    }

    @Override
    public void envelopeFieldDropped(String key) {
        registry.counter("logshipper.envelope.fields.dropped").increment();
    }

    @Override
    public void mergeJsonLogUnparsable() {
        registry.counter("logshipper.merge.json.unparsable").increment();
    }
}
