package dev.logshipper.record;

import java.util.Objects;

/** A CloudWatch Logs (log group, log stream) pair; batches are built per destination. */
public record Destination(String logGroup, String logStream) {
    public Destination {
        Objects.requireNonNull(logGroup, "logGroup");
        Objects.requireNonNull(logStream, "logStream");
    }

    @Override
    public String toString() {
        return logGroup + " / " + logStream;
    }
}
