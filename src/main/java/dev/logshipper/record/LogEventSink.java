package dev.logshipper.record;

/**
 * Where finished events go: the CloudWatch delivery stage, or the stdout sink.
 *
 * <p>{@link #submit} blocks while the sink holds more bytes than its bound, which is how backpressure
 * reaches the tailer: it stops reading and the files on disk stay the buffer.
 */
public interface LogEventSink {

    /** Hands over one event; blocks while the sink is full. */
    void submit(LogEvent event) throws InterruptedException;
}
