package dev.logshipper.record;

/**
 * Takes finished records of one file from the parse/multiline stage; the enrich stage implements it to
 * build the final event (message shape, timestamp, destination) and submit it to the {@link LogEventSink}.
 */
public interface RecordSink {

    /** {@code ack} was obtained from the file's {@link OffsetTracker} for the record's byte range. */
    void accept(ParsedRecord record, Acknowledgement ack) throws InterruptedException;

    /** See {@link LineHandler#onRead}: the records accepted from now on were read (completed) at {@code nowMillis}. */
    default void onRead(long nowMillis) {
    }
}
