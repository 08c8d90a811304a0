package dev.logshipper.cloudwatch;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;
import dev.logshipper.record.LogEventSink;
import dev.logshipper.record.RejectReason;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The CloudWatch delivery stage: one open batch per (group, stream), sealed at whichever comes first of 10,000 events,
 * 1,048,576 accounted bytes, a 24-hour span, or the flush interval; sealed batches are delivered by {@code maxInFlight}
 * sender threads (several may target the same stream, which CloudWatch allows).
 *
 * <p>Threads: producers call {@link #submit}; one flusher thread seals batches by age; sender threads deliver. Open
 * batches are guarded by one lock, held only to append. Memory is bounded by {@link ByteBudget}.
 *
 * <p>Liveness: every thread publishes when its current bounded step began ({@link #busySinceNanos}; 0 while it waits
 * for work), so a health check can tell a sender that keeps retrying an unavailable endpoint (each call and backoff sleep
 * is a new step) from one that hangs, and a producer waiting for budget ({@link #producerWaiting}) from a stuck one.
 */
public final class CloudWatchSink implements LogEventSink {

    private static final System.Logger LOG = System.getLogger(CloudWatchSink.class.getName());

    private final BatchSender sender;
    private final TimeWindow window;
    private final InstantSource clock;
    private final long flushIntervalNanos;
    private final DeliveryListener listener;
    private final ByteBudget budget;
    private final AutoCloseable resources;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the flusher has a new deadline: a batch opened, or the batch pool got its first entry to trim. */
    private final Condition flusherWork = lock.newCondition();
    private final Map<Destination, Batch> open = new HashMap<>();
    /**
     * The destination of the last append and its open batch (guarded by {@link #lock}): consecutive events of one file
     * share one {@link Destination} instance, so a reference comparison spares most events the map lookup. Forgotten
     * whenever that batch leaves {@link #open}.
     */
    private Destination lastDestination;
    private Batch lastBatch;
    /** Events and message bytes in the last batch sealed for full, per destination: the next batch's initial capacity. */
    private final Map<Destination, long[]> lastBatchSize = new HashMap<>();
    /**
     * The arrays of delivered batches whose message array has the full size ({@link CloudWatchLimits#MAX_BATCH_BYTES}): a
     * busy stream reuses them instead of allocating a megabyte and four index arrays per batch (they stay in the old
     * generation, so young collections do not copy buffered messages). At most {@value #POOLED_BATCHES}, about 1.1 MiB
     * each; dropped when unused for a while (the flusher trims the pool).
     */
    private final BatchPool pooledBatches = new BatchPool(POOLED_BATCHES);
    private static final int POOLED_BATCHES = 4;
    private final LinkedBlockingQueue<Batch> sealed = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong inFlightBytes = new AtomicLong();
    /** Per sender thread (same index as {@link #senders}), then the flusher: start of the current step, 0 = idle. */
    private final AtomicLongArray busySince;
    private final ThreadLocal<Integer> senderIndex = new ThreadLocal<>();
    private final List<Thread> senders = new ArrayList<>();
    private final Thread flusher;
    private volatile boolean closed;

    CloudWatchSink(BatchSender sender, TimeWindow window, InstantSource clock, Duration flushInterval, int maxInFlight,
                   long maxBufferedBytes, DeliveryListener listener, AutoCloseable resources) {
        this.sender = sender;
        this.window = window;
        this.clock = clock;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.listener = listener;
        this.budget = new ByteBudget(maxBufferedBytes);
        this.resources = resources;
        this.busySince = new AtomicLongArray(maxInFlight + 1);
        sender.onStepStarted(() -> {
            Integer index = senderIndex.get();
            if (index != null) {
                busySince.set(index, busyStamp());
            }
        });
        for (int i = 0; i < maxInFlight; i++) {
            int index = i;
            Thread t = Thread.ofPlatform().name("cloudwatch-sender-" + i).daemon().unstarted(() -> sendLoop(index));
            senders.add(t);
        }
        flusher = Thread.ofPlatform().name("cloudwatch-flusher").daemon().unstarted(this::flushLoop);
        senders.forEach(Thread::start);
        flusher.start();
    }

    @Override
    public void submit(long timestampMillis, byte[] message, int length, Destination destination, Acknowledgement ack)
            throws InterruptedException {
        if (length == 0) {
            listener.rejected(RejectReason.EMPTY, 1);
            ack.rejected(RejectReason.EMPTY);
            return;
        }
        long timestamp = timestampMillis;
        long now = clock.millis();
        RejectReason outside = window.judge(timestamp, now);
        if (outside != null) {
            if (!window.clamps()) {
                listener.rejected(outside, 1);
                ack.rejected(outside);
                return;
            }
            listener.clamped(outside);
            timestamp = now;
        }
        int parts = partCount(message, length);
        budget.acquire(length + (long) parts * CloudWatchLimits.EVENT_OVERHEAD_BYTES);
        if (parts > 1) {
            listener.split(parts);
            ack = new SplitAck(ack, parts);
        }
        lock.lock();
        try {
            int from = 0;
            while (from < length) {
                int to = EventSizes.cutPoint(message, from, length, CloudWatchLimits.MAX_EVENT_MESSAGE_BYTES);
                append(destination, timestamp, message, from, to - from, ack);
                from = to;
            }
        } finally {
            lock.unlock();
        }
    }

    private static int partCount(byte[] message, int length) {
        if (length <= CloudWatchLimits.MAX_EVENT_MESSAGE_BYTES) {
            return 1;
        }
        int parts = 0;
        for (int from = 0; from < length; parts++) {
            from = EventSizes.cutPoint(message, from, length, CloudWatchLimits.MAX_EVENT_MESSAGE_BYTES);
        }
        return parts;
    }

    private void append(Destination destination, long timestamp, byte[] message, int offset, int length,
                        Acknowledgement ack) {
        Batch batch = destination == lastDestination ? lastBatch : open.get(destination);
        if (batch != null && !batch.fits(length, timestamp)) {
            seal(destination, batch);
            batch = null;
        }
        if (batch == null) {
            batch = newBatch(destination);
            open.put(destination, batch);
            flusherWork.signal();
        }
        batch.add(timestamp, message, offset, length, ack);
        lastDestination = destination;
        lastBatch = batch;
    }

    private Batch newBatch(Destination destination) {
        long[] previous = lastBatchSize.get(destination);
        if (previous == null) {
            return new Batch(destination, System.nanoTime(), 256);
        }
        int events = (int) (previous[0] + previous[0] / 8);
        long bytes = previous[1] + previous[1] / 8;
        // A stream that filled half a batch or more gets full-size arrays (pooled); others arrays sized to their need.
        boolean busy = bytes >= CloudWatchLimits.MAX_BATCH_BYTES / 2;
        Batch.Storage pooled = busy ? pooledBatches.take() : null;
        if (pooled != null) {
            return new Batch(destination, System.nanoTime(), pooled);
        }
        byte[] data = new byte[busy ? CloudWatchLimits.MAX_BATCH_BYTES : (int) Math.max(bytes, 1024)];
        return new Batch(destination, System.nanoTime(), events, data);
    }

    private void seal(Destination destination, Batch batch) {
        open.remove(destination);
        lastBatchSize.put(destination, new long[] {batch.count(), batch.dataSize()});
        enqueue(batch);
    }

    /** Caller holds {@link #lock}: the batch left {@link #open}, so the next append must not find it as the last one. */
    private void forget(Batch batch) {
        if (lastBatch == batch) {
            lastBatch = null;
            lastDestination = null;
        }
    }

    /** Caller holds {@link #lock}; the batch was removed from {@link #open}. */
    private void enqueue(Batch batch) {
        forget(batch);
        inFlight.incrementAndGet();
        inFlightBytes.addAndGet(batch.accountedBytes());
        sealed.add(batch);
    }

    /** Seals every open batch now (shutdown, tests) instead of waiting for the flush interval. */
    @Override
    public void flush() {
        lock.lock();
        try {
            for (Iterator<Map.Entry<Destination, Batch>> it = open.entrySet().iterator(); it.hasNext(); ) {
                Batch batch = it.next().getValue();
                it.remove();
                enqueue(batch);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Flushes and waits until every submitted event has been answered, or the timeout passes.
     *
     * @return true when nothing is left in the stage
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        flush();
        return budget.awaitEmpty(timeout.toNanos());
    }

    /** Bytes held in open, queued and in-flight batches (a gauge). */
    public long bufferedBytes() {
        return budget.used();
    }

    /** The configured bound on {@link #bufferedBytes()}. */
    public long maxBufferedBytes() {
        return budget.max();
    }

    /** Bytes of sealed batches waiting for, or in, a PutLogEvents call (part of {@link #bufferedBytes()}). */
    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    /** Batches sealed but not yet answered. */
    public int batchesInFlight() {
        return inFlight.get();
    }

    private void flushLoop() {
        int self = senders.size();
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                busySince.set(self, busyStamp());
                long nextDeadline = Long.MAX_VALUE;
                for (Iterator<Map.Entry<Destination, Batch>> it = open.entrySet().iterator(); it.hasNext(); ) {
                    Batch batch = it.next().getValue();
                    long due = batch.createdNanos() + flushIntervalNanos;
                    if (due - now <= 0) {
                        it.remove();
                        enqueue(batch);
                    } else {
                        nextDeadline = Math.min(nextDeadline, due - now);
                    }
                }
                nextDeadline = Math.min(nextDeadline, pooledBatches.trim(now));
                busySince.set(self, 0);
                if (nextDeadline == Long.MAX_VALUE) {
                    flusherWork.await();
                } else {
                    flusherWork.awaitNanos(nextDeadline);
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void sendLoop(int index) {
        senderIndex.set(index);
        try {
            while (true) {
                busySince.set(index, 0);
                Batch batch = sealed.take();
                busySince.set(index, busyStamp());
                try {
                    sender.deliver(batch);
                } catch (RuntimeException bug) {
                    // Should not happen; keep the events unacknowledged (the checkpoint holds them) and say so loudly.
                    LOG.log(Level.ERROR, "delivery of a batch to " + batch.destination + " failed unexpectedly;"
                            + " its events stay unacknowledged and are re-sent after a restart", bug);
                } finally {
                    inFlight.decrementAndGet();
                    inFlightBytes.addAndGet(-batch.accountedBytes());
                    budget.release(batch.accountedBytes());
                    if (batch.data().length == CloudWatchLimits.MAX_BATCH_BYTES
                            && pooledBatches.give(batch.recycle(), System.nanoTime())) {
                        wakeFlusher(); // the pool was empty: the flusher may be waiting without a deadline
                    }
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    private void wakeFlusher() {
        lock.lock();
        try {
            flusherWork.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The sender threads, then the flusher thread. */
    public List<Thread> threads() {
        List<Thread> all = new ArrayList<>(senders);
        all.add(flusher);
        return all;
    }

    /**
     * {@link System#nanoTime()} when {@code threads().get(index)} began its current bounded step (a PutLogEvents call, a
     * backoff sleep, sealing due batches), or 0 while it waits for work.
     */
    public long busySinceNanos(int index) {
        return busySince.get(index);
    }

    /** True while a producer (the tailer) is blocked in {@link #submit} because the buffer is full: backpressure. */
    public boolean producerWaiting() {
        return budget.producerWaiting();
    }

    private static long busyStamp() {
        return System.nanoTime() | 1; // never 0, which means idle
    }

    /** Stops the threads; events not yet answered stay unacknowledged. Call {@link #drain} first for a clean stop. */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        for (Thread t : senders) {
            t.interrupt();
        }
        for (Thread t : senders) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            resources.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the AWS clients failed: " + e);
        }
    }
}
