package dev.logshipper.ops;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Liveness and readiness, as the ops server reports them.
 *
 * <ul>
 *   <li>Live: every registered pipeline thread has shown progress (a heartbeat) within the stall bound.</li>
 *   <li>Ready: the configuration is loaded and the pipeline started, and deliveries succeed - or have been failing for
 *       less than the grace period (a short throttling burst does not flip readiness).</li>
 * </ul>
 */
public final class Health {

    public static final Duration DEFAULT_STALL_BOUND = Duration.ofSeconds(60);
    public static final Duration DEFAULT_FAILURE_GRACE = Duration.ofSeconds(10);

    /** A pipeline thread that must keep beating. */
    public interface Heartbeat {
        String name();

        /** {@link System#nanoTime()} of its last progress, or of now when it is idle by design. */
        long lastBeatNanos();

        boolean alive();
    }

    private final LongSupplier nanoClock;
    private final long stallBoundNanos;
    private final long failureGraceNanos;
    private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile long failingSinceNanos; // 0 = not failing
    private volatile String lastError = "";
    private volatile long lastErrorAtMillis;

    public Health(LongSupplier nanoClock, Duration stallBound, Duration failureGrace) {
        this.nanoClock = nanoClock;
        this.stallBoundNanos = stallBound.toNanos();
        this.failureGraceNanos = failureGrace.toNanos();
    }

    public Health() {
        this(System::nanoTime, DEFAULT_STALL_BOUND, DEFAULT_FAILURE_GRACE);
    }

    public void register(Heartbeat heartbeat) {
        heartbeats.add(heartbeat);
    }

    public void started() {
        started = true;
    }

    public void deliverySucceeded() {
        failingSinceNanos = 0;
    }

    public void deliveryFailed(String reason) {
        if (failingSinceNanos == 0) {
            failingSinceNanos = nanoClock.getAsLong() | 1; // never 0 while failing
        }
        lastError = "delivery: " + reason;
        lastErrorAtMillis = System.currentTimeMillis();
    }

    /** Records an error for the health bodies without affecting readiness. */
    public void noteError(String error) {
        lastError = error;
        lastErrorAtMillis = System.currentTimeMillis();
    }

    /** Null when live, else why not. */
    public String livenessProblem() {
        long now = nanoClock.getAsLong();
        for (Heartbeat h : heartbeats) {
            if (!h.alive()) {
                return h.name() + " thread is not running";
            }
            if (now - h.lastBeatNanos() > stallBoundNanos) {
                return h.name() + " made no progress for " + Duration.ofNanos(now - h.lastBeatNanos()).toSeconds() + " s";
            }
        }
        return null;
    }

    /** Null when ready, else why not. */
    public String readinessProblem() {
        if (!started) {
            return "starting";
        }
        long since = failingSinceNanos;
        if (since != 0 && nanoClock.getAsLong() - since > failureGraceNanos) {
            return "deliveries failing for " + Duration.ofNanos(nanoClock.getAsLong() - since).toSeconds() + " s ("
                    + lastError + ")";
        }
        return null;
    }

    public String lastError() {
        return lastError;
    }

    public long lastErrorAtMillis() {
        return lastErrorAtMillis;
    }
}
