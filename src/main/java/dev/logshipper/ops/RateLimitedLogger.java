package dev.logshipper.ops;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a message at most once per interval per key, and says how many were suppressed in between, so a flood of bad input
 * cannot flood the shipper's own log. Counting (metrics) is the caller's job: this only keeps the log readable.
 */
public final class RateLimitedLogger {

    private final Logger logger;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLogger(Logger logger, java.time.Duration interval) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code message} under {@code key} unless the key was logged less than an interval ago. */
    public void log(Level level, String key, String message) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        long now = System.nanoTime();
        long last = w.lastLoggedNanos.get();
        if (last != 0 && now - last < intervalNanos) {
            w.suppressed.incrementAndGet();
            return;
        }
        if (!w.lastLoggedNanos.compareAndSet(last, now)) {
            w.suppressed.incrementAndGet();
            return;
        }
        long suppressed = w.suppressed.getAndSet(0);
        logger.log(level, suppressed == 0 ? message : message + " (" + suppressed + " similar messages suppressed)");
    }

    private static final class Window {
        final AtomicLong lastLoggedNanos = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
