package dev.logshipper.record;

import java.util.Objects;

/**
 * One record ready for delivery: the final message as UTF-8 bytes, its timestamp, where it goes, and
 * whom to tell about the outcome.
 *
 * <p>The message must be valid UTF-8 (producers replace invalid sequences with U+FFFD). It may be
 * longer than CloudWatch's event limit: the delivery stage splits it at character boundaries and
 * acknowledges the record once every part is done. The message is {@code message[0, messageLength)}, and its array may
 * be the producer's reused buffer: it is valid only during {@link LogEventSink#submit}, so a sink copies what it keeps.
 */
public record LogEvent(long timestampMillis, byte[] message, int messageLength, Destination destination,
                       Acknowledgement ack) {
    public LogEvent {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(ack, "ack");
        if (messageLength < 0 || messageLength > message.length) {
            throw new IllegalArgumentException("messageLength " + messageLength + " outside 0.." + message.length);
        }
    }

    /** An event whose message is all of {@code message}. */
    public LogEvent(long timestampMillis, byte[] message, Destination destination, Acknowledgement ack) {
        this(timestampMillis, message, message.length, destination, ack);
    }
}
