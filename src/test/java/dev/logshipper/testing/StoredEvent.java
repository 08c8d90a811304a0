package dev.logshipper.testing;

/** One log event as the fake stored it: exactly the timestamp and message the client sent. */
public record StoredEvent(long timestamp, String message) {
}
