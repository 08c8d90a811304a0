package dev.logshipper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.OffsetTracker;
import dev.logshipper.record.ParsedRecord;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An OffsetTracker and RecordSink that remember every call, and check the range invariants. */
final class Recorder implements OffsetTracker, RecordSink {

    /** One track or skip call, in call order; {@code acked} counts outcomes reported for a tracked range. */
    static final class Range {
        final long start;
        final long end;
        final boolean skipped;
        int acked;

        Range(long start, long end, boolean skipped) {
            this.start = start;
            this.end = end;
            this.skipped = skipped;
        }

        @Override
        public String toString() {
            return (skipped ? "skip" : "track") + "[" + start + "," + end + ")";
        }
    }

    /** A record as accepted, its message copied (the record stage reuses its buffer after accept). */
    record Emitted(ParsedRecord record, Acknowledgement ack) {
        String message() {
            return new String(record.message(), StandardCharsets.UTF_8);
        }
    }

    final List<Range> ranges = new ArrayList<>();
    final List<Emitted> records = new ArrayList<>();
    /** Read times reported through {@link #onRead}, each with the number of records accepted before it. */
    final List<long[]> reads = new ArrayList<>();

    @Override
    public void onRead(long nowMillis) {
        reads.add(new long[] {nowMillis, records.size()});
    }

    @Override
    public Acknowledgement track(long startOffset, long endOffset) {
        Range r = new Range(startOffset, endOffset, false);
        ranges.add(r);
        return new Acknowledgement() {
            @Override
            public void delivered() {
                r.acked++;
            }

            @Override
            public void rejected(RejectReason reason) {
                r.acked++;
            }
        };
    }

    @Override
    public void skip(long startOffset, long endOffset) {
        ranges.add(new Range(startOffset, endOffset, true));
    }

    @Override
    public void accept(ParsedRecord record, Acknowledgement ack) {
        records.add(new Emitted(new ParsedRecord(record.messageCopy(), record.timestampMillis(), record.stream(),
                record.fields(), record.startOffset(), record.endOffset()), ack));
    }

    List<String> messages() {
        return records.stream().map(Emitted::message).toList();
    }

    /**
     * The tracked and skipped ranges, in call order, tile {@code [0, end)} exactly (no gap, no overlap,
     * increasing); after every record's ack is delivered, each tracked range got exactly one outcome.
     */
    void assertCoverage(long end) {
        long pos = 0;
        for (Range r : ranges) {
            if (r.start != pos) {
                fail("gap or overlap at " + pos + ": next range " + r + " in " + ranges);
            }
            assertTrue(r.end > r.start, "empty range " + r);
            pos = r.end;
        }
        assertEquals(end, pos, "ranges do not reach the end of the input: " + ranges);
        records.forEach(e -> e.ack().delivered());
        for (Range r : ranges) {
            assertEquals(r.skipped ? 0 : 1, r.acked, "outcomes reported for " + r);
        }
    }
}
