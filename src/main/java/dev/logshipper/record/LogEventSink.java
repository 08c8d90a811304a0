package dev.logshipper.record;

/**
 * Where finished events go: the CloudWatch delivery stage, or the stdout sink.
 *
 * <p>{@link #submit} blocks while the sink holds more bytes than its bound, which is how backpressure
 * reaches the tailer: it stops reading and the files on disk stay the buffer.
 */
public interface LogEventSink {

    /**
     * Hands over one event, {@code message[0, messageLength)} at {@code timestampMillis} for {@code destination}; blocks
     * while the sink is full. The message array may be the producer's reused buffer, valid only during this call: a sink
     * copies what it keeps. (Fields, not a {@link LogEvent}: one object per line was a quarter of the hot path's
     * allocation, and the JIT cannot elide it across this call.)
     */
    void submit(long timestampMillis, byte[] message, int messageLength, Destination destination, Acknowledgement ack)
            throws InterruptedException;

    /** Hands over one event (see above). */
    default void submit(LogEvent event) throws InterruptedException {
        submit(event.timestampMillis(), event.message(), event.messageLength(), event.destination(), event.ack());
    }
}
