package dev.logshipper.e2e;

import dev.logshipper.testing.StoredEvent;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * What reached the endpoint, by line number: how often each line arrived, and the messages that are no whole line
 * (fragments a copytruncate copy ended with). Fed incrementally with the stream's events in arrival order, so
 * polling a growing stream parses each event once.
 */
final class Arrivals {
    private final NumberedLines lines;
    private int[] counts = new int[1 << 16];
    private final BitSet arrived = new BitSet();
    private int events;
    private int duplicates;
    private int fragments;

    Arrivals(NumberedLines lines) {
        this.lines = lines;
    }

    /** Parses the events not seen yet; {@code stream} is the whole stream so far, in arrival order. */
    Arrivals update(List<StoredEvent> stream) {
        for (int i = events; i < stream.size(); i++) {
            int number = lines.parse(stream.get(i).message());
            if (number < 0) {
                fragments++;
                continue;
            }
            if (number >= counts.length) {
                counts = Arrays.copyOf(counts, Math.max(counts.length * 2, number + 1));
            }
            if (counts[number]++ > 0) {
                duplicates++;
            }
            arrived.set(number);
        }
        events = Math.max(events, stream.size());
        return this;
    }

    boolean containsAll(BitSet wanted) {
        BitSet missing = (BitSet) wanted.clone();
        missing.andNot(arrived);
        return missing.isEmpty();
    }

    /** A copy of the set of line numbers that arrived at least once. */
    BitSet arrived() {
        return (BitSet) arrived.clone();
    }

    int events() {
        return events;
    }

    int duplicates() {
        return duplicates;
    }

    int fragments() {
        return fragments;
    }
}
