package dev.logshipper.ops;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Liveness and readiness, as the ops server reports them.
 *
 * <ul>
 *   <li>Live: every registered pipeline thread is running and none is stuck. A thread is stuck when one bounded step
 *       of its work (a pass over the files, a PutLogEvents call or backoff sleep, a checkpoint write) has lasted longer
 *       than the stall bound. A thread that waits for work is idle, not stuck; a thread that waits for another watched
 *       thread (the tailer blocked by a full delivery buffer while the endpoint is down) is not stuck either: restarting
 *       would not help, and the threads it waits for are watched themselves. An outage is readiness's business.</li>
 *   <li>Ready: the configuration is loaded and the pipeline started, and deliveries succeed - or have been failing for
 *       less than the grace period (a short throttling burst does not flip readiness).</li>
 * </ul>
 */
public final class Health {

    /** Longer than any single bounded step: a request timeout, the longest backoff sleep, a checkpoint write. */
    public static final Duration DEFAULT_STALL_BOUND = Duration.ofSeconds(60);
    public static final Duration DEFAULT_FAILURE_GRACE = Duration.ofSeconds(10);

    /**
     * A pipeline thread that liveness watches.
     *
     * @param busySinceNanos  {@link System#nanoTime()} (or the injected clock) when the thread began its current bounded
     *                        step, or 0 while it waits for work by design
     * @param waitingOnOthers true while it is blocked waiting for other watched threads (backpressure)
     */
    public record Heartbeat(String name, Thread thread, LongSupplier busySinceNanos, BooleanSupplier waitingOnOthers) {
        public Heartbeat {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(thread, "thread");
            Objects.requireNonNull(busySinceNanos, "busySinceNanos");
            Objects.requireNonNull(waitingOnOthers, "waitingOnOthers");
        }

        /** A thread that never waits on others. */
        public Heartbeat(String name, Thread thread, LongSupplier busySinceNanos) {
            this(name, thread, busySinceNanos, () -> false);
        }
    }

    private final LongSupplier nanoClock;
    private final long stallBoundNanos;
    private final long failureGraceNanos;
    private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile long failingSinceNanos; // 0 = not failing
    private volatile String lastError = "";
    private volatile long lastErrorAtMillis;

    public Health(LongSupplier nanoClock, Duration stallBound, Duration failureGrace) {
        this.nanoClock = nanoClock;
        this.stallBoundNanos = stallBound.toNanos();
        this.failureGraceNanos = failureGrace.toNanos();
    }

    public Health(Duration stallBound) {
        this(System::nanoTime, stallBound, DEFAULT_FAILURE_GRACE);
    }

    public Health() {
        this(DEFAULT_STALL_BOUND);
    }

    public void register(Heartbeat heartbeat) {
        heartbeats.add(heartbeat);
    }

    public void started() {
        started = true;
    }

    /** Shutdown began: threads end on purpose now, so liveness no longer judges them; readiness turns false. */
    public void stopping() {
        stopping = true;
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
        if (stopping) {
            return null;
        }
        long now = nanoClock.getAsLong();
        for (Heartbeat h : heartbeats) {
            Thread thread = h.thread();
            if (!thread.isAlive()) {
                return h.name() + " thread is not running";
            }
            long since = h.busySinceNanos().getAsLong();
            if (since != 0 && now - since > stallBoundNanos && !h.waitingOnOthers().getAsBoolean()) {
                return h.name() + " is stuck: one step has taken " + seconds(now - since) + " s (" + where(thread) + ")";
            }
        }
        return null;
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }

    /** The thread's state and innermost frame: enough to tell a deadlock from a hung call in the probe's body. */
    private static String where(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        return thread.getState() + (stack.length == 0 ? "" : " at " + stack[0]);
    }

    /** Null when ready, else why not. */
    public String readinessProblem() {
        if (!started) {
            return "starting";
        }
        if (stopping) {
            return "stopping";
        }
        long since = failingSinceNanos;
        long now = nanoClock.getAsLong();
        if (since != 0 && now - since > failureGraceNanos) {
            return "deliveries failing for " + seconds(now - since) + " s (" + lastError + ")";
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
