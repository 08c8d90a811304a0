package dev.logshipper.tail;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks one waiting thread until another thread signals or a timeout passes, without losing a signal that comes just
 * before the wait (it ends the next wait at once). The waiting of the wake sources whose events arrive on another
 * thread (the JDK's {@code WatchService}) or not at all (polling).
 */
final class Parker {

    private volatile Thread waiter;
    private final AtomicBoolean signalled = new AtomicBoolean();

    /** Parks until {@link #signal}, or {@code timeoutNanos}; true when signalled (also before the call). */
    boolean await(long timeoutNanos) {
        waiter = Thread.currentThread();
        if (!signalled.get() && timeoutNanos > 0) {
            LockSupport.parkNanos(this, timeoutNanos);
        }
        waiter = null;
        return signalled.getAndSet(false);
    }

    /** Ends the current or next {@link #await}; from any thread. */
    void signal() {
        signalled.set(true);
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
