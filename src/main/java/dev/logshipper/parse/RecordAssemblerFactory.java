package dev.logshipper.parse;

import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.multiline.LineClassifiers;
import dev.logshipper.record.LineHandler;
import dev.logshipper.record.LineHandlerFactory;
import dev.logshipper.record.OffsetTracker;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.SourceFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Creates a {@link RecordAssembler} per tailed file from the input that matched it. Every input's
 * format and multiline settings are checked when the factory is built, so a bad time format or an empty
 * regex rule fails at startup, not at the first file.
 */
public final class RecordAssemblerFactory implements LineHandlerFactory {

    private final Map<String, InputConfig> inputs = new LinkedHashMap<>();
    private final Function<SourceFile, RecordSink> sinks;
    private final RecordStageListener listener;

    /**
     * @param sinks the enrich stage's sink for a file (its metadata and destination depend on the file)
     * @param listener counters; {@link RecordStageListener#NONE} for none
     */
    public RecordAssemblerFactory(List<InputConfig> inputs, Function<SourceFile, RecordSink> sinks,
                                  RecordStageListener listener) {
        for (InputConfig input : inputs) {
            LineDecoders.create(input);
            LineClassifiers.forConfig(input.name(), input.multiline());
            this.inputs.put(input.name(), input);
        }
        this.sinks = sinks;
        this.listener = listener == null ? RecordStageListener.NONE : listener;
    }

    @Override
    public LineHandler open(SourceFile file, OffsetTracker tracker) {
        InputConfig input = inputs.get(file.inputName());
        if (input == null) {
            throw new IllegalArgumentException("no input named '" + file.inputName() + "' for " + file.path()
                    + "; known inputs: " + inputs.keySet());
        }
        return new RecordAssembler(file.path().toString(), input, tracker, sinks.apply(file), listener);
    }
}
