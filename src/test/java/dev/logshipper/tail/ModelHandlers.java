package dev.logshipper.tail;

import dev.logshipper.checkpoint.AckLedger;
import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.LineHandler;
import dev.logshipper.record.LineHandlerFactory;
import dev.logshipper.record.OffsetTracker;
import dev.logshipper.record.SourceFile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The record stage and the endpoint of the rotation model: every non-empty line is one record; records are
 * acknowledged only when the history says so, in any order; a kill loses the ones in flight. It keeps the books the
 * invariants need: how often each line was delivered, which lines the current run has read, and for the duplicate
 * bound, which acknowledged lines the last checkpoint write did not cover.
 */
final class ModelHandlers implements LineHandlerFactory {
    private record InFlight(String text, OffsetTracker tracker, long end, Acknowledgement ack) {
    }

    private record Delivered(String text, OffsetTracker tracker, long end) {
    }

    private final Set<String> written;
    private final Map<String, Integer> deliveries = new HashMap<>();
    /** Per line, the kills after which it may be delivered once more (acknowledged, but not covered by the checkpoint). */
    private final Map<String, Integer> allowance = new HashMap<>();
    private final List<String> neverWritten = new ArrayList<>();

    // The current run.
    private final Set<String> read = new HashSet<>();
    private final List<InFlight> inFlight = new ArrayList<>();
    private final List<Delivered> deliveredThisRun = new ArrayList<>();
    private final List<OffsetTracker> trackers = new ArrayList<>();
    /** Each tracker's watermark at the last checkpoint write of this run: what a restart resumes from. */
    private final Map<OffsetTracker, Long> checkpointed = new IdentityHashMap<>();

    ModelHandlers(Set<String> written) {
        this.written = written;
    }

    @Override
    public LineHandler open(SourceFile file, OffsetTracker tracker) {
        trackers.add(tracker);
        return new LineHandler() {
            @Override
            public void onLine(byte[] buffer, int offset, int length, long startOffset, long endOffset) {
                if (length == 0) {
                    tracker.skip(startOffset, endOffset);
                    return;
                }
                String text = new String(buffer, offset, length, StandardCharsets.UTF_8);
                if (!written.contains(text)) {
                    neverWritten.add(text + " [" + startOffset + "," + endOffset + ") of " + file.path().getFileName());
                }
                read.add(text);
                inFlight.add(new InFlight(text, tracker, endOffset, tracker.track(startOffset, endOffset)));
            }

            @Override
            public void onTick(long nowMillis) {
            }

            @Override
            public void flush() {
            }
        };
    }

    /** The endpoint acknowledges about {@code percent}% of the records in flight, in random order. */
    void acknowledge(int percent, long seed) {
        Random random = new Random(seed);
        List<InFlight> acked = new ArrayList<>();
        List<InFlight> kept = new ArrayList<>();
        for (InFlight record : inFlight) {
            (random.nextInt(100) < percent ? acked : kept).add(record);
        }
        inFlight.clear();
        inFlight.addAll(kept);
        Collections.shuffle(acked, random);
        for (InFlight record : acked) {
            record.ack().delivered();
            deliveries.merge(record.text(), 1, Integer::sum);
            deliveredThisRun.add(new Delivered(record.text(), record.tracker(), record.end()));
        }
    }

    int inFlight() {
        return inFlight.size();
    }

    /** The checkpoint was just written: remember what it covers. */
    void checkpointed() {
        for (OffsetTracker tracker : trackers) {
            checkpointed.put(tracker, ((AckLedger) tracker).watermark());
        }
    }

    /** The run ended (killed, or stopped after its final checkpoint): lines it delivered beyond that checkpoint may come again. */
    void runEnded() {
        for (Delivered d : deliveredThisRun) {
            Long covered = checkpointed.get(d.tracker());
            if (covered == null || d.end() > covered) {
                allowance.merge(d.text(), 1, Integer::sum);
            }
        }
        read.clear();
        inFlight.clear();
        deliveredThisRun.clear();
        trackers.clear();
        checkpointed.clear();
    }

    boolean delivered(String text) {
        return deliveries.getOrDefault(text, 0) > 0;
    }

    boolean readThisRun(String text) {
        return read.contains(text);
    }

    List<String> neverWritten() {
        return neverWritten;
    }

    /** Lines delivered more often than once plus their allowance, as "text x count (allowed n)". */
    List<String> overDelivered() {
        List<String> over = new ArrayList<>();
        deliveries.forEach((text, count) -> {
            int allowed = 1 + allowance.getOrDefault(text, 0);
            if (count > allowed) {
                over.add(text + " x" + count + " (allowed " + allowed + ")");
            }
        });
        over.sort(null);
        return over;
    }
}
