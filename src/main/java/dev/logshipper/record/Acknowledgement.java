package dev.logshipper.record;

/**
 * The outcome of one event handed to a {@link LogEventSink}, reported exactly once by the delivery stage to the code
 * that produced the event. The tailer's checkpoint only moves past a byte range once its acknowledgement
 * has been reported, so implementations must be cheap and thread-safe (they are called from sender threads).
 */
public interface Acknowledgement {

    /** CloudWatch Logs accepted the event (or every part of it, when it was split). */
    void delivered();

    /** The event will never be delivered; it is counted and logged under {@code reason}, never retried. */
    void rejected(RejectReason reason);

    /** For events nobody waits for (demo input, tests). */
    Acknowledgement NONE = new Acknowledgement() {
        @Override public void delivered() { }
        @Override public void rejected(RejectReason reason) { }
    };
}
