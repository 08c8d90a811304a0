package dev.logshipper.filter;

/**
 * A token bucket refilled at {@code perSecond} tokens a second, holding at most one second's worth (the burst). A take
 * larger than what is left is refused, except that a full bucket grants any take and goes into debt for it: one record
 * larger than a whole second's byte budget still passes, and the records after it wait for the debt to be repaid.
 * Not thread-safe; {@link Throttle} guards it.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double perSecond;
    private double tokens;
    private long refilledAtNanos;

    TokenBucket(long perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.refilledAtNanos = nowNanos;
    }

    boolean canTake(long amount, long nowNanos) {
        refill(nowNanos);
        return tokens >= amount || tokens >= perSecond;
    }

    void take(long amount) {
        tokens -= amount;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAtNanos;
        if (elapsed > 0) {
            tokens = Math.min(perSecond, tokens + elapsed * perSecond / NANOS_PER_SECOND);
            refilledAtNanos = nowNanos;
        }
    }
}
