package dev.logshipper.ops;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.multiline.FlushReason;
import dev.logshipper.parse.RecordStageListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The parse/multiline stage's counters; all label sets are fixed, so counters are created once. */
final class RecordMetrics implements RecordStageListener {

    private final Map<Format, Counter> linesIn = new EnumMap<>(Format.class);
    private final Map<Format, Counter> recordsOut = new EnumMap<>(Format.class);
    private final Map<Format, Counter> parseFailures = new EnumMap<>(Format.class);
    private final Map<Format, Counter> timestampFailures = new EnumMap<>(Format.class);
    private final Map<Format, Counter> blankLines = new EnumMap<>(Format.class);
    private final Map<FlushReason, Counter> flushes = new EnumMap<>(FlushReason.class);
    private final Counter joins;
    private final Counter joinedLines;
    private final Counter invalidUtf8;
    private final Counter nulsStripped;
    private final Counter abandoned;

    RecordMetrics(MeterRegistry registry) {
        for (Format f : Format.values()) {
            String format = f.name().toLowerCase(Locale.ROOT);
            linesIn.put(f, Counter.builder("logshipper.record.lines").tag("format", format)
                    .description("Lines given to the record stage").register(registry));
            recordsOut.put(f, Counter.builder("logshipper.records.emitted").tag("format", format)
                    .description("Records emitted after parsing and multiline joining").register(registry));
            parseFailures.put(f, Counter.builder("logshipper.parse.failures").tag("format", format)
                    .description("Lines that did not parse in their format and were shipped raw").register(registry));
            timestampFailures.put(f, Counter.builder("logshipper.timestamp.failures").tag("format", format)
                    .description("Time fields that did not parse; the read time was used").register(registry));
            blankLines.put(f, Counter.builder("logshipper.blank.lines").tag("format", format)
                    .description("Blank lines, which produce no record").register(registry));
        }
        for (FlushReason r : FlushReason.values()) {
            flushes.put(r, Counter.builder("logshipper.multiline.flushes").tag("reason", r.name().toLowerCase(Locale.ROOT))
                    .description("Multiline records ended by something other than the next record's start").register(registry));
        }
        joins = Counter.builder("logshipper.multiline.joins").description("Records joined from several lines").register(registry);
        joinedLines = Counter.builder("logshipper.multiline.joined.lines").description("Lines that went into joined records").register(registry);
        invalidUtf8 = Counter.builder("logshipper.invalid.utf8.sequences").description("Invalid UTF-8 sequences replaced with U+FFFD").register(registry);
        nulsStripped = Counter.builder("logshipper.nul.stripped").baseUnit("bytes").description("Leading NUL bytes removed from lines").register(registry);
        abandoned = Counter.builder("logshipper.records.abandoned")
                .description("Records left unacknowledged at an interrupted shutdown (re-read after restart)").register(registry);
    }

    @Override
    public void lineIn(Format format) {
        linesIn.get(format).increment();
    }

    @Override
    public void recordOut(Format format, int lines) {
        recordsOut.get(format).increment();
    }

    @Override
    public void multilineJoined(int lines) {
        joins.increment();
        joinedLines.increment(lines);
    }

    @Override
    public void recordFlushed(FlushReason reason) {
        flushes.get(reason).increment();
    }

    @Override
    public void parseFailure(Format format) {
        parseFailures.get(format).increment();
    }

    @Override
    public void timestampUnparsable(Format format) {
        timestampFailures.get(format).increment();
    }

    @Override
    public void invalidUtf8Replaced(int replacements) {
        invalidUtf8.increment(replacements);
    }

    @Override
    public void leadingNulsStripped(int bytes) {
        nulsStripped.increment(bytes);
    }

    @Override
    public void blankLineSkipped(Format format) {
        blankLines.get(format).increment();
    }

    @Override
    public void recordAbandoned() {
        abandoned.increment();
    }
}
