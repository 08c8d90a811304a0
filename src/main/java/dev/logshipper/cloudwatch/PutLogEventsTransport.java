package dev.logshipper.cloudwatch;

import java.io.IOException;

/**
 * Sends one sorted batch as a PutLogEvents request. Implementations are thread-safe: several batches are in flight at once.
 * An {@link IOException} means the outcome is unknown (connection refused, reset, timed out) and the batch may be retried.
 */
interface PutLogEventsTransport extends AutoCloseable {

    PutOutcome put(Batch batch) throws IOException;

    @Override
    default void close() {
    }
}
