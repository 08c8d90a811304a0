package dev.logshipper.record;

/**
 * Where finished events go: the CloudWatch delivery stage, or the stdout sink.
 *
 * <p>{@link #submit} blocks while the sink holds more bytes than its bound, which is how backpressure
 * reaches the tailer: it stops reading and the files on disk stay the buffer.
 */
public interface LogEventSink extends AutoCloseable {

    /**
     * Hands over one event, {@code message[0, messageLength)} at {@code timestampMillis} for {@code destination}; blocks
     * while the sink is full. {@code ack} is told the outcome once. The message is well-formed UTF-8 (the record stage
     * repairs what is not) and may be longer than one CloudWatch event: the CloudWatch sink splits it at character
     * boundaries and acknowledges once every part is done. The array may be the producer's reused buffer, valid only
     * during this call: a sink copies what it keeps. (Fields, not an event object: that would be one more object per
     * line, which the JIT cannot elide across this interface call.)
     */
    void submit(long timestampMillis, byte[] message, int messageLength, Destination destination, Acknowledgement ack)
            throws InterruptedException;

    /** Hands on what the sink holds now instead of after its flush interval: at shutdown, once everything was read. */
    void flush();

    /** Stops the sink; events it has not delivered by then stay unacknowledged, and the checkpoint keeps them. */
    @Override
    void close();
}
