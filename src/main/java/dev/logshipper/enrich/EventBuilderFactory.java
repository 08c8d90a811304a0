package dev.logshipper.enrich;

import dev.logshipper.config.ShipperConfig.CloudWatchConfig;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.names.NameTemplate;
import dev.logshipper.record.LogEventSink;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.SourceFile;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Creates the {@link EventBuilder} of each tailed file. Name templates are compiled once here, per input: an
 * input's own {@code logGroup} / {@code logStream} when set, else {@code cloudwatch.logGroup} /
 * {@code cloudwatch.logStream}. The configuration loader has checked them; construction still fails fast on a bad one.
 */
public final class EventBuilderFactory implements Function<SourceFile, RecordSink> {

    private record InputNaming(InputConfig input, NameTemplate group, NameTemplate stream) {
    }

    private final Map<String, InputNaming> inputs;
    private final PodMetadataSource metadata;
    private final LogEventSink sink;
    private final InstantSource clock;
    private final EnrichListener listener;

    /** @throws IllegalArgumentException naming a template that does not compile */
    public EventBuilderFactory(List<InputConfig> inputs, CloudWatchConfig cloudwatch, PodMetadataSource metadata,
                               LogEventSink sink, InstantSource clock, EnrichListener listener) {
        Map<String, InputNaming> byName = new LinkedHashMap<>();
        for (InputConfig input : inputs) {
            byName.put(input.name(), new InputNaming(input,
                    NameTemplate.compile(groupKey(input), groupTemplate(input, cloudwatch), NameTemplate.Kind.LOG_GROUP),
                    NameTemplate.compile(streamKey(input), streamTemplate(input, cloudwatch), NameTemplate.Kind.LOG_STREAM)));
        }
        this.inputs = Map.copyOf(byName);
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public RecordSink apply(SourceFile file) {
        InputNaming naming = inputs.get(file.inputName());
        if (naming == null) {
            throw new IllegalArgumentException("no input named '" + file.inputName() + "' for " + file.path()
                    + "; inputs: " + inputs.keySet());
        }
        return new EventBuilder(file, naming.input(), naming.group(), naming.stream(), metadata, sink, clock,
                listener);
    }

    private static String groupTemplate(InputConfig input, CloudWatchConfig cloudwatch) {
        return input.logGroup().orElse(cloudwatch.logGroup());
    }

    private static String streamTemplate(InputConfig input, CloudWatchConfig cloudwatch) {
        return input.logStream().orElse(cloudwatch.logStream());
    }

    private static String groupKey(InputConfig input) {
        return input.logGroup().isPresent() ? "inputs." + input.name() + ".logGroup" : "cloudwatch.logGroup";
    }

    private static String streamKey(InputConfig input) {
        return input.logStream().isPresent() ? "inputs." + input.name() + ".logStream" : "cloudwatch.logStream";
    }
}
