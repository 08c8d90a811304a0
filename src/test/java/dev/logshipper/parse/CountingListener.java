package dev.logshipper.parse;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.multiline.FlushReason;
import java.util.EnumMap;
import java.util.Map;

/** Counts listener calls for assertions. */
final class CountingListener implements RecordStageListener {
    int linesIn;
    int recordsOut;
    int joined;
    final Map<FlushReason, Integer> flushed = new EnumMap<>(FlushReason.class);
    int parseFailures;
    int timestampFailures;
    int utf8Replacements;
    int nulsStripped;
    int partialSplits;
    int partialJoins;
    int blankSkipped;
    int abandoned;

    @Override public void lineIn(Format format) { linesIn++; }
    @Override public void recordOut(Format format, int lines) { recordsOut++; }
    @Override public void multilineJoined(int lines) { joined++; }
    @Override public void recordFlushed(FlushReason reason) { flushed.merge(reason, 1, Integer::sum); }
    @Override public void parseFailure(Format format) { parseFailures++; }
    @Override public void timestampUnparsable(Format format) { timestampFailures++; }
    @Override public void invalidUtf8Replaced(int replacements) { utf8Replacements += replacements; }
    @Override public void leadingNulsStripped(int bytes) { nulsStripped += bytes; }
    @Override public void partialLineSplit(Format format) { partialSplits++; }
    @Override public void partialLinesJoined(Format format, int pieces) { partialJoins++; }
    @Override public void blankLineSkipped(Format format) { blankSkipped++; }
    @Override public void recordAbandoned() { abandoned++; }

    int flushed(FlushReason reason) {
        return flushed.getOrDefault(reason, 0);
    }
}
