package dev.logshipper.cloudwatch;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;

import java.util.Arrays;

/**
 * Events for one destination that fit one PutLogEvents request. Filled by {@link CloudWatchSink}, which asks
 * {@link #fits} (CloudWatch's limits) before each {@link #add}, then sealed, sorted and handed to a sender; not
 * thread-safe, owned by one thread at a time.
 *
 * <p>Message bytes are copied into one array per batch, not kept as the producers' per-record arrays: those then die
 * young, and a young collection has a few large arrays to move instead of one small array per buffered event.
 */
final class Batch {

    private static final int INITIAL_CAPACITY = 256;

    final Destination destination;
    private long[] timestamps;
    private byte[] data;
    private int dataSize;
    private int[] offsets;
    private int[] lengths;
    private Acknowledgement[] acks;
    private int count;
    private long accountedBytes;
    private long oldest = Long.MAX_VALUE;
    private long newest = Long.MIN_VALUE;
    private final long createdNanos;

    Batch(Destination destination, long createdNanos) {
        this(destination, createdNanos, INITIAL_CAPACITY);
    }

    /**
     * A batch sized for {@code expectedEvents} (the previous batch's count for the same destination), so a busy stream
     * does not regrow five arrays from 256 entries for every batch.
     */
    Batch(Destination destination, long createdNanos, int expectedEvents) {
        this(destination, createdNanos, expectedEvents, new byte[Math.clamp(expectedEvents * 128L, 1024, CloudWatchLimits.MAX_BATCH_BYTES)]);
    }

    /** A batch whose message bytes go into {@code data} first (grown when too small; see {@link #data()}). */
    Batch(Destination destination, long createdNanos, int expectedEvents, byte[] data) {
        this.destination = destination;
        this.createdNanos = createdNanos;
        int capacity = Math.clamp(expectedEvents, 1, CloudWatchLimits.MAX_BATCH_EVENTS);
        timestamps = new long[capacity];
        this.data = data;
        offsets = new int[capacity];
        lengths = new int[capacity];
        acks = new Acknowledgement[capacity];
    }

    /** A batch that reuses the arrays of a delivered one ({@link #recycle}). */
    Batch(Destination destination, long createdNanos, Storage storage) {
        this.destination = destination;
        this.createdNanos = createdNanos;
        timestamps = storage.timestamps;
        data = storage.data;
        offsets = storage.offsets;
        lengths = storage.lengths;
        acks = storage.acks;
    }

    /**
     * The arrays of a batch that was delivered, for a later batch of a busy stream, which would otherwise allocate the
     * per-event arrays and a megabyte of messages again. Acknowledgements are cleared (they must not outlive their
     * records). The batch must not be used afterwards.
     */
    Storage recycle() {
        Arrays.fill(acks, 0, count, null);
        Storage storage = new Storage(timestamps, data, offsets, lengths, acks);
        timestamps = null;
        data = null;
        offsets = null;
        lengths = null;
        acks = null;
        return storage;
    }

    /** Reusable arrays of a batch (they grow in the next batch as any batch's do). */
    record Storage(long[] timestamps, byte[] data, int[] offsets, int[] lengths, Acknowledgement[] acks) {
    }

    /** True when an event of {@code length} message bytes at {@code timestamp} can join without breaking a limit. */
    boolean fits(int length, long timestamp) {
        if (count == 0) {
            return true;
        }
        if (count >= CloudWatchLimits.MAX_BATCH_EVENTS) {
            return false;
        }
        if (accountedBytes + EventSizes.accounted(length) > CloudWatchLimits.MAX_BATCH_BYTES) {
            return false;
        }
        long lo = Math.min(oldest, timestamp);
        long hi = Math.max(newest, timestamp);
        return hi - lo < CloudWatchLimits.MAX_BATCH_SPAN_MILLIS;
    }

    void add(long timestamp, byte[] message, int offset, int length, Acknowledgement ack) {
        if (count == timestamps.length) {
            grow();
        }
        if (dataSize + length > data.length) {
            // Doubling, but never past what a batch can hold (CloudWatch's 1 MiB, which fits() enforces).
            data = Arrays.copyOf(data, Math.max(dataSize + length, Math.min(data.length * 2, CloudWatchLimits.MAX_BATCH_BYTES)));
        }
        System.arraycopy(message, offset, data, dataSize, length);
        timestamps[count] = timestamp;
        offsets[count] = dataSize;
        dataSize += length;
        lengths[count] = length;
        acks[count] = ack;
        count++;
        accountedBytes += EventSizes.accounted(length);
        oldest = Math.min(oldest, timestamp);
        newest = Math.max(newest, timestamp);
    }

    private void grow() {
        int capacity = Math.min(timestamps.length * 2, CloudWatchLimits.MAX_BATCH_EVENTS);
        timestamps = Arrays.copyOf(timestamps, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
        lengths = Arrays.copyOf(lengths, capacity);
        acks = Arrays.copyOf(acks, capacity);
    }

    /** The message array as it is now: once the batch is done, a full-size one can serve the next batch. */
    byte[] data() {
        return data;
    }

    /** Message bytes held (the used part of {@link #data()}). */
    int dataSize() {
        return dataSize;
    }

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Sum of message bytes plus 26 per event: what CloudWatch counts against the 1 MiB limit. */
    long accountedBytes() {
        return accountedBytes;
    }

    /** Sum of the message bytes alone. */
    long messageBytes() {
        return accountedBytes - (long) count * CloudWatchLimits.EVENT_OVERHEAD_BYTES;
    }

    long createdNanos() {
        return createdNanos;
    }

    long timestamp(int i) {
        return timestamps[i];
    }

    /** The array holding event {@code i}'s message at {@link #offset}, {@link #length} (shared by all events). */
    byte[] message(int i) {
        return data;
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    Acknowledgement ack(int i) {
        return acks[i];
    }

    /**
     * Orders events by timestamp, keeping the arrival order of equal timestamps (CloudWatch requires chronological order;
     * a stable order keeps lines of the same millisecond in file order). Already-sorted batches, the common case, cost one pass.
     */
    void sortByTimestamp() {
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = timestamps[i - 1] <= timestamps[i];
        }
        if (sorted) {
            return;
        }
        // Key = (timestamp - oldest) << 14 | index: unique keys, so an unstable primitive sort is stable on timestamps.
        // The span is below 24 h (< 2^27 ms) and count <= 10,000 (< 2^14), so the key fits in 41 bits.
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = ((timestamps[i] - oldest) << 14) | i;
        }
        Arrays.sort(keys);
        long[] ts = new long[count];
        int[] off = new int[count];
        int[] len = new int[count];
        Acknowledgement[] ack = new Acknowledgement[count];
        for (int i = 0; i < count; i++) {
            int from = (int) (keys[i] & 0x3FFF);
            ts[i] = timestamps[from];
            off[i] = offsets[from];
            len[i] = lengths[from];
            ack[i] = acks[from];
        }
        timestamps = ts;
        offsets = off;
        lengths = len;
        acks = ack;
    }

    /** Events {@code [from, to)} as a batch of their own (used to isolate an event CloudWatch refuses). */
    Batch slice(int from, int to) {
        Batch part = new Batch(destination, createdNanos, to - from);
        for (int i = from; i < to; i++) {
            part.add(timestamps[i], data, offsets[i], lengths[i], acks[i]);
        }
        return part;
    }
}
