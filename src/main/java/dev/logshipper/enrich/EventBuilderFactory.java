package dev.logshipper.enrich;

import dev.logshipper.config.ShipperConfig.AddConfig;
import dev.logshipper.config.ShipperConfig.CloudWatchConfig;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.names.NameTemplate;
import dev.logshipper.record.LogEventSink;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.SourceFile;

import java.time.InstantSource;
import java.util.ArrayList;
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

    private record InputNaming(InputConfig input, NameTemplate group, NameTemplate stream,
                               List<MetadataBlock.AddedField> added) {
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
        for (int i = 0; i < inputs.size(); i++) {
            InputConfig input = inputs.get(i);
            List<MetadataBlock.AddedField> added = new ArrayList<>();
            for (AddedTemplate field : addedFields(i, input)) {
                added.add(new MetadataBlock.AddedField(field.name(),
                        NameTemplate.compile(field.key(), field.template(), NameTemplate.Kind.FIELD_VALUE)));
            }
            byName.put(input.name(), new InputNaming(input,
                    NameTemplate.compile(groupKey(input), groupTemplate(input, cloudwatch), NameTemplate.Kind.LOG_GROUP),
                    NameTemplate.compile(streamKey(input), streamTemplate(input, cloudwatch), NameTemplate.Kind.LOG_STREAM),
                    List.copyOf(added)));
        }
        this.inputs = Map.copyOf(byName);
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** One field of an {@code add} filter: its config key (for errors), name and value template. */
    private record AddedTemplate(String key, String name, String template) {
    }

    /** The fields of the input's {@code add} filters, in order; a later field of the same name replaces an earlier one. */
    private static List<AddedTemplate> addedFields(int index, InputConfig input) {
        Map<String, AddedTemplate> byName = new LinkedHashMap<>();
        for (int j = 0; j < input.filters().size(); j++) {
            if (input.filters().get(j) instanceof AddConfig add) {
                String prefix = "inputs[" + index + "].filters[" + j + "].add.fields.";
                add.fields().forEach((name, value) -> {
                    byName.remove(name);
                    byName.put(name, new AddedTemplate(prefix + name, name, value));
                });
            }
        }
        return List.copyOf(byName.values());
    }

    @Override
    public RecordSink apply(SourceFile file) {
        InputNaming naming = inputs.get(file.inputName());
        if (naming == null) {
            throw new IllegalArgumentException("no input named '" + file.inputName() + "' for " + file.path()
                    + "; inputs: " + inputs.keySet());
        }
        return new EventBuilder(file, naming.input(), naming.group(), naming.stream(), naming.added(), metadata, sink,
                clock, listener);
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
