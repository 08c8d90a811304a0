package dev.logshipper.cloudwatch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the bytes held by the delivery stage (queued in open batches plus in flight). {@link #acquire} blocks while the
 * bound is reached, which stops the tailer: memory does not grow with the backlog, the files stay the buffer.
 * A single request larger than the bound is let through when nothing else is held, so it cannot deadlock.
 */
final class ByteBudget {

    private final long max;
    /**
     * Bytes held. Taken and given back with compare-and-set (one per event on the reader's hot path, where a lock pair
     * cost more); the lock and condition serve only threads that must wait.
     */
    private final AtomicLong used = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Producers waiting in acquire, plus threads in awaitEmpty: release signals only when there are any. */
    private volatile int waiting;
    private volatile int drainers;

    ByteBudget(long max) {
        this.max = max;
    }

    void acquire(long bytes) throws InterruptedException {
        if (tryAcquire(bytes)) {
            return;
        }
        lock.lockInterruptibly();
        try {
            waiting++;
            try {
                // waiting is published before used is read again; release() updates used before it reads waiting:
                // one of the two sees the other, so a release cannot slip between this check and the await unseen.
                while (!tryAcquire(bytes)) {
                    released.await();
                }
            } finally {
                waiting--;
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean tryAcquire(long bytes) {
        while (true) {
            long u = used.get();
            if (u > 0 && u + bytes > max) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
        if (waiting > 0 || drainers > 0) {
            lock.lock();
            try {
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until nothing is held, up to {@code timeoutNanos}; true when empty. */
    boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            drainers++;
            try {
                long left = timeoutNanos;
                while (used.get() > 0) {
                    if (left <= 0) {
                        return false;
                    }
                    left = released.awaitNanos(left);
                }
                return true;
            } finally {
                drainers--;
            }
        } finally {
            lock.unlock();
        }
    }

    long used() {
        return used.get();
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
