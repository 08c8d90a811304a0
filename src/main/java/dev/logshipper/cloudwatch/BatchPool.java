package dev.logshipper.cloudwatch;

import java.util.ArrayDeque;

/**
 * The arrays of delivered full-size batches ({@link Batch#recycle}), for the next batches of busy streams: reusing them
 * instead of allocating a megabyte and four index arrays per batch was a third of the delivery stage's allocation on a
 * backlog. The last returned is taken first, so a steady stream keeps reusing the same few; the ones nobody took for
 * {@link #IDLE_NANOS} are dropped ({@link #trim}), so that after a burst the heap does not keep the megabytes of a
 * backlog for the days of trickle that follow. Thread-safe.
 */
final class BatchPool {

    /** How long a pooled batch may stay unused before it is dropped. */
    static final long IDLE_NANOS = 30_000_000_000L;

    private record Pooled(Batch.Storage storage, long returnedNanos) {
    }

    private final int capacity;
    private final ArrayDeque<Pooled> idle;

    BatchPool(int capacity) {
        this.capacity = capacity;
        this.idle = new ArrayDeque<>(capacity);
    }

    /** The most recently returned arrays, or null. */
    synchronized Batch.Storage take() {
        Pooled pooled = idle.pollLast();
        return pooled == null ? null : pooled.storage();
    }

    /** Keeps {@code storage} for a later batch, unless the pool is full; true when the pool was empty before. */
    synchronized boolean give(Batch.Storage storage, long nowNanos) {
        boolean first = idle.isEmpty();
        if (idle.size() < capacity) {
            idle.addLast(new Pooled(storage, nowNanos));
        }
        return first;
    }

    /**
     * Drops what was not taken for {@link #IDLE_NANOS}; returns the nanoseconds until the next one would be due (so the
     * caller knows when to call again), or {@link Long#MAX_VALUE} when the pool is empty.
     */
    synchronized long trim(long nowNanos) {
        while (!idle.isEmpty() && nowNanos - idle.peekFirst().returnedNanos() >= IDLE_NANOS) {
            idle.pollFirst(); // the oldest sit at the bottom: a steady stream takes from the top
        }
        return idle.isEmpty() ? Long.MAX_VALUE : idle.peekFirst().returnedNanos() + IDLE_NANOS - nowNanos;
    }

    synchronized int size() {
        return idle.size();
    }
}
