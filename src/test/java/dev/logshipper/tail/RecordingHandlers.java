package dev.logshipper.tail;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.LineHandler;
import dev.logshipper.record.LineHandlerFactory;
import dev.logshipper.record.OffsetTracker;
import dev.logshipper.record.SourceFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in record stage: every non-empty line becomes one record tracked over its range; empty lines are
 * recorded (so a bogus one shows) and skipped through the tracker, as the real record stage does. Acknowledges at once, or keeps the acks for the test to resolve.
 * Can block in {@code onLine} (backpressure) until the test opens the gate.
 */
final class RecordingHandlers implements LineHandlerFactory {
    record Line(Path path, String text, long start, long end) {
    }

    private final List<Line> lines = new ArrayList<>();
    /** For each onTick (of any file), how many lines had been handed over by then. */
    private final List<Integer> linesAtTicks = new ArrayList<>();
    private final List<Integer> linesAtReads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Acknowledgement> pending = new ConcurrentLinkedQueue<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    volatile boolean autoAck = true;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch blocked;

    @Override
    public LineHandler open(SourceFile file, OffsetTracker tracker) {
        opened.incrementAndGet();
        return new LineHandler() {
            @Override
            public void onLine(byte[] buffer, int offset, int length, long startOffset, long endOffset) {
                CountDownLatch g = gate;
                if (g != null) {
                    blocked.countDown();
                    try {
                        g.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                synchronized (lines) {
                    lines.add(new Line(file.path(), new String(buffer, offset, length, StandardCharsets.UTF_8),
                            startOffset, endOffset));
                }
                if (length == 0) {
                    tracker.skip(startOffset, endOffset); // recorded, so a bogus empty line would show
                    return;
                }
                Acknowledgement ack = tracker.track(startOffset, endOffset);
                if (autoAck) {
                    ack.delivered();
                } else {
                    pending.add(ack);
                }
            }

            @Override
            public void onRead(long nowMillis) {
                synchronized (lines) {
                    linesAtReads.add(lines.size());
                }
            }

            @Override
            public void onTick(long nowMillis) {
                synchronized (lines) {
                    linesAtTicks.add(lines.size());
                }
            }

            @Override
            public void flush() {
                flushes.incrementAndGet();
            }
        };
    }

    /** The next onLine blocks until {@link #release()}; returns a latch that opens once it is blocked. */
    CountDownLatch block() {
        blocked = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        return blocked;
    }

    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    void ackAll() {
        Acknowledgement ack;
        while ((ack = pending.poll()) != null) {
            ack.delivered();
        }
    }

    void ackFirst(int count) {
        for (int i = 0; i < count; i++) {
            pending.remove().delivered();
        }
    }

    int pendingAcks() {
        return pending.size();
    }

    /** How many lines had been handed over when each read was reported. */
    List<Integer> linesAtReads() {
        synchronized (lines) {
            return new ArrayList<>(linesAtReads);
        }
    }

    List<Integer> linesAtTicks() {
        synchronized (lines) {
            return new ArrayList<>(linesAtTicks);
        }
    }

    List<Line> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    List<String> texts() {
        return lines().stream().map(Line::text).toList();
    }

    int count() {
        synchronized (lines) {
            return lines.size();
        }
    }
}
