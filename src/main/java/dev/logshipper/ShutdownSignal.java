package dev.logshipper;

import sun.misc.Signal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGTERM/SIGINT into a drain request instead of the JVM's immediate shutdown: the first signal releases
 * {@link #await}, a second one halts at once (exit 143). Handling the signal ourselves, rather than in a shutdown hook,
 * lets the drain run with every thread still working and lets the process exit 0.
 */
final class ShutdownSignal {

    private static final System.Logger LOG = System.getLogger(ShutdownSignal.class.getName());

    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicInteger signals = new AtomicInteger();

    static ShutdownSignal install() {
        ShutdownSignal s = new ShutdownSignal();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> s.received(sig.getName()));
        }
        return s;
    }

    private void received(String name) {
        if (signals.incrementAndGet() == 1) {
            requested.countDown();
            return;
        }
        LOG.log(Level.WARNING, "second SIG" + name + ": stopping now; the checkpoint on disk is intact and undelivered"
                + " records are sent after the next start");
        Runtime.getRuntime().halt(143);
    }

    void await() {
        try {
            requested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
