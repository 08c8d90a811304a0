package dev.logshipper.cloudwatch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the bytes held by the delivery stage (queued in open batches plus in flight). {@link #acquire} blocks while the
 * bound is reached, which stops the tailer: memory does not grow with the backlog, the files stay the buffer.
 * A single request larger than the bound is let through when nothing else is held, so it cannot deadlock.
 */
final class ByteBudget {

    private final long max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long used;
    private volatile int waiting;

    ByteBudget(long max) {
        this.max = max;
    }

    void acquire(long bytes) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (used > 0 && used + bytes > max) {
                waiting++;
                try {
                    while (used > 0 && used + bytes > max) {
                        released.await();
                    }
                } finally {
                    waiting--;
                }
            }
            used += bytes;
        } finally {
            lock.unlock();
        }
    }

    void release(long bytes) {
        lock.lock();
        try {
            used -= bytes;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is held, up to {@code timeoutNanos}; true when empty. */
    boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (used > 0) {
                if (left <= 0) {
                    return false;
                }
                left = released.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    /** True while a producer waits in {@link #acquire} for bytes to be released (backpressure). */
    boolean producerWaiting() {
        return waiting > 0;
    }

    long max() {
        return max;
    }

    static long nanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
