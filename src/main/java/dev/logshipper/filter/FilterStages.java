package dev.logshipper.filter;

import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.SourceFile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Puts each file's filter stage in front of its enrich stage: wraps the enrich stage's per-file sink factory. Every
 * input's chain is compiled here, at start; an input without record filters gets no stage at all (no cost).
 */
public final class FilterStages implements Function<SourceFile, RecordSink> {

    private static final System.Logger LOG = System.getLogger(FilterStages.class.getName());

    private final Map<String, FilterChain> chains = new HashMap<>();
    private final Function<SourceFile, RecordSink> next;

    /**
     * @param next the enrich stage's sink of a file
     * @param nanoClock the clock of throttles ({@link System#nanoTime} outside tests)
     */
    public FilterStages(List<InputConfig> inputs, Function<SourceFile, RecordSink> next, FilterListener listener,
                        LongSupplier nanoClock) {
        for (InputConfig input : inputs) {
            FilterChain chain = new FilterChain(input, listener, nanoClock);
            if (!chain.isEmpty()) {
                chains.put(input.name(), chain);
                LOG.log(System.Logger.Level.INFO, "input {0}: {1} filter(s): {2}", input.name(),
                        input.filters().size(), input.filters().stream().map(f -> f.kind()).toList());
            }
        }
        this.next = next;
    }

    @Override
    public RecordSink apply(SourceFile file) {
        RecordSink sink = next.apply(file);
        FilterChain chain = chains.get(file.inputName());
        return chain == null ? sink : chain.open(sink);
    }
}
