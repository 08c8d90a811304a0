package dev.logshipper.ops;

import dev.logshipper.filter.FilterListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The filter stage's counters. Created when each input's filters are compiled, one per (input, filter, reason) and
 * (input, pattern): the configuration fixes every label value, so cardinality is bounded by the config file.
 */
final class FilterMetrics implements FilterListener {

    private final MeterRegistry registry;

    FilterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Count filtered(String input, String filter, String reason) {
        Counter c = Counter.builder("logshipper.records.filtered").tags("input", input, "filter", filter, "reason", reason)
                .description("Records a filter dropped (acknowledged, so the checkpoint moves past them)")
                .register(registry);
        return c::increment;
    }

    @Override
    public Count redactions(String input, String pattern) {
        Counter c = Counter.builder("logshipper.redactions").tags("input", input, "pattern", pattern)
                .description("Matches masked by a redaction pattern").register(registry);
        return c::increment;
    }
}
