package dev.logshipper.logging;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Logs a message at most once per interval per key, and says how many were suppressed in between, so a flood of bad input
 * cannot flood the shipper's own log. Counting (metrics) is the caller's job: this only keeps the log readable.
 *
 * <p>Keys must come from a bounded set (a reason, an input name), never from the input itself: each key keeps a small
 * window for the life of the process.
 */
public final class RateLimitedLogger {

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLogger(Logger logger, Duration interval) {
        this(logger, interval, System::nanoTime);
    }

    RateLimitedLogger(Logger logger, Duration interval, LongSupplier nanoClock) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Logs {@code message} under {@code key} unless the key was logged less than an interval ago. */
    public void log(Level level, String key, String message) {
        long suppressed = admit(key);
        if (suppressed >= 0) {
            logger.log(level, withCount(message, suppressed));
        }
    }

    /**
     * Like {@link #log(Level, String, String)}, building the message only when it is logged: for per-line paths, where
     * a flood must cost a map lookup per line and not a string.
     */
    public void log(Level level, String key, Supplier<String> message) {
        if (!logger.isLoggable(level)) {
            return;
        }
        long suppressed = admit(key);
        if (suppressed >= 0) {
            logger.log(level, withCount(message.get(), suppressed));
        }
    }

    /** -1 when the message is suppressed, else how many were suppressed since the last one logged under the key. */
    private long admit(String key) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        long now = nanoClock.getAsLong();
        long last = w.lastLoggedNanos.get();
        if ((w.logged && now - last < intervalNanos) || !w.lastLoggedNanos.compareAndSet(last, now)) {
            w.suppressed.incrementAndGet();
            return -1;
        }
        w.logged = true;
        return w.suppressed.getAndSet(0);
    }

    private String withCount(String message, long suppressed) {
        return suppressed == 0 ? message
                : message + " (" + suppressed + " similar messages suppressed since the last one)";
    }

    private static final class Window {
        final AtomicLong lastLoggedNanos = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
        volatile boolean logged;
    }
}
